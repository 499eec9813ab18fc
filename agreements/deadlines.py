"""Deadline arithmetic: pure functions on dates, no ORM.

The rules are the public contract (docs/deadlines.md); everything that needs a
deadline or the overdue rule for one row calls these.
"""

import calendar
import datetime

from agreements.choices import OPEN_MILESTONE_STATUSES, DeadlineAnchor, MilestoneKind


def add_calendar_months(start: datetime.date, months: int) -> datetime.date:
    """`start` plus `months` calendar months, clamped to the end of the target month.

    2025-08-31 + 6 months is 2026-02-28; 2023-08-31 + 6 months is 2024-02-29.
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


def relative_deadline(
    anchor_on: datetime.date | None, offset_months: int | None, offset_days: int | None
) -> datetime.date | None:
    """Months first (clamped), then days. None while the anchor date is unknown."""
    if anchor_on is None:
        return None
    deadline = add_calendar_months(anchor_on, offset_months or 0)
    return deadline + datetime.timedelta(days=offset_days or 0)


def anchor_date(
    anchor: str, *, signed_on: datetime.date | None, entered_into_force_on: datetime.date | None
) -> datetime.date | None:
    """The date a relative deadline counts from: signing (the default), entry into force, or
    none while the sources do not say from when (`unknown`)."""
    if anchor == DeadlineAnchor.UNKNOWN:
        return None
    return entered_into_force_on if anchor == DeadlineAnchor.ENTRY_INTO_FORCE else signed_on


def milestone_deadline(
    *,
    due_on: datetime.date | None,
    offset_months: int | None,
    offset_days: int | None,
    signed_on: datetime.date | None,
    anchor: str = DeadlineAnchor.SIGNING,
    entered_into_force_on: datetime.date | None = None,
) -> datetime.date | None:
    """The effective deadline: the absolute date, or the relative one computed from its anchor
    (None while the anchor date is unknown, e.g. an agreement not yet in force)."""
    if due_on is not None:
        return due_on
    if not is_relative(offset_months=offset_months, offset_days=offset_days):
        return None  # no deadline stated
    start = anchor_date(anchor, signed_on=signed_on, entered_into_force_on=entered_into_force_on)
    return relative_deadline(start, offset_months, offset_days)


def is_relative(*, offset_months: int | None, offset_days: int | None) -> bool:
    return offset_months is not None or offset_days is not None


def is_overdue(
    *, status: str, deadline: datetime.date | None, today: datetime.date, kind: str = MilestoneKind.COMMITMENT
) -> bool:
    """A commitment, open (pending or in progress), and its deadline lies before today.

    Expiries and reviews are never overdue: an expiry's date passing is the measure ending."""
    return (
        kind == MilestoneKind.COMMITMENT
        and status in OPEN_MILESTONE_STATUSES
        and deadline is not None
        and deadline < today
    )


def days_late(*, deadline: datetime.date | None, today: datetime.date) -> int:
    if deadline is None or deadline >= today:
        return 0
    return (today - deadline).days
