"""Page-number pagination: `?page=N`, `?page_size=N` (at most 200)."""

import functools

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class RowsPaginator(Paginator):
    """Counts the model queryset as it is (Django drops unused joins and annotations from the
    COUNT), then turns only the page's slice into rows with `rows(queryset)` (e.g. `values()`)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(self.rows(object_list), number, paginator)


class StandardPagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`; querysets are always ordered (ending in pk).

    A view with a `page_rows(queryset)` method gets its page as what that returns (dicts from
    `values()` rather than model instances); the count stays on the model queryset.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        rows = getattr(view, "page_rows", None)
        if rows is not None:
            self.django_paginator_class = functools.partial(RowsPaginator, rows=rows)
        return super().paginate_queryset(queryset, request, view)
