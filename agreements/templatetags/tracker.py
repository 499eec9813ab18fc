"""Small template helpers of the pages: amounts with qualifier and currency, lateness."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.choices import AmountQualifier

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """1000000000, "USD" → "1,000,000,000 USD" (grouping per the active language)."""
    if amount is None:
        return ""
    return f"{floatformat(amount, '0g')} {currency}".strip()


@register.filter
def instrument_amount(instrument) -> str:
    """The amount as the source puts it: "at least 1,000,000,000 USD"."""
    if instrument.amount is None:
        return ""
    value = money(instrument.amount, instrument.currency)
    if instrument.amount_qualifier == AmountQualifier.EXACT:
        return value
    return f"{instrument.get_amount_qualifier_display()} {value}"


@register.simple_tag
def days_late_text(days: int) -> str:
    return ngettext("%(days)d day late", "%(days)d days late", days) % {"days": days}


@register.simple_tag
def days_left_text(deadline, today) -> str:
    days = (deadline - today).days
    if days == 0:
        return _("due today")
    return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}
