"""What the bases ask of curators and staff, on their home page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .consents import annotate_consent_state
from .models import ImportRun, Participant, Status


@rule(Role.CURATOR, Role.STAFF)
def consents_missing(membership):
    organization = membership.organization
    count = (
        annotate_consent_state(
            Participant.objects.filter(organization=organization, anonymised_at__isnull=True).exclude(
                status=Status.LEFT
            )
        )
        .filter(consent_ok=False)
        .count()
    )
    if not count:
        return None
    return NextStep(
        title=ngettext(
            "%(count)d participant lacks a consent", "%(count)d participants lack a consent", count
        )
        % {"count": count},
        detail=_(
            "Without it a participant cannot be put in a pair. Filter the registry by «Consent missing»."
        ),
        # The registry filtered by the same words the filter offers: «Consent missing».
        url=reverse("participants:list", kwargs={"org_slug": organization.slug}) + "?consent=missing",
        action=_("Open the registry"),
    )


@rule(Role.CURATOR, Role.STAFF)
def imports_to_confirm(membership):
    run = ImportRun.objects.filter(
        organization=membership.organization, created_by=membership.user, state=ImportRun.State.CHECKED
    ).first()
    if run is None:
        return None
    return NextStep(
        title=_("An import waits for your confirmation"),
        detail=run.original_name,
        url=reverse(
            "participants:import_run", kwargs={"org_slug": membership.organization.slug, "run_id": run.pk}
        ),
        action=_("Open the preview"),
    )
