"""Relations between agreements read from either side: the API's `related[].relation` names and
the words the pages show ("supersedes", "is superseded by").

A relation is stored once, on its subject (`AgreementRelation`: FORGE supersedes the MSP); its
object reads it by the inverse name (the MSP is superseded by FORGE), RELATION_INVERSES in
choices.py. `AgreementQuerySet.with_related_rows` shapes both sides in SQL.
"""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agreements.choices import RELATION_INVERSES, RelationKind

# Every value `related[].relation` can take: the stored kinds, then their inverses (`linked_to`
# has no direction: its own inverse, listed once).
RELATION_NAMES = list(dict.fromkeys([*RelationKind.values, *(name for name, _label in RELATION_INVERSES.values())]))


# Lazy labels: built once, translated when shown.
RELATION_LABELS = {kind.value: kind.label for kind in RelationKind} | dict(RELATION_INVERSES.values())


def relation_label(name: str) -> str:
    """The words for a relation name, read from the agreement that shows it."""
    return str(RELATION_LABELS.get(name, name))


# Whole sentences, so a translation can put the words where its language wants them (German
# separates "löst … ab"): {this} is the agreement whose page it is, {other} the related one.
RELATION_SENTENCES = {
    "supersedes": _("{this} supersedes {other}"),
    "superseded_by": _("{this} is superseded by {other}"),
    "implements": _("{this} implements {other}"),
    "implemented_by": _("{this} is implemented by {other}"),
    "derived_from": _("{this} is derived from {other}"),
    "template_for": _("{this} is the template for {other}"),
    "amends": _("{this} amends {other}"),
    "amended_by": _("{this} is amended by {other}"),
    "linked_to": _("{this} is linked to {other}"),
}


def relation_sentence(name: str, *, this: str, other_url: str, other_title: str) -> str:
    """The relation as a sentence of safe HTML, the other agreement linked ("FORGE supersedes <a>MSP</a>")."""
    template = RELATION_SENTENCES.get(name)
    other = format_html('<a href="{}">{}</a>', other_url, other_title)
    if template is None:  # a kind added to choices.py without its sentence: the label still reads
        return format_html("{} {} {}", this, relation_label(name), other)
    return format_html(str(template), this=this, other=other)
