"""Cursor pagination: stable pages while rows are added, and as fast on the last page as on
the first (no OFFSET)."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
