"""Writes of an instrument's money: the figures each source reports, kept side by side.

`reported_amounts_replace` swaps an instrument's whole list of reported figures for a new one
(the API sends the list; the admin edits it inline). All or nothing: one bad figure leaves the
stored list as it was.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Instrument, ReportedAmount

FIELD = "reported_amounts"


def _item_errors(index: int, error: ValidationError) -> list[str]:
    """One figure's errors, with its place in the list (as the API names nested errors)."""
    if not hasattr(error, "error_dict"):
        return [f"{FIELD}[{index}]: {message}" for message in error.messages]
    return [
        f"{FIELD}[{index}].{field}: {message}" if field != "__all__" else f"{FIELD}[{index}]: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


@transaction.atomic
def reported_amounts_replace(*, instrument: Instrument, amounts: list[dict[str, Any]]) -> list[ReportedAmount]:
    """Replaces the figures reported for `instrument` with `amounts` (model fields: amount,
    currency, amount_qualifier, source_url, source_title, source_publisher, source_published_on,
    note). Raises ValidationError under `reported_amounts` naming the bad item."""
    rows = [ReportedAmount(instrument=instrument, **data) for data in amounts]
    errors: list[str] = []
    for index, row in enumerate(rows):
        try:
            if not row.source_url and not row.source_title:
                # The `source_named` constraint, as a message a person can act on.
                raise ValidationError({"source": _("Name the source: its URL, or its title when it has none.")})
            row.full_clean(exclude=["instrument"])
        except ValidationError as error:
            errors += _item_errors(index, error)
    if errors:
        raise ValidationError({FIELD: errors})
    instrument.reported_amounts.all().delete()
    for row in rows:
        row.save()  # one by one: each figure gets its history row (bulk_create writes none)
    Instrument.objects.filter(pk=instrument.pk).update(updated_at=timezone.now())
    return rows
