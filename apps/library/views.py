"""Library pages. Mounted twice (mentoring_portal/urls.py): an organisation's library under
/o/<org_slug>/library/ (its own items and those its municipality shares) and the committee's
under /m/<municipality_slug>/library/ (what its organisations share, read-only, to feature)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.organizations.scoping import owner_of, request_has_permission, tenant_url
from apps.organizations.views_base import (
    filters_from_session,
    tenant_view,
    validation_error_text,
)

from . import selectors, services
from .forms import ItemForm, SearchForm
from .models import Item

PER_PAGE = 50


@tenant_view(permission="library.view")
def item_list(request, **tenant):
    # The words searched stay in the session, not in the URL (a case may be searched by a name).
    owner = owner_of(request)
    # One search per workplace: a curator who is also on the committee keeps two.
    key = f"library:{owner._meta.model_name}:{owner.pk}"
    form, redirect_response = filters_from_session(request, SearchForm, key=key)
    if redirect_response:
        return redirect_response
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    items = selectors.items_found(
        owner,
        words=filters.get("words") or "",
        kind=filters.get("kind") or "",
        form=filters.get("form") or "",
        stage=filters.get("stage"),
    )
    return render(
        request,
        "library/list.html",
        {
            "form": form,
            "page": Paginator(items, PER_PAGE).get_page(request.GET.get("page")),
            "searched": bool(filters and any(filters.values())),
            "can_manage": request_has_permission(request, "library.manage"),
            "kinds": Item.Kind,
        },
    )


@tenant_view(permission="library.manage")
@idempotent
def item_create(request, **tenant):
    organization = request.organization
    kind = request.GET.get("kind", Item.Kind.MATERIAL)
    if kind not in Item.Kind.values:
        raise Http404
    form = ItemForm(request.POST or None, request.FILES or None, kind=kind, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                organization=organization,
                actor=request.user,
                kind=kind,
                title=form.cleaned_data["title"],
                file=form.cleaned_data.get("file"),
                named_people=list(form.cleaned_data.get("named_people") or []),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The item is added to the library."))
            return redirect(item_url(organization, item))
    return render(request, "library/form.html", {"form": form, "kind": Item.Kind(kind), "item": None})


@tenant_view(permission="library.view")
def item_detail(request, item_id, **tenant):
    owner = owner_of(request)
    item = selectors.item_for(owner, item_id)
    own = request.organization is not None and item.organization_id == request.organization.pk
    return render(
        request,
        "library/detail.html",
        {
            "item": item,
            "own": own,
            # Names only for the organisation that wrote the case, to those who read its base.
            "named_people": selectors.named_people(item)
            if own and request_has_permission(request, "participants.view")
            else [],
            "can_manage": own and request_has_permission(request, "library.manage"),
            "can_copy": request.organization is not None
            and item.kind == Item.Kind.PROGRAMME
            and request_has_permission(request, "pairs.manage"),
            "can_feature": request.municipality is not None
            and request_has_permission(request, "library.feature"),
        },
    )


@tenant_view(permission="library.manage")
def item_edit(request, item_id, **tenant):
    organization = request.organization
    item = selectors.own_item(organization, item_id)
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        kind=item.kind,
        organization=organization,
        initial=ItemForm.initial_of(item),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                item=item,
                actor=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data.get("file"),
                named_people=list(form.cleaned_data.get("named_people") or []),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The item is saved."))
            return redirect(item_url(organization, item))
    return render(request, "library/form.html", {"form": form, "kind": Item.Kind(item.kind), "item": item})


@require_POST
@tenant_view(permission="library.manage")
def item_delete(request, item_id, **tenant):
    item = selectors.own_item(request.organization, item_id)
    services.item_delete(item=item, actor=request.user)
    messages.success(request, _("The item is deleted from the library."))
    return redirect(tenant_url(request.organization, "library:list"))


@tenant_view(permission="library.view")
def item_file(request, item_id, **tenant):
    item = selectors.item_for(owner_of(request), item_id)
    return stored_file_response(item.file)


@require_POST
@tenant_view(permission="pairs.manage")
@idempotent
def programme_copy(request, item_id, **tenant):
    item = selectors.item_for(request.organization, item_id)
    try:
        programme = services.programme_copy(item=item, organization=request.organization, actor=request.user)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return redirect(item_url(request.organization, item))
    messages.success(request, _("The programme is copied into your programmes: set its dates and people."))
    return redirect(
        reverse(
            "pairs:programme", kwargs={"org_slug": request.organization.slug, "programme_id": programme.pk}
        )
    )


@require_POST
@tenant_view(permission="library.feature")
def item_feature(request, item_id, **tenant):
    if request.municipality is None:
        raise Http404
    item = selectors.item_for(request.municipality, item_id)
    featured = request.POST.get("featured") == "1"
    try:
        services.item_feature(item=item, actor=request.user, featured=featured)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    else:
        messages.success(
            request, _("The item is featured.") if featured else _("The item is no longer featured.")
        )
    return redirect(item_url(request.municipality, item))


def item_url(owner, item: Item) -> str:
    return tenant_url(owner, "library:detail", item_id=item.pk)
