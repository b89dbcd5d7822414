"""The invitation e-mail with an .ics file (RFC 5545) for the invitees with an account."""

from datetime import UTC, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.services import absolute_url

from .models import Event, Invitation

EVENT_LENGTH = timedelta(hours=2)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def event_ics(event: Event) -> str:
    """A calendar file of one event, in UTC; the UID stays the same for every e-mail of it."""
    stamp = "%Y%m%dT%H%M%SZ"
    starts = event.starts_at.astimezone(UTC)
    location = event.place or event.online_link
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mentoring-portal//events//RU",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@mentoring-portal",
        f"DTSTAMP:{timezone.now().astimezone(UTC).strftime(stamp)}",
        f"DTSTART:{starts.strftime(stamp)}",
        f"DTEND:{(starts + EVENT_LENGTH).strftime(stamp)}",
        f"SUMMARY:{_ics_text(event.title)}",
        f"LOCATION:{_ics_text(location)}",
        f"DESCRIPTION:{_ics_text(event.description)}",
    ]
    if event.online_link:
        lines.append(f"URL:{event.online_link}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def invitation_emails_send(event_id: int) -> int:
    """Send each not yet e-mailed invitee with an account and an address its e-mail; the rows
    are locked and marked in one transaction, so a job delivered twice sends once."""
    sent = 0
    with transaction.atomic():
        event = Event.objects.filter(pk=event_id).first()
        if event is None or event.status != Event.Status.PLANNED:
            return 0
        invitations = list(
            Invitation.objects.select_for_update(of=("self",))
            .filter(event=event, emailed_at__isnull=True, user__isnull=False)
            .exclude(user__email="")
            .select_related("user")
        )
        ics = event_ics(event)
        when = timezone.localtime(event.starts_at)
        organizer = (
            event.organization.short_name if event.organization_id else event.municipality.committee_name
        )
        # In the portal, an invitee reads their invitations on «My events».
        page = (
            reverse("events:mine", kwargs={"org_slug": event.organization.slug})
            if event.organization_id
            else event.get_absolute_url()
        )
        for invitation in invitations:
            body = (
                f"Здравствуйте, {invitation.user.first_name or invitation.name}!\n\n"
                f"{organizer} приглашает вас: «{event.title}», {when:%d.%m.%Y} в {when:%H:%M}, "
                f"{event.place or event.online_link}.\n\n"
                f"Приглашение в портале: {absolute_url(page)}\n"
            )
            message = EmailMessage(
                subject=f"Приглашение: {event.title}", body=body, to=[invitation.user.email]
            )
            message.attach("invitation.ics", ics, "text/calendar")
            message.send()
            sent += 1
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(emailed_at=timezone.now())
    return sent
