"""Order pages: the list and the director's inbox, drafting, the order with its history and
actions, attachments, the wording of each order type, and the numbering."""

from collections.abc import Callable
from typing import NamedTuple

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.documents.services import document_request, latest_document
from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text

from . import services, wording
from .default_templates import ORDER_TYPES
from .documents import KIND as PDF_KIND
from .forms import (
    AttachmentForm,
    NumberingForm,
    OrderDraftForm,
    OrderEditForm,
    OrderRegenerateForm,
    OrderTemplateForm,
    ReturnForm,
)
from .models import Kind, NumberingScheme, Order, OrderAttachment, OrderTemplate

TABS = {
    "inbox": [Order.Status.SUBMITTED],
    "drafts": [Order.Status.DRAFT, Order.Status.RETURNED],
    "approved": [Order.Status.APPROVED, Order.Status.CANCELLED],
}


def _order(request, order_id: int) -> Order:
    return get_object_or_404(Order.objects.select_related("organization", "cancels"), pk=order_id)


def _detail(order: Order):
    return redirect("orders:detail", org_slug=order.organization.slug, order_id=order.pk)


@tenant_view(permission="orders.view")
def order_list(request, org_slug):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else None
    if tab is None:  # a director starts with what awaits them, a curator with the drafts
        tab = "inbox" if request_has_permission(request, "orders.approve") else "drafts"
    counts = {name: Order.objects.filter(status__in=statuses).count() for name, statuses in TABS.items()}
    orders = (
        Order.objects.filter(status__in=TABS[tab]).select_related("created_by").order_by("-created_at")[:200]
    )
    return render(
        request,
        "orders/list.html",
        {"orders": orders, "tab": tab, "counts": counts, "kinds": Kind.choices},
    )


@tenant_view(permission="orders.draft")
@idempotent
def order_create(request, org_slug):
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in Kind.values:
        return render(request, "orders/choose_kind.html", {"kinds": Kind.choices})
    form = OrderDraftForm(request.POST or None, organization=request.organization, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_draft(
                organization=request.organization, kind=kind, actor=request.user, **form.draft_arguments()
            )
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(
                request, _("The draft is ready: check the text, then submit it to the director.")
            )
            return _detail(order)
    return render(request, "orders/create.html", {"form": form, "kind": kind, "kind_label": Kind(kind).label})


@tenant_view(permission="orders.view")
def order_detail(request, org_slug, order_id):
    order = _order(request, order_id)
    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            "history": order.events.select_related("actor"),
            "attachments": order.attachments.all(),
            "pairs": order.pairs.select_related("mentor").prefetch_related("members__mentee"),
            "document": latest_document(order, PDF_KIND),
            "return_form": ReturnForm(),
            "attachment_form": AttachmentForm(),
            "can_draft": request_has_permission(request, "orders.draft"),
            "can_approve": request_has_permission(request, "orders.approve"),
            "last_return": order.events.filter(action="returned").order_by("-created_at").first(),
            "missing": services.order_missing_data(order) if order.is_editable else [],
        },
    )


# TinyMCE (static/js/order-editor.js) measures where to scroll with a marker it creates as
# `<span style="display: inline-block;">` (ScrollIntoView.createMarker). The policy refuses style
# attributes; this page alone allows that one attribute value, by its hash, and no other
# (CSP3 'unsafe-hashes' admits exactly the hashed values, never a stylesheet or another style="").
EDITOR_SCROLL_MARKER_STYLE = "'sha256-BSTKIYoPCaklkJ9YS/ZVYuKW8e+DG8jZJCXznBzHjgg='"  # display: inline-block;


@csp_update({"style-src-attr": ["'unsafe-hashes'", EDITOR_SCROLL_MARKER_STYLE]})
@tenant_view(permission="orders.draft")
def order_edit(request, org_slug, order_id):
    order = _order(request, order_id)
    if not order.is_editable:
        messages.error(request, _("An order awaiting approval or approved cannot be changed."))
        return _detail(order)
    form = OrderEditForm(request.POST or None, initial={"title": order.title, "body": order.body})
    if request.method == "POST" and form.is_valid():
        services.order_update(order=order, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The order is saved."))
        return _detail(order)
    return render(request, "orders/edit.html", {"order": order, "form": form})


@tenant_view(permission="orders.draft")
def order_regenerate(request, org_slug, order_id):
    """Write the draft again from the template, about the programme, pairs or sessions chosen."""
    order = _order(request, order_id)
    if not order.is_editable:
        messages.error(request, _("An order awaiting approval or approved cannot be changed."))
        return _detail(order)
    form = OrderRegenerateForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_regenerate(order=order, actor=request.user, **form.regenerate_arguments())
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("The text is written again from the template and today's data."))
            return _detail(order)
    return render(
        request,
        "orders/regenerate.html",
        {"order": order, "form": form, "missing": services.order_missing_data(order)},
    )


