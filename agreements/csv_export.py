"""The one CSV writer of the site, safe to open in a spreadsheet (no CSV formula injection).

Every CSV the site serves goes through `writer`: the API's `?format=csv` (api/renderers.py)
and the search page's export (views/agreements.py).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(`=HYPERLINK(...)`, `@SUM(...)`, DDE payloads); a leading tab, CR or LF can hide such a start
from the eye and some programs skip it. As OWASP advises ("CSV Injection"), such a *text* cell
is written with a `'` in front, which spreadsheets show as text and do not evaluate.

Numbers are not text: a value that *is* a number (int, float, Decimal: counts, amounts) is
written as it is, so `-1.5` stays a number a spreadsheet can sum, and a number cannot run
anything. Whether a cell is a number is decided by its type, never guessed from the text: an
agreement titled `-1` is text and is escaped like any text. (The API serializes decimals as
strings; its renderer hands the values of numeric fields over as numbers.)
"""

import csv
from decimal import Decimal

from agreements.outcome_text import outcome_label, outcome_sentence
from agreements.templatetags.tracker import days_late_text, overdue_count_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
ESCAPE = "'"


def spreadsheet_cell(value):
    """`value` as a CSV cell: a number as it is, text that would start a formula prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and Decimal(value).is_finite():
        return value  # a number (`-1.5` too), not a formula; NaN and infinities are text below
    text = str(value)
    return f"{ESCAPE}{text}" if text.startswith(FORMULA_PREFIXES) else text


class SpreadsheetSafeWriter:
    """`csv.writer` over `stream` whose every cell goes through `spreadsheet_cell`."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SpreadsheetSafeWriter:
    """The CSV writer for any CSV the site serves; `options` as for `csv.writer`."""
    return SpreadsheetSafeWriter(stream, **options)


# --- The pages' exports: the rows their tables show, with names and codes -------------------------
#
# Each related record is given twice: by name (as the page shows it, in the reader's language) and
# by code (its slug, stable for scripts; `;`-joined like the API's CSV). Derived values are computed
# by the functions the pages use (the deadline summary's words, the outcome's label and sentence).

NAME_SEPARATOR = "; "
CODE_SEPARATOR = ";"  # api/renderers.LIST_SEPARATOR

AGREEMENT_COLUMNS = [
    "slug",
    "title",
    "kind",
    "kind_label",
    "status",
    "status_label",
    "signed_on",
    "signed_at",
    "parties",
    "party_names",
    "minerals",
    "mineral_names",
    "stages",
    "stage_names",
    "next_deadline",
    "overdue_count",
    "overdue_text",
    "published",
    "url",
]

MILESTONE_COLUMNS = [
    "id",
    "agreement",
    "agreement_title",
    "title",
    "kind",
    "kind_label",
    "due_on",
    "status",
    "status_label",
    "outcome",
    "outcome_label",
    "outcome_text",
    "days_late",
    "lateness",
    "fulfilled_on",
    "last_checked_on",
    "overdue",
    "responsible",
    "responsible_name",
    "url",
]


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _names_and_codes(records) -> tuple[str, str]:
    records = list(records)
    return (
        CODE_SEPARATOR.join(record.slug for record in records),
        NAME_SEPARATOR.join(record.display_name for record in records),
    )


def agreement_row(agreement, *, url: str) -> list:
    """An agreement of `AgreementQuerySet.for_list(today)` as a row of AGREEMENT_COLUMNS."""
    parties, party_names = _names_and_codes(m.party for m in agreement.memberships.all())
    minerals, mineral_names = _names_and_codes(agreement.minerals.all())
    stages, stage_names = _names_and_codes(agreement.stages.all())
    return [
        agreement.slug,
        agreement.title,
        agreement.kind,
        agreement.get_kind_display(),
        agreement.status,
        agreement.get_status_display(),
        _iso(agreement.signed_on),
        agreement.signed_at,
        parties,
        party_names,
        minerals,
        mineral_names,
        stages,
        stage_names,
        _iso(agreement.next_deadline),
        agreement.overdue_count,
        overdue_count_text(agreement.overdue_count) if agreement.overdue_count else "",
        "true" if agreement.published else "false",
        url,
    ]


def milestone_row(milestone, *, today, url: str) -> list:
    """A milestone of the board's rows (`for_list().with_outcome(today)`), after
    `views.milestones.annotate_lateness`, as a row of MILESTONE_COLUMNS."""
    responsible = milestone.responsible
    return [
        milestone.pk,
        milestone.agreement.slug,
        str(milestone.agreement),
        milestone.title,
        milestone.kind,
        milestone.get_kind_display(),
        _iso(milestone.deadline),
        milestone.status,
        milestone.get_status_display(),
        milestone.outcome,
        outcome_label(milestone.outcome),
        outcome_sentence(milestone, today),
        milestone.days_late,
        days_late_text(milestone.overdue_days) if milestone.is_late else "",
        _iso(milestone.fulfilled_on),
        _iso(milestone.last_checked_on),
        "true" if milestone.is_late else "false",
        responsible.slug if responsible else "",
        responsible.display_name if responsible else "",
        url,
    ]
