"""JSON request bodies with bounded work: nesting depth and list lengths have limits.

A body past a limit is a 400 that names it, before any field is validated, so a small body can
never cost a deep recursion (a 500) or a query per item of a huge list.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 20  # the deepest shape the API reads is 3 (an agreement's parties' fields)
MAX_LIST_ITEMS = 1000  # slugs of minerals or stages, parties, sources, milestones per body


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(too_deep()) from error
        check_bounds(data)
        return data


def too_deep() -> str:
    return _("The JSON body is nested deeper than %(max)d levels.") % {"max": MAX_DEPTH}


def check_bounds(data) -> None:
    """Raises ParseError naming the limit when `data` is nested too deep or holds too long a list."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise ParseError(_("A list in the body has more than %(max)d items.") % {"max": MAX_LIST_ITEMS})
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise ParseError(too_deep())
        pending.extend((child, depth + 1) for child in children)
