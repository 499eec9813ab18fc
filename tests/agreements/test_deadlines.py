import datetime

import pytest

from agreements.deadlines import add_calendar_months, days_late, is_overdue, milestone_deadline, relative_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 10, 28), 6, D(2026, 4, 28)),  # the US–Japan six-month clock
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # clamps to the month's end
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # from a leap day to a common year
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # leap day to leap day
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),  # across the year end
        (D(2025, 5, 10), 0, D(2025, 5, 10)),
        (D(2025, 11, 30), 14, D(2027, 1, 30)),
    ],
)
def test_add_calendar_months_clamps_to_month_end(start, months, expected):
    assert add_calendar_months(start, months) == expected


def test_days_are_days_not_months():
    # The US–Japan framework has both clocks: 180 days is two days before six months.
    assert relative_deadline(D(2025, 10, 28), None, 180) == D(2026, 4, 26)
    assert relative_deadline(D(2025, 10, 28), 6, None) == D(2026, 4, 28)


def test_relative_deadline_applies_months_first_then_days():
    # 2025-01-31 + 1 month = 2025-02-28 (clamped), + 1 day = 2025-03-01;
    # days first would give 2025-02-01 + 1 month = 2025-03-01 too, so use a case that differs:
    assert relative_deadline(D(2025, 1, 30), 1, 2) == D(2025, 3, 2)  # Feb 28 + 2 days
    assert relative_deadline(D(2024, 1, 30), 1, 2) == D(2024, 3, 2)  # Feb 29 + 2 days (leap)


def test_relative_deadline_without_signing_date_is_none():
    assert relative_deadline(None, 6, None) is None


def test_milestone_deadline_prefers_absolute_date():
    assert milestone_deadline(due_on=D(2026, 1, 1), offset_months=None, offset_days=None, signed_on=None) == D(
        2026, 1, 1
    )
    assert milestone_deadline(due_on=None, offset_months=6, offset_days=None, signed_on=D(2025, 8, 31)) == D(
        2026, 2, 28
    )


@pytest.mark.parametrize(
    ("status", "deadline", "expected"),
    [
        ("pending", D(2026, 5, 14), True),  # due yesterday
        ("in_progress", D(2026, 5, 14), True),
        ("pending", D(2026, 5, 15), False),  # due today is not late
        ("pending", D(2026, 5, 16), False),
        ("completed", D(2026, 5, 1), False),
        ("cancelled", D(2026, 5, 1), False),
        ("pending", None, False),
    ],
)
def test_is_overdue(status, deadline, expected, today):
    assert is_overdue(status=status, deadline=deadline, today=today) is expected


def test_days_late(today):
    assert days_late(deadline=D(2026, 5, 10), today=today) == 5
    assert days_late(deadline=today, today=today) == 0
