"""Relations between agreements read from either side: the API's `related[].relation` names and
the words the pages show ("supersedes", "is superseded by").

A relation is stored once, on its subject (`AgreementRelation`: FORGE supersedes the MSP); its
object reads it by the inverse name (the MSP is superseded by FORGE), RELATION_INVERSES in
choices.py. `AgreementQuerySet.with_related_rows` shapes both sides in SQL.
"""

from agreements.choices import RELATION_INVERSES, RelationKind

# Every value `related[].relation` can take: the stored kinds, then their inverses (`linked_to`
# has no direction: its own inverse, listed once).
RELATION_NAMES = list(dict.fromkeys([*RelationKind.values, *(name for name, _label in RELATION_INVERSES.values())]))


def relation_label(name: str) -> str:
    """The words for a relation name, read from the agreement that shows it."""
    labels = {kind.value: kind.label for kind in RelationKind}
    labels |= dict(RELATION_INVERSES.values())
    return str(labels.get(name, name))
