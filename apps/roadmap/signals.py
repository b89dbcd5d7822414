"""Portal events that complete roadmap activities by themselves (Activity.event).

Each receiver checks whether the organisation has reached the state the activity
stands for, and if so marks the matching activities of its current roadmap done,
with a note and a link to where the evidence is.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.pairs.models import Meeting, Pair, TrainingSession, every_working_pair_met_finally
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Consent, ImportRun, Participant, ProgrammeRole, Status

from .models import Activity
from .services import roadmap_mark_event


def _open_activities(organization_id: int, event: str) -> bool:
    """Cheap guard: is there anything to mark at all?"""
    return (
        Activity.objects.filter(roadmap__organization_id=organization_id, event=event)
        .exclude(status=Activity.Status.DONE)
        .exists()
    )


@receiver(post_save, sender=Consent, dispatch_uid="roadmap_consents_collected")
def consents_collected(sender, instance, **kwargs):
    with scopes_disabled():
        organization = instance.organization
        if not _open_activities(organization.pk, Activity.Event.CONSENTS_COLLECTED):
            return
        participants = Participant.objects.filter(organization=organization).exclude(status=Status.LEFT)
        if (
            not participants.exists()
            or annotate_consent_state(participants).filter(consent_ok=False).exists()
        ):
            return
        roadmap_mark_event(
            organization=organization,
            event=Activity.Event.CONSENTS_COLLECTED,
            note="Согласия на обработку персональных данных есть у всех участников.",
            link=reverse("participants:list", kwargs={"org_slug": organization.slug}),
        )


@receiver(post_save, sender=ImportRun, dispatch_uid="roadmap_bases_formed")
def bases_formed(sender, instance, **kwargs):
    if instance.state != ImportRun.State.DONE:
        return
    with scopes_disabled():
        organization = instance.organization
        people = Participant.objects.filter(organization=organization).exclude(status=Status.LEFT)
        link = reverse("participants:list", kwargs={"org_slug": organization.slug})
        sides = (
            (Activity.Event.MENTEE_BASE_FORMED, [ProgrammeRole.MENTEE, ProgrammeRole.BOTH], "наставляемых"),
            (Activity.Event.MENTOR_BASE_FORMED, [ProgrammeRole.MENTOR, ProgrammeRole.BOTH], "наставников"),
        )
        for event, roles, base in sides:
            if _open_activities(organization.pk, event) and people.filter(programme_role__in=roles).exists():
                roadmap_mark_event(
                    organization=organization,
                    event=event,
                    note=f"База {base} сформирована: анкеты загружены в реестр.",
                    link=link,
                    actor=instance.created_by,
                )


@receiver(post_save, sender=Pair, dispatch_uid="roadmap_pairs_approved")
def pairs_approved(sender, instance, **kwargs):
    if instance.status != Pair.Status.APPROVED:
        return
    with scopes_disabled():
        organization = instance.organization
        if not _open_activities(organization.pk, Activity.Event.PAIRS_APPROVED):
            return
        # Done once no proposal of the organisation waits for approval any more.
        if Pair.objects.filter(organization=organization, status=Pair.Status.PROPOSED).exists():
            return
        roadmap_mark_event(
            organization=organization,
            event=Activity.Event.PAIRS_APPROVED,
            note="Наставнические пары и группы утверждены.",
            link=reverse("pairs:board", kwargs={"org_slug": organization.slug}),
        )


@receiver(post_save, sender=TrainingSession, dispatch_uid="roadmap_mentors_trained")
def mentors_trained(sender, instance, **kwargs):
    with scopes_disabled():
        organization = instance.organization
        if not _open_activities(organization.pk, Activity.Event.MENTORS_TRAINED):
            return
        roadmap_mark_event(
            organization=organization,
            event=Activity.Event.MENTORS_TRAINED,
            note=f"«Школа наставников»: занятие «{instance.topic}» проведено {instance.held_on:%d.%m.%Y}.",
            link=reverse(
                "pairs:training",
                kwargs={"org_slug": organization.slug, "programme_id": instance.programme_id},
            ),
        )


@receiver(post_save, sender=Meeting, dispatch_uid="roadmap_final_meeting_held")
def final_meeting_held(sender, instance, **kwargs):
    if instance.kind != Meeting.Kind.FINAL:
        return
    with scopes_disabled():
        organization = instance.organization
        if not _open_activities(organization.pk, Activity.Event.FINAL_MEETING_HELD):
            return
        # Done once every working pair has held its final meeting.
        if not every_working_pair_met_finally(organization):
            return
        roadmap_mark_event(
            organization=organization,
            event=Activity.Event.FINAL_MEETING_HELD,
            note="Заключительные встречи проведены во всех парах и группах.",
            link=reverse("pairs:board", kwargs={"org_slug": organization.slug}),
        )
