"""Page-number pagination: `?page=N`, `?page_size=N` (at most 200)."""

from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class StandardPagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`; querysets are always ordered (ending in pk)."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
    max_page_size = MAX_PAGE_SIZE
