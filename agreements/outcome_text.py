"""Outcomes in plain words: the one place that turns a milestone's outcome into a sentence.

The milestone page, the board, the agreement and party pages, the calendars and the feed all
call `outcome_sentence` (templates through the `outcome_sentence` tag in templatetags/tracker.py),
so "Deadline passed 26 April 2026 · no evidence of delivery found · last checked 1 December 2026"
reads the same everywhere. It reads the columns of `MilestoneQuerySet.with_outcome(today)`
(`outcome`, `days_late`, `fulfilled_on`, `partly_fulfilled_on`); the rule itself stays in
outcomes.py.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.choices import DeadlineAnchor, Outcome

# A shape per outcome, so a badge never speaks by colour alone (the glyph is aria-hidden; the
# label says it in words).
OUTCOME_SHAPES = {
    Outcome.MET_ON_TIME: "✓",
    Outcome.MET_LATE: "✓",
    Outcome.PARTLY_MET: "◐",
    Outcome.MISSED: "✕",
    Outcome.OVERDUE_NO_EVIDENCE: "!",
    Outcome.NOT_YET_DUE: "○",
    Outcome.WAITING: "…",
    # Commitments the text gives no deadline (values, so this module loads before they exist).
    "met_no_deadline": "✓",
    "no_deadline": "?",
    Outcome.CANCELLED: "–",
    Outcome.ACTIVE: "▶",
    Outcome.ENDED: "■",
}
# The outcomes the overdue flag covers (open commitments past their deadline) read as bad news.
BAD_OUTCOMES = {Outcome.MISSED, Outcome.OVERDUE_NO_EVIDENCE}


def outcome_shape(outcome: str) -> str:
    return OUTCOME_SHAPES.get(outcome, "")


def outcome_label(outcome: str) -> str:
    try:
        return str(Outcome(outcome).label)
    except ValueError:
        return outcome


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _checked(last_checked_on: datetime.date | None) -> str:
    if last_checked_on is None:
        return _("not checked yet")
    return _("last checked %(date)s") % {"date": _day(last_checked_on)}


def _waiting(anchor: str) -> str:
    if anchor == "unknown":
        return _("No date yet: the sources do not say when its period starts")
    if anchor == DeadlineAnchor.ENTRY_INTO_FORCE:
        return _("No date yet: counts from entry into force, which has not happened")
    return _("No date yet: counts from signing, which has not happened")


def describe_outcome(
    *,
    outcome: str,
    today: datetime.date,
    deadline: datetime.date | None = None,
    days_late: int | None = None,
    fulfilled_on: datetime.date | None = None,
    partly_fulfilled_on: datetime.date | None = None,
    last_checked_on: datetime.date | None = None,
    anchor: str = DeadlineAnchor.SIGNING,
) -> str:
    """The outcome as one sentence, from the values `with_outcome(today)` annotates."""
    if outcome == Outcome.MET_ON_TIME and fulfilled_on and deadline:
        return _("Met on time (fulfilled %(fulfilled)s, deadline %(deadline)s)") % {
            "fulfilled": _day(fulfilled_on),
            "deadline": _day(deadline),
        }
    if outcome == Outcome.MET_LATE and fulfilled_on:
        days = days_late or 0
        return ngettext(
            "Met %(days)d day late (fulfilled %(fulfilled)s)",
            "Met %(days)d days late (fulfilled %(fulfilled)s)",
            days,
        ) % {"days": days, "fulfilled": _day(fulfilled_on)}
    if outcome == "met_no_deadline":
        if fulfilled_on:
            return _("Met (fulfilled %(fulfilled)s; the text states no deadline)") % {"fulfilled": _day(fulfilled_on)}
        return _("Met; the text states no deadline")
    if outcome == "no_deadline":
        return _("No deadline stated · no evidence of delivery found · %(checked)s") % {
            "checked": _checked(last_checked_on)
        }
    if outcome == Outcome.PARTLY_MET and partly_fulfilled_on:
        if deadline is None:
            return _("Partly met (part delivered %(date)s; the text states no deadline)") % {
                "date": _day(partly_fulfilled_on)
            }
        if days_late:
            return ngettext(
                "Partly met (part delivered %(date)s, %(days)d day after the deadline)",
                "Partly met (part delivered %(date)s, %(days)d days after the deadline)",
                days_late,
            ) % {"date": _day(partly_fulfilled_on), "days": days_late}
        return _("Partly met (part delivered %(date)s, by the deadline)") % {"date": _day(partly_fulfilled_on)}
    if outcome == Outcome.MISSED:
        if deadline is None:
            return _("Missed · the evidence says it was not delivered")
        if deadline < today:
            return _("Missed · deadline passed %(deadline)s · the evidence says it was not delivered") % {
                "deadline": _day(deadline)
            }
        return _("Missed · the evidence says it will not be delivered by %(deadline)s") % {"deadline": _day(deadline)}
    if outcome == Outcome.OVERDUE_NO_EVIDENCE and deadline:
        return _("Deadline passed %(deadline)s · no evidence of delivery found · %(checked)s") % {
            "deadline": _day(deadline),
            "checked": _checked(last_checked_on),
        }
    if outcome == Outcome.NOT_YET_DUE and deadline:
        days = (deadline - today).days
        if days <= 0:
            return _("Not yet due · due today")
        return ngettext("Not yet due · %(days)d day left", "Not yet due · %(days)d days left", days) % {"days": days}
    if outcome == Outcome.WAITING:
        return _waiting(anchor)
    if outcome == Outcome.ACTIVE and deadline:
        return _("Measure active until %(date)s") % {"date": _day(deadline)}
    if outcome == Outcome.ENDED and deadline:
        return _("Ended %(date)s") % {"date": _day(deadline)}
    if outcome == Outcome.CANCELLED:
        return _("Cancelled: no longer expected")
    return outcome_label(outcome)


def outcome_sentence(milestone, today: datetime.date) -> str:
    """`describe_outcome` for a milestone loaded with `with_outcome(today)`."""
    return describe_outcome(
        outcome=milestone.outcome,
        today=today,
        deadline=milestone.deadline,
        days_late=milestone.days_late,
        fulfilled_on=getattr(milestone, "fulfilled_on", None),
        partly_fulfilled_on=getattr(milestone, "partly_fulfilled_on", None),
        last_checked_on=milestone.last_checked_on,
        anchor=milestone.anchor,
    )
