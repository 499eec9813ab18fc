"""`?format=csv`: the rows of a list (not the page envelope), nested values flattened.

Built on djangorestframework-csv's renderer (its table: header, flattening, labels), written by
the site's one CSV writer, `agreements.csv_export`, which defuses spreadsheet formulas. Lists of
related objects become one cell of slugs joined by `;` (parties → `jp;us`, and their names in
`party_names`: `Japan; United States`); sources become their
URLs (or titles), evidence items their URLs, reported amounts `up_to 1000.00 USD`, related
agreements `superseded_by forge`, discrepancies their topics and claims what they say, a
mineral's HS codes their codes and a criticality list's entries their minerals. A nested
object (an evidence item's `source`, an agreement's `implementation`, a scorecard's `counts`)
becomes one column per key: `source.url`, `counts.met_on_time`.
"""

import io
from decimal import Decimal, InvalidOperation

from django.conf import settings
from rest_framework import serializers
from rest_framework_csv.renderers import CSVRenderer

from agreements import csv_export

LIST_SEPARATOR = ";"
NUMBER_FIELDS = (serializers.IntegerField, serializers.FloatField, serializers.DecimalField)


def _list_item(item: dict):
    if "amount" in item and "currency" in item:  # a reported amount: the figure as the source words it
        return " ".join(str(item.get(key) or "") for key in ("amount_qualifier", "amount", "currency")).strip()
    if "relation" in item:  # a related agreement: `superseded_by forge`
        return f"{item['relation']} {item.get('slug') or ''}".strip()
    if "claim" in item:  # one side of a discrepancy: what the source says
        return item["claim"]
    if "topic" in item:  # a discrepancy: what the sources disagree on
        return item["topic"]
    if "code" in item:  # an HS code of a mineral
        return item["code"]
    if "mineral" in item:  # a member of a criticality list
        return item["mineral"]
    return item.get("slug") or item.get("url") or item.get("title") or item.get("id") or ""


def _flatten_value(value):
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                item = _list_item(item)
            parts.append("" if item is None else str(item))
        return LIST_SEPARATOR.join(parts)
    return value


def _as_number(value):
    """A numeric field's value as a number: DRF writes decimals as strings (COERCE_DECIMAL_TO_STRING)."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def flatten_row(row, number_fields=frozenset()):
    if not isinstance(row, dict):
        return row
    return {key: _as_number(value) if key in number_fields else _flatten_value(value) for key, value in row.items()}


def csv_header(serializer) -> list[str]:
    """The CSV columns of a read shape, in its order: a nested object gives one column per key
    (its serializer's fields, or a shaped field's `csv_columns`), as the renderer flattens it."""
    header = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            header += [f"{name}.{key}" for key in field.fields]
        elif getattr(field, "csv_columns", None):
            header += [f"{name}.{key}" for key in field.csv_columns]
        else:
            header.append(name)
            if names_column := getattr(field, "csv_names_column", None):
                header.append(names_column)
    return header


def names_columns(view) -> dict[str, str]:
    """{field: its names column} for the read shape's lists of named rows (parties → party_names)."""
    serializer_class = getattr(view, "read_serializer_class", None)
    if serializer_class is None:
        return {}
    return {
        name: field.csv_names_column
        for name, field in serializer_class().fields.items()
        if getattr(field, "csv_names_column", None)
    }


def with_names(row, columns: dict[str, str]):
    """`row` with each list of named rows also given as its names (`Japan; United States`), as
    the pages' CSVs give names and codes (csv_export.NAME_SEPARATOR)."""
    if not columns or not isinstance(row, dict):
        return row
    row = dict(row)
    for name, names_column in columns.items():
        if isinstance(row.get(name), list):
            row[names_column] = csv_export.NAME_SEPARATOR.join(str(item.get("name") or "") for item in row[name])
    return row


def number_fields(view) -> frozenset[str]:
    """The fields of the view's read shape that hold numbers, written as numbers (csv_export)."""
    serializer_class = getattr(view, "read_serializer_class", None)
    if serializer_class is None:
        return frozenset()
    return frozenset(name for name, field in serializer_class().fields.items() if isinstance(field, NUMBER_FIELDS))


class PaginatedCSVRenderer(CSVRenderer):
    """Renders `results` of a paginated response (or a detail object) as CSV rows.

    Only list and detail reads use it; errors are always JSON (see exceptions.py).
    """

    format = "csv"
    media_type = "text/csv"
    results_field = "results"

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = dict(renderer_context or {})
        if isinstance(data, dict) and self.results_field in data and "count" in data:
            rows = data[self.results_field]
        else:
            rows = data if isinstance(data, list) else [data]
        numbers = number_fields(renderer_context.get("view"))
        names = names_columns(renderer_context.get("view"))
        rows = [flatten_row(with_names(row, names), numbers) for row in rows]
        header = renderer_context.get("header", self.header)
        if rows and isinstance(rows[0], dict) and not header:
            header = list(rows[0].keys())
        table = self.tablize(rows, header=header, labels=renderer_context.get("labels", self.labels))
        buffer = io.StringIO()
        csv_export.writer(buffer).writerows(table)
        return buffer.getvalue().encode(renderer_context.get("encoding", settings.DEFAULT_CHARSET))