class Action(NamedTuple):
    permission: str
    service: Callable  # called with order=, actor= and the named form fields
    message: str
    form_fields: tuple[str, ...] = ()


ACTIONS = {
    "submit": Action(
        "orders.draft", services.order_submit, gettext_lazy("The order is sent to the director for approval.")
    ),
    "approve": Action(
        "orders.approve",
        services.order_approve,
        gettext_lazy("The order is approved and numbered; its PDF is being generated."),
    ),
    "return": Action(
        "orders.approve",
        services.order_return,
        gettext_lazy("The order is returned to the curator with your comment."),
        form_fields=("comment",),
    ),
    "correct": Action(
        "orders.draft",
        services.order_correct,
        gettext_lazy("A new draft corrects the order; once approved, it cancels it."),
    ),
}


@require_POST
@tenant_view(permission="orders.view")
@idempotent
def order_action(request, org_slug, order_id, action):
    if action not in ACTIONS:
        raise Http404
    chosen = ACTIONS[action]
    order = _order(request, order_id)
    if not request_has_permission(request, chosen.permission):
        messages.error(request, _("Your role does not allow this."))
        return _detail(order)
    try:
        fields = {name: request.POST.get(name, "") for name in chosen.form_fields}
        result = chosen.service(order=order, actor=request.user, **fields)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return _detail(order)
    messages.success(request, chosen.message)
    return _detail(result)


@require_POST
@tenant_view(permission="orders.view")
def order_pdf(request, org_slug, order_id):
    order = _order(request, order_id)
    document = document_request(subject=order, kind=PDF_KIND, actor=request.user)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    return _detail(order)


@require_POST
@tenant_view(permission="orders.draft")
@idempotent
def attachment_add(request, org_slug, order_id):
    order = _order(request, order_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not order.is_editable:
        messages.error(request, _("An order awaiting approval or approved cannot be changed."))
    elif not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        OrderAttachment.objects.create(order=order, added_by=request.user, **form.cleaned_data)
        order.log("order.edited", actor=request.user)
        messages.success(request, _("The attachment is added."))
    return _detail(order)


@tenant_view(permission="orders.view")
def attachment_download(request, org_slug, order_id, attachment_id):
    order = _order(request, order_id)
    attachment = get_object_or_404(order.attachments, pk=attachment_id)
    order.log(
        "order.attachment_downloaded",
        actor=request.user,
        data={"attachment": attachment.pk, "title": attachment.title},
    )
    return stored_file_response(attachment.file)


@tenant_view(permission="orders.templates")
def template_list(request, org_slug):
    own = {t.kind: t for t in OrderTemplate.objects.filter(organization=request.organization)}
    kinds = [(kind, label, kind in own) for kind, label in Kind.choices if kind in ORDER_TYPES]
    return render(request, "orders/template_list.html", {"kinds": kinds})


@tenant_view(permission="orders.templates")
def template_edit(request, org_slug, kind):
    if kind not in ORDER_TYPES:
        raise Http404
    instance = OrderTemplate.objects.filter(organization=request.organization, kind=kind).first()
    initial = {} if instance else {"title": ORDER_TYPES[kind]["title"], "body": ORDER_TYPES[kind]["body"]}
    form = OrderTemplateForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and "reset" in request.POST and instance is not None:
        instance.delete()
        messages.success(request, _("The portal's wording is restored."))
        return redirect("orders:templates", org_slug=org_slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.render_body(
                form.cleaned_data["body"], {}
            )  # a broken text is refused now, not at drafting
        except ValidationError as error:
            form.add_error("body", error)
        else:
            template = form.save(commit=False)
            template.organization, template.kind = request.organization, kind
            template.save()
            template.log("order.template_changed", actor=request.user, data={"kind": kind})
            messages.success(request, _("The wording is saved; new drafts use it."))
            return redirect("orders:templates", org_slug=org_slug)
    return render(
        request,
        "orders/template_edit.html",
        {
            "form": form,
            "kind_label": Kind(kind).label,
            "is_own": instance is not None,
            "language": wording.reference(),
        },
    )


@tenant_view(permission="orders.approve")
def numbering(request, org_slug):
    year = timezone.localdate().year
    scheme, _created = NumberingScheme.objects.get_or_create(organization=request.organization, year=year)
    form = NumberingForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        form.save()
        scheme.log("order.numbering_changed", actor=request.user, data={"year": year})
        messages.success(request, _("The numbering is saved."))
        return redirect("orders:list", org_slug=org_slug)
    return render(request, "orders/numbering.html", {"form": form, "year": year, "scheme": scheme})
