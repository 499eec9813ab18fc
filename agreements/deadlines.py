"""Deadline arithmetic: pure functions on dates, no ORM.

The rules are the public contract (docs/deadlines.md); everything that needs a
deadline or the overdue rule for one row calls these.
"""

import calendar
import datetime

from agreements.choices import OPEN_MILESTONE_STATUSES


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
    signed_on: datetime.date | None, offset_months: int | None, offset_days: int | None
) -> datetime.date | None:
    """Months first (clamped), then days. None while the agreement has no signing date."""
    if signed_on is None:
        return None
    deadline = add_calendar_months(signed_on, offset_months or 0)
    return deadline + datetime.timedelta(days=offset_days or 0)


def milestone_deadline(
    *,
    due_on: datetime.date | None,
    offset_months: int | None,
    offset_days: int | None,
    signed_on: datetime.date | None,
) -> datetime.date | None:
    """The effective deadline: the absolute date, or the relative one computed from signing."""
    if due_on is not None:
        return due_on
    return relative_deadline(signed_on, offset_months, offset_days)


def is_relative(*, offset_months: int | None, offset_days: int | None) -> bool:
    return offset_months is not None or offset_days is not None


def is_overdue(*, status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """Open (pending or in progress) and the deadline lies before today."""
    return status in OPEN_MILESTONE_STATUSES and deadline is not None and deadline < today


def days_late(*, deadline: datetime.date | None, today: datetime.date) -> int:
    if deadline is None or deadline >= today:
        return 0
    return (today - deadline).days
