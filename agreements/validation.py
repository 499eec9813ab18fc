"""Row rules with friendly field errors, called by the models' `clean()`.

Checks only: nothing here changes the instance (derived columns are computed where rows are
saved). It imports choices and deadlines and no models or services, so the models can use it.
"""

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import DeadlineAnchor, MilestoneStatus, PartyKind
from agreements.deadlines import is_relative, milestone_deadline


def party_validate(party) -> None:
    """Friendly messages for the party rules the database also enforces."""
    if party.kind == PartyKind.COUNTRY:
        if not party.iso_code:
            raise ValidationError({"iso_code": _("A country needs its ISO 3166-1 alpha-2 code.")})
        if party.slug and party.slug != party.iso_code.lower():
            raise ValidationError({"slug": _("A country's slug is its ISO code in lower case.")})
    elif party.iso_code:
        raise ValidationError({"iso_code": _("Only countries have an ISO country code.")})
    if party.country_id is not None and party.pk is not None and party.country_id == party.pk:
        raise ValidationError({"country": _("A party cannot belong to itself.")})


def watch_validate(watch) -> None:
    """Nobody watches a draft: it may be withdrawn, and its watchers could not see it."""
    if watch.agreement_id and not watch.agreement.published:
        raise ValidationError({"agreement": _("A draft cannot be watched: publish it first.")})


def mineral_validate(mineral) -> None:
    """A mineral's group must be a group, and the chain of groups must not loop."""
    group = mineral.group
    if group is None:
        return
    if not group.is_group:
        raise ValidationError({"group": _("%(name)s is not a group of minerals.") % {"name": group.name}})
    seen = set()
    while group is not None:
        if mineral.pk is not None and group.pk == mineral.pk:
            raise ValidationError({"group": _("A mineral cannot be a member of itself, directly or through groups.")})
        if group.pk in seen:  # a loop already stored elsewhere; stop walking
            break
        seen.add(group.pk)
        group = group.group


def project_validate(project) -> None:
    if project.country_id is not None and project.country.kind != PartyKind.COUNTRY:
        raise ValidationError({"country": _("Choose a country.")})
    if project.capital_cost is not None and not project.currency:
        raise ValidationError({"currency": _("Give the currency of the capital cost.")})


def milestone_validate(
    milestone,
    *,
    signed_on: datetime.date | None,
    has_agreement: bool,
    entered_into_force_on: datetime.date | None = None,
) -> None:
    """The deadline rules of one milestone: absolute xor relative, a signing date to count from
    (a deadline counted from entry into force may wait for that date), an instrument of the same
    agreement, a completion date only when completed, a deadline that exists (before the year 10000)."""
    relative = is_relative(offset_months=milestone.offset_months, offset_days=milestone.offset_days)
    if not milestone.deadline_stated:
        if milestone.due_on is not None or relative:
            raise ValidationError(
                {"deadline_stated": _("A commitment without a stated deadline has no date and no offsets.")}
            )
        relative = False
    elif milestone.due_on is not None and relative:
        raise ValidationError({"due_on": _("Give either an absolute date or an offset from signing, not both.")})
    if milestone.deadline_stated and milestone.due_on is None and not relative:
        raise ValidationError({"due_on": _("Give a deadline: an absolute date, or months and/or days after signing.")})
    counts_from_signing = milestone.anchor == DeadlineAnchor.SIGNING
    if relative and counts_from_signing and signed_on is None:
        field = "offset_months" if milestone.offset_months is not None else "offset_days"
        raise ValidationError({field: _("A deadline relative to signing needs an agreement with a signing date.")})
    if (
        has_agreement
        and milestone.instrument_id is not None
        and milestone.instrument.agreement_id != milestone.agreement_id
    ):
        raise ValidationError({"instrument": _("This instrument belongs to another agreement.")})
    if milestone.status == MilestoneStatus.COMPLETED and milestone.completed_on is None:
        raise ValidationError({"completed_on": _("Give the date the milestone was completed.")})
    if milestone.status != MilestoneStatus.COMPLETED and milestone.completed_on is not None:
        raise ValidationError({"completed_on": _("Only a completed milestone has a completion date.")})
    field = "due_on" if not relative else ("offset_days" if milestone.offset_days is not None else "offset_months")
    with deadline_range_errors(field):
        milestone_deadline(
            due_on=milestone.due_on,
            offset_months=milestone.offset_months,
            offset_days=milestone.offset_days,
            anchor=milestone.anchor,
            signed_on=signed_on,
            entered_into_force_on=entered_into_force_on,
        )


def evidence_validate(evidence) -> None:
    """An evidence item reports an event that has happened, names its source, and belongs to the
    agreement of its milestone."""
    if evidence.occurred_on is not None and evidence.occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": _("Evidence reports an event that has happened: this date is in the future.")}
        )
    if not evidence.source_url and not evidence.source_title:
        raise ValidationError({"source_url": _("Name the source: its URL, or its title when it has none.")})
    if (
        evidence.milestone_id is not None
        and evidence.agreement_id is not None
        and evidence.milestone.agreement_id != evidence.agreement_id
    ):
        raise ValidationError({"milestone": _("This milestone belongs to another agreement.")})


@contextmanager
def deadline_range_errors(field: str):
    """A deadline past the year 9999 (a huge offset or signing date) is bad input, not a crash."""
    try:
        yield
    except (OverflowError, ValueError) as error:
        raise ValidationError({field: _("The deadline this gives would fall after the year 9999.")}) from error
