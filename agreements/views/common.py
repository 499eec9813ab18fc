"""Helpers shared by the page views: paging and query strings that keep the whole state.

A page builds its links (facets, chips, paging, export) from `known_query`: the parameters it
understands, so a link never repeats whatever else a URL carried (a 30 KB query string of
made-up parameters would otherwise be copied into every facet link of the page).
"""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

PAGE_SIZE = 20


def clean_query(query: QueryDict) -> QueryDict:
    """The query string without NUL characters, which PostgreSQL text cannot hold (a 500 otherwise)."""
    if not any("\x00" in value for values in query.lists() for value in values[1]):
        return query
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    return cleaned


def known_query(query: QueryDict, filterset_class, *also: str) -> QueryDict:
    """`query` (cleaned) with only the filters of `filterset_class` and the keys in `also` (e.g. `page`)."""
    known = set(filterset_class.base_filters) | set(also)
    kept = QueryDict(mutable=True)
    for key, values in clean_query(query).lists():
        if key in known:
            kept.setlist(key, values)
    return kept


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without(query: QueryDict, *keys: str) -> QueryDict:
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query


def toggle_url(query: QueryDict, key: str, value: str) -> str:
    """The query string with `value` added to or removed from `key`, back on page 1.

    Give it the page's `known_query`: every other parameter of `query` is repeated.
    """
    query = query_without(query, "page")
    values = query.getlist(key)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    query.setlist(key, values)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def filter_errors_response(filterset, *, what: str) -> HttpResponseBadRequest:
    """A 400 naming the filters that were not understood, for an export or a calendar (`what`:
    "exported", "subscribed"): a page can show its rows without them under a warning, but a file
    would silently hold rows that were not asked for."""
    if what == "subscribed":
        lines = [_("No calendar: some filters were not understood.")]
    else:
        lines = [_("Nothing was exported: some filters were not understood.")]
    lines += [f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
