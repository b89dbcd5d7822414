"""Inclusion groups (issue #19): special category data, the curator's alone, under a consent."""

from datetime import date

from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.participants.models import SensitiveAttributes
from tests.factories import ConsentFactory, ParticipantFactory


def _url(tenant, participant):
    return reverse(
        "participants:sensitive",
        kwargs={"org_slug": tenant.organization.slug, "participant_id": participant.pk},
    )


def test_the_curator_records_them_under_a_consent_and_its_scope_is_kept(client, tenant_a):
    person = ParticipantFactory(organization=tenant_a.organization)
    consent = ConsentFactory(participant=person, scope="Обработка сведений об ОВЗ для мониторинга")
    client.force_login(tenant_a.curator)
    card = client.get(
        reverse(
            "participants:detail",
            kwargs={"org_slug": tenant_a.organization.slug, "participant_id": person.pk},
        )
    )
    assert 'data-testid="sensitive-link"' in card.content.decode()
    response = client.post(_url(tenant_a, person), {"disability": "on", "rural": "on", "consent": consent.pk})
    assert response.status_code == 302
    saved = SensitiveAttributes.objects.get(participant=person)
    assert (saved.disability, saved.rural, saved.low_income) == (True, True, False)
    assert (
        saved.consent_scope == "Обработка сведений об ОВЗ для мониторинга"
        and saved.recorded_by == tenant_a.curator
    )
    # The audit says that they changed, never what they are.
    entry = AuditEntry.objects.get(action="participant.sensitive_attributes_changed")
    assert entry.data == {}

    # Nothing ticked: nothing kept.
    client.post(_url(tenant_a, person), {"consent": consent.pk})
    assert not SensitiveAttributes.objects.filter(participant=person).exists()


def test_a_revoked_consent_is_refused_in_words(client, tenant_a):
    person = ParticipantFactory(organization=tenant_a.organization)
    revoked = ConsentFactory(participant=person, revoked_on=date(2026, 10, 1))
    client.force_login(tenant_a.curator)
    page = client.post(_url(tenant_a, person), {"low_income": "on", "consent": revoked.pk})
    assert page.status_code == 200 and page.context["form"].errors
    assert not SensitiveAttributes.objects.exists()


def test_the_director_neither_reads_nor_sees_the_link(client, tenant_a):
    person = ParticipantFactory(organization=tenant_a.organization)
    client.force_login(tenant_a.director)
    assert client.get(_url(tenant_a, person)).status_code == 403
    card = client.get(
        reverse(
            "participants:detail",
            kwargs={"org_slug": tenant_a.organization.slug, "participant_id": person.pk},
        )
    )
    assert 'data-testid="sensitive-link"' not in card.content.decode()
