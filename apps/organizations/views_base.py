"""How a view under /o/<org_slug>/ or /m/<municipality_slug>/ declares what it needs."""

from collections.abc import Callable

from django.shortcuts import redirect


def tenant_view(*, permission: str) -> Callable:
    """Declare the permission a tenant view needs; TenantMiddleware enforces it.

    Inside the view `request.organization` (or `request.municipality`) is set and
    every scoped query is already limited to the tenant.
    """

    def decorate(view):
        view.tenant_permission = permission
        return view

    return decorate


def declared_permission(view) -> str | None:
    return getattr(view, "tenant_permission", None)


def filters_from_session(request, form_class, *, key: str):
    """Search and filter forms keep their values in the session, not in the URL:
    a searched surname must not end up in URLs, browser history or server logs.

    POST stores the filters and answers with a redirect to the same page (returned
    as the second value); GET binds the form to the stored filters.
    """
    session_key = _filters_key(key)
    if request.method == "POST":
        form = form_class(request.POST)
        request.session[session_key] = (
            form.data.dict() if form.is_valid() and "reset" not in request.POST else {}
        )
        return form, redirect(request.path)
    form = form_class(request.session.get(session_key) or None)
    form.is_valid()
    return form, None


def filters_store(request, *, key: str, data: dict) -> None:
    """Set the filters a page will open with (e.g. the board after «Suggest pairs»)."""
    request.session[_filters_key(key)] = data


def _filters_key(key: str) -> str:
    return f"filters:{key}"


def form_errors_text(form) -> str:
    """A form's errors as one sentence, each after its field's label («Дата: Обязательное
    поле.»), for a message away from the fields themselves."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        text = " ".join(errors)
        parts.append(f"{field.label}: {text}" if field is not None and field.label else text)
    return " ".join(parts)


def validation_error_text(error) -> str:
    """A service's ValidationError as one sentence, for a message or a form's error."""
    return " ".join(error.messages)
