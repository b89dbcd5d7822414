"""Where an organisation holds no final event, the roadmap's «final event» activities are
completed as before this app: once every working pair has held its final meeting."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.pairs.models import Meeting, every_working_pair_met_finally
from apps.roadmap.models import Activity
from apps.roadmap.services import roadmap_mark_event

from .models import Event
from .selectors import academic_year_bounds


@receiver(post_save, sender=Meeting, dispatch_uid="events_final_meetings_instead_of_final_event")
def final_meetings_instead_of_final_event(sender, instance, **kwargs):
    if instance.kind != Meeting.Kind.FINAL:
        return
    with scopes_disabled():
        organization = instance.organization
        open_activities = Activity.objects.filter(
            roadmap__organization=organization, event=Activity.Event.FINAL_EVENT_HELD
        ).exclude(status=Activity.Status.DONE)
        if not open_activities.exists():
            return
        starts, ends = academic_year_bounds()
        holds_final_event = (
            Event.objects.filter(
                organization=organization, kind=Event.Kind.FINAL_EVENT, starts_at__date__range=(starts, ends)
            )
            .exclude(status=Event.Status.CANCELLED)
            .exists()
        )
        if holds_final_event:
            return  # its attendance completes them
        if not every_working_pair_met_finally(organization):
            return
        roadmap_mark_event(
            organization=organization,
            event=Activity.Event.FINAL_EVENT_HELD,
            note="Заключительные встречи проведены во всех парах и группах (итогового мероприятия нет).",
            link=reverse("pairs:board", kwargs={"org_slug": organization.slug}),
        )
