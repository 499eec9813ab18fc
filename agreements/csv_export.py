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
