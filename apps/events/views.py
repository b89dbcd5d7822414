"""Event pages. Mounted twice (mentoring_portal/urls.py): an organisation's events under
/o/<org_slug>/events/ and the committee's own under /m/<municipality_slug>/events/;
`owner_of(request)` is the tenant."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.documents.services import document_request, latest_document
from apps.organizations.scoping import owner_of, request_has_permission, tenant_url
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text

from . import selectors
from .checklist import checklist_line, checklist_lines
from .documents import INVITATIONS_KIND
from .forms import EventForm, HoldForm, InviteForm, MaterialForm
from .models import Event, EventMaterial, Invitation
from .services import events as services


@tenant_view(permission="events.view")
def event_list(request, **tenant):
    owner = owner_of(request)
    events = list(selectors.owner_events(owner).order_by("-starts_at", "-pk"))
    today = timezone.localdate()
    return render(
        request,
        "events/list.html",
        {
            "upcoming": [e for e in events if e.status == Event.Status.PLANNED],
            "past": [e for e in events if e.status != Event.Status.PLANNED],
            "today": today,
            "can_manage": request_has_permission(request, "events.manage"),
        },
    )


@tenant_view(permission="events.manage")
@idempotent
def event_create(request, **tenant):
    owner = owner_of(request)
    form = EventForm(request.POST or None, owner=owner, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                owner=owner,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
                online_link=data["online_link"],
                description=data["description"],
                parents_count=data.get("parents_count") or 0,
                programmes=list(data.get("programmes") or []),
                activity=data["activity"],
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The event is created. Now invite the participants."))
            return redirect(tenant_url(owner, "events:detail", event_id=event.pk))
    return render(request, "events/form.html", {"form": form})


@tenant_view(permission="events.view")
def event_detail(request, event_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    invitations = list(
        event.invitations.order_by("via", "name", "pk").only("pk", "name", "via", "attended", "user_id")
    )
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "programmes": list(event.programmes.all()),
            "invitations": invitations,
            "counts": services.attendance_counts(event),
            "without_account": sum(1 for i in invitations if i.user_id is None),
            "materials": list(event.materials.all()),
            "invite_form": InviteForm(owner=owner),
            "material_form": MaterialForm(),
            "can_manage": request_has_permission(request, "events.manage"),
            "document": latest_document(event, INVITATIONS_KIND),
        },
    )


@require_POST
@tenant_view(permission="events.manage")
@idempotent
def event_invite(request, event_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    form = InviteForm(request.POST, owner=owner)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        data = form.cleaned_data
        try:
            added = services.event_invite(
                event=event,
                actor=request.user,
                via=data["via"],
                programme=data.get("programme"),
                participants=list(data.get("participants") or []),
                users=list(data.get("users") or []),
                names=data["names"].splitlines(),
            )
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("Invited: %(n)s.") % {"n": added})
    return redirect(tenant_url(owner, "events:detail", event_id=event.pk))


@tenant_view(permission="events.manage")
def event_attendance(request, event_id, **tenant):
    """The checklist after the event, for a phone: each tick is saved at once (htmx); without
    JavaScript the form posts every tick here."""
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    attendance_url = tenant_url(owner, "events:attendance", event_id=event.pk)
    if request.method == "POST":
        try:
            changed = services.attendance_record(
                event=event, actor=request.user, present_ids=_ids(request.POST.getlist("present"))
            )
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("Ticks saved: %(n)s changed.") % {"n": changed})
        return redirect(attendance_url)
    rows = selectors.attendance_rows(event)
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "rows": rows,
            "lines": checklist_lines(rows, attendance_url),
            "attended": sum(1 for row in rows if row.attended),
            "hold_form": HoldForm(
                initial={"result_note": event.result_note, "parents_attended": event.parents_attended}
            ),
            "too_early": event.starts_at.date() > timezone.localdate(),
        },
    )


@require_POST
@tenant_view(permission="events.manage")
def invitation_mark(request, event_id, invitation_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    invitation = get_object_or_404(event.invitations.select_related("event"), pk=invitation_id)
    attendance_url = tenant_url(owner, "events:attendance", event_id=event.pk)
    error = ""
    try:
        services.invitation_mark(
            invitation=invitation,
            actor=request.user,
            attended=invitation.pk in _ids(request.POST.getlist("present")),
        )
    except ValidationError as failure:
        error = validation_error_text(failure)
        invitation.refresh_from_db(fields=["attended"])
    if request.htmx:
        return HttpResponse(checklist_line(invitation, attendance_url, error))
    if error:
        messages.error(request, error)
    return redirect(attendance_url)


@require_POST
@tenant_view(permission="events.manage")
def event_hold(request, event_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    form = HoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(tenant_url(owner, "events:attendance", event_id=event.pk))
    try:
        services.event_hold(
            event=event,
            actor=request.user,
            result_note=form.cleaned_data["result_note"],
            parents_attended=form.cleaned_data.get("parents_attended") or 0,
        )
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return redirect(tenant_url(owner, "events:attendance", event_id=event.pk))
    messages.success(request, _("The attendance is recorded: the event is held."))
    return redirect(tenant_url(owner, "events:detail", event_id=event.pk))


@require_POST
@tenant_view(permission="events.manage")
def event_cancel(request, event_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    try:
        services.event_cancel(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    return redirect(tenant_url(owner, "events:detail", event_id=event.pk))


@require_POST
@tenant_view(permission="events.manage")
@idempotent
def material_add(request, event_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        services.material_add(
            event=event,
            actor=request.user,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            url=form.cleaned_data["url"],
        )
        messages.success(request, _("The material is added."))
    return redirect(tenant_url(owner, "events:detail", event_id=event.pk))


@tenant_view(permission="events.view")
def material_file(request, event_id, material_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    material = get_object_or_404(EventMaterial.objects.filter(event=event).exclude(file=""), pk=material_id)
    event.log("event.material_downloaded", actor=request.user, target=material)
    return stored_file_response(material.file)


@require_POST
@tenant_view(permission="events.manage")
def event_invitations_pdf(request, event_id, **tenant):
    owner = owner_of(request)
    event = selectors.owner_event(owner, event_id)
    document_request(subject=event, kind=INVITATIONS_KIND, actor=request.user)
    return redirect(tenant_url(owner, "events:detail", event_id=event.pk))


@tenant_view(permission="organization.view")
def my_events(request, **tenant):
    """Invitations in the portal: the events a member (or the participant linked to them) is
    invited to."""
    if request.organization is None:
        raise Http404
    invitations = selectors.my_invitations(organization=request.organization, user=request.user)
    return render(request, "events/mine.html", {"invitations": invitations, "Invitation": Invitation})


def _ids(values) -> set[int]:
    """The ticked invitations' ids; anything that is not a number ticks nothing."""
    return {int(value) for value in values if value.isdigit()}
