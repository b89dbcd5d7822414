"""Addresses of many rows of a page with one `reverse`: resolving a URL per row in a template
(`{% url %}`) is a large part of rendering a long list."""

from collections.abc import Callable

from django.urls import reverse

_MARKER = 987654321  # an id no row has yet, which every int (and slug) converter accepts


def address_of_each(viewname: str, *, by: str, **kwargs) -> Callable[[int | str], str]:
    """A function from a row's id or slug (the URL argument `by`) to that row's address."""
    head, _, tail = reverse(viewname, kwargs={**kwargs, by: _MARKER}).rpartition(str(_MARKER))
    return lambda row_id: f"{head}{row_id}{tail}"
