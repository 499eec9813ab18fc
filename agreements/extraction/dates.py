"""Calendar dates written out in English or German: month names from dateparser's locale data,
full dates parsed by dateparser. Only dates with a year: "by July 1" has no year we could trust."""

import calendar
import datetime
import functools
import re

import dateparser
from dateparser.languages.loader import default_loader

LANGUAGES = ("en", "de")
_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@functools.cache
def month_names() -> dict[str, int]:
    """Lower-cased month name or abbreviation (both languages) -> month number."""
    names: dict[str, int] = {}
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info[key]:
                # Abbreviations only in their own spelling ("Sept"); "mar"/"may" stay whole words below.
                names[name.lower()] = number
    return names


@functools.cache
def month_pattern() -> str:
    # Longest first so "september" wins over "sep"; an abbreviation may carry a period ("Sept.").
    alternatives = sorted(month_names(), key=len, reverse=True)
    return r"(?:" + "|".join(re.escape(name) for name in alternatives) + r")\.?"


YEAR = r"(?:19|20)\d\d"


@functools.cache
def full_date_pattern() -> str:
    month = month_pattern()
    return (
        r"(?:"
        rf"\d{{1,2}}\.?\s+{month}\s+{YEAR}"  # 28 October 2025, 28. Oktober 2025
        rf"|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}"  # November 10, 2026
        rf"|{YEAR}-\d\d-\d\d"  # 2025-10-28
        r")"
    )


@functools.cache
def month_year_pattern() -> str:
    return rf"{month_pattern()}\s+{YEAR}"


def parse_full_date(text: str, language: str) -> datetime.date | None:
    """A date matched by full_date_pattern(), parsed by dateparser in the text's language first."""
    languages = [language, *(other for other in LANGUAGES if other != language)]
    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text.replace("\u00a0", " "), languages=languages, settings=settings)
    return parsed.date() if parsed else None


def month_number(name: str) -> int:
    return month_names()[name.rstrip(".").lower()]


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> datetime.date:
    return month_end(year, quarter * 3)


def parse_month_year(text: str) -> datetime.date:
    """ "April 2026" -> the month's last day (the reference's rule for "by April 2026")."""
    name, year = text.rsplit(maxsplit=1)
    return month_end(int(year), month_number(name))
