"""The committee assigns items of its roadmap (/m/<municipality_slug>/roadmap/assigned/);
an organisation closes them (/o/<org_slug>/roadmap/assigned/)."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.core.links import address_of_each
from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text
from apps.roadmap.models import Activity

from . import services
from .forms import AssignForm, CloseForm
from .models import AssignedItem
from .selectors import committee_activity_rows, committee_summary, organization_items

STATE_BADGES = {
    AssignedItem.DONE: "text-bg-success",
    AssignedItem.OVERDUE: "text-bg-danger",
    AssignedItem.NOT_STARTED: "text-bg-light border",
}

# --- The committee ------------------------------------------------------------------------


@tenant_view(permission="committee.view")
def committee_list(request, **tenant):
    """What each assigned activity's organisations have done, and the form that assigns."""
    municipality = request.municipality
    initial = {}
    if request.GET.get("activity", "").isdigit():
        initial["activity"] = int(request.GET["activity"])
    # Opened from an organisation's aggregate page: that organisation comes ticked.
    chosen = {int(request.GET["organization"])} if request.GET.get("organization", "").isdigit() else set()
    return _committee_list_page(request, AssignForm(municipality=municipality, initial=initial), chosen)


def _committee_list_page(request, form: AssignForm, chosen: set[int]):
    """The list and the assign form: empty, or as the committee filled it in when it was refused."""
    return render(
        request,
        "assignments/committee_list.html",
        {
            "rows": committee_summary(request.municipality),
            "form": form,
            # The checkboxes drawn by the page, not by a widget template per organisation.
            "organization_choices": [
                (pk, name, pk in chosen)
                for pk, name in form.fields["organizations"].queryset.values_list("pk", "short_name")
            ],
            "can_manage": request_has_permission(request, "roadmap.manage"),
        },
    )


@tenant_view(permission="committee.view")
def committee_activity(request, activity_id, **tenant):
    """One assigned activity: each organisation's state and evidence (its words, no file)."""
    municipality = request.municipality
    activity = get_object_or_404(
        Activity.objects.filter(roadmap__municipality=municipality, roadmap__organization__isnull=True),
        pk=activity_id,
    )
    rows = committee_activity_rows(municipality, activity)
    # A thousand organisations make a thousand rows: their words and addresses are made here,
    # once, not by a template include and a `{% url %}` per row.
    withdraw_url = address_of_each(
        "committee_assigned:withdraw", by="item_id", municipality_slug=municipality.slug
    )
    labels = {state: str(label) for state, label in AssignedItem.STATE_LABELS.items()}
    for item in rows:
        item.state_text = labels[item.state]
        item.state_class = STATE_BADGES[item.state]
        item.withdraw_url = withdraw_url(item.pk)
    return render(
        request,
        "assignments/committee_activity.html",
        {
            "activity": activity,
            "rows": rows,
            "counts": Counter(item.state for item in rows),
            "can_manage": request_has_permission(request, "roadmap.manage"),
        },
    )


@require_POST
@tenant_view(permission="roadmap.manage")
@idempotent
def committee_assign(request, **tenant):
    municipality = request.municipality
    form = AssignForm(request.POST, municipality=municipality)
    # A refusal shows the form again as filled in: the item, the ticked organisations, the
    # deadline, the note.
    chosen = {int(pk) for pk in request.POST.getlist("organizations") if pk.isdigit()}
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return _committee_list_page(request, form, chosen)
    try:
        items = services.items_assign(
            municipality=municipality,
            activity=form.cleaned_data["activity"],
            organizations=list(form.cleaned_data["organizations"]),
            due_on=form.cleaned_data["due_on"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return _committee_list_page(request, form, chosen)
    messages.success(
        request,
        ngettext(
            "The item is assigned to %(count)d organisation.",
            "The item is assigned to %(count)d organisations.",
            len(items),
        )
        % {"count": len(items)},
    )
    # Allowed (a roadmap entered in the middle of the year), but not silently.
    if items and items[0].due_on < timezone.localdate():
        passed = _("The deadline has already passed: the organisations see the item as overdue.")
        messages.warning(request, passed)
    return redirect(
        reverse(
            "committee_assigned:activity",
            kwargs={"municipality_slug": municipality.slug, "activity_id": form.cleaned_data["activity"].pk},
        )
    )


@require_POST
@tenant_view(permission="roadmap.manage")
def committee_withdraw(request, item_id, **tenant):
    municipality = request.municipality
    # The committee's scope covers its organisations' rows; the activity must be its own.
    item = get_object_or_404(
        AssignedItem.objects.filter(
            activity__roadmap__municipality=municipality, activity__roadmap__organization__isnull=True
        ),
        pk=item_id,
    )
    activity_id = item.activity_id
    services.item_withdraw(item=item, actor=request.user)
    messages.success(request, _("The item is withdrawn."))
    return redirect(
        reverse(
            "committee_assigned:activity",
            kwargs={"municipality_slug": municipality.slug, "activity_id": activity_id},
        )
    )


# --- The organisation -----------------------------------------------------------------------


def _item(request, item_id: int) -> AssignedItem:
    return get_object_or_404(organization_items(request.organization), pk=item_id)


@tenant_view(permission="roadmap.view")
def item_list(request, **tenant):
    # Open items first, the nearest deadline first; then those done, the latest first.
    items = list(
        organization_items(request.organization).order_by(F("done_on").desc(nulls_first=True), "due_on", "pk")
    )
    today = timezone.localdate()
    for item in items:
        item.current_state = item.state(today)
    return render(request, "assignments/list.html", {"items": items})


@tenant_view(permission="roadmap.view")
def item_detail(request, item_id, **tenant):
    item = _item(request, item_id)
    may_close = request_has_permission(request, "roadmap.progress")
    form = None
    if may_close:
        form = CloseForm(
            request.POST or None,
            request.FILES or None,
            organization=request.organization,
            initial={"done_on": timezone.localdate(), "evidence_kind": item.evidence_kind or "order"},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Your role does not allow this."))
        if "reopen" in request.POST:
            services.item_reopen(item=item, actor=request.user)
            messages.success(request, _("The item is open again."))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.item_close(item=item, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, validation_error_text(error))
            else:
                messages.success(request, _("The item is done; the committee sees it."))
                return redirect(reverse("assigned:list", kwargs={"org_slug": request.organization.slug}))
    return render(
        request,
        "assignments/detail.html",
        {"item": item, "state": item.state(), "form": form},
    )


@tenant_view(permission="roadmap.view")
def item_file(request, item_id, **tenant):
    item = _item(request, item_id)
    if not item.evidence_file:
        raise Http404
    services.log_evidence_download(item=item, actor=request.user)
    return stored_file_response(item.evidence_file)
