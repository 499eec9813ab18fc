"""Small template helpers of the pages: amounts with qualifier and currency, lateness, outcomes."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements import outcome_text
from agreements.choices import AmountQualifier, DeadlineAnchor

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """1000000000, "USD" → "1,000,000,000 USD" (grouping per the active language)."""
    if amount is None:
        return ""
    return f"{floatformat(amount, '0g')} {currency}".strip()


def qualified(amount, currency: str, qualifier: str) -> str:
    """ "at least 1,000,000,000 USD": the amount with its qualifier, as the source puts it."""
    if amount is None:
        return ""
    value = money(amount, currency)
    if qualifier == AmountQualifier.EXACT:
        return value
    try:
        label = AmountQualifier(qualifier).label
    except ValueError:
        return value
    return f"{label} {value}"


@register.filter
def instrument_amount(instrument) -> str:
    """An instrument's (or a reported figure's, or a money total's) amount with its qualifier."""
    amount = getattr(instrument, "amount", None)
    if amount is None:
        amount = getattr(instrument, "total", None)
    return qualified(amount, instrument.currency, instrument.amount_qualifier)


@register.simple_tag
def days_late_text(days: int) -> str:
    return ngettext("%(days)d day late", "%(days)d days late", days) % {"days": days}


@register.simple_tag
def overdue_count_text(count: int) -> str:
    """An agreement's open milestones past their deadline, as its table (and CSV export) says it."""
    return ngettext("%(counter)s overdue", "%(counter)s overdue", count) % {"counter": count}


@register.simple_tag
def days_left_text(deadline, today) -> str:
    days = (deadline - today).days
    if days < 0:
        return ""
    if days == 0:
        return _("due today")
    return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}


@register.simple_tag
def outcome_sentence(milestone, today) -> str:
    """The milestone's outcome in plain words (agreements/outcome_text.py)."""
    return outcome_text.outcome_sentence(milestone, today)


@register.inclusion_tag("agreements/includes/outcome_badge.html")
def outcome_badge(outcome: str, size: str = ""):
    """The outcome as a badge: a shape and the words, never colour alone."""
    return {
        "outcome": outcome,
        "label": outcome_text.outcome_label(outcome),
        "shape": outcome_text.outcome_shape(outcome),
        "size": size,
    }


@register.filter
def outcome_label(outcome: str) -> str:
    return outcome_text.outcome_label(outcome)


@register.simple_tag
def offset_text(milestone) -> str:
    """A relative deadline as the clock reads: "6 months after signing", "180 days after entry into force"."""
    parts = []
    if milestone.offset_months:
        parts.append(ngettext("%(n)d month", "%(n)d months", milestone.offset_months) % {"n": milestone.offset_months})
    if milestone.offset_days:
        parts.append(ngettext("%(n)d day", "%(n)d days", milestone.offset_days) % {"n": milestone.offset_days})
    if not parts:
        parts.append(_("0 days"))
    span = _("%(months)s and %(days)s") % {"months": parts[0], "days": parts[1]} if len(parts) == 2 else parts[0]
    if milestone.anchor == DeadlineAnchor.ENTRY_INTO_FORCE:
        return _("%(span)s after entry into force") % {"span": span}
    if milestone.anchor == "unknown":
        return _("%(span)s from a start the sources do not give") % {"span": span}
    return _("%(span)s after signing") % {"span": span}
