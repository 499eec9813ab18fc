"""`?format=csv`: the rows of a list (not the page envelope), nested values flattened.

Built on djangorestframework-csv's renderer. Lists of related objects become one cell of
slugs joined by `;` (parties → `jp;us`); sources become their URLs (or titles).
"""

from rest_framework_csv.renderers import CSVRenderer

LIST_SEPARATOR = ";"


def _flatten_value(value):
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("slug") or item.get("url") or item.get("title") or item.get("id") or ""
            parts.append("" if item is None else str(item))
        return LIST_SEPARATOR.join(parts)
    return value


def flatten_row(row):
    if not isinstance(row, dict):
        return row
    return {key: _flatten_value(value) for key, value in row.items()}


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
        rows = [flatten_row(row) for row in rows]
        header = renderer_context.get("header")
        if rows and isinstance(rows[0], dict) and not header:
            header = list(rows[0].keys())
        if header:
            renderer_context["header"] = header
        return super().render(rows, media_type, renderer_context)
