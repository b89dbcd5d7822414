"""Participants through the API: filters, cursor pages, ETag, Idempotency-Key, audit."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from apps.api.serializers import ParticipantSerializer
from apps.audit.models import AuditEntry
from apps.participants.models import Participant
from tests.factories import ConsentFactory, ParticipantFactory


def _url(tenant, **kwargs):
    return reverse("api:participants", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_it_lists_the_organisations_participants_only(curator_api, tenant_a, tenant_b):
    response = curator_api.get(_url(tenant_a))
    assert response.status_code == 200
    names = [row["last_name"] for row in response.json()["results"]]
    assert names == ["АльфовНаставляемый"]
    assert response.json()["results"][0]["consent_ok"] in (True, False)


def test_it_filters_by_role_category_and_updated_since(curator_api, tenant_a):
    ParticipantFactory(
        organization=tenant_a.organization, last_name="Учителева", category="teacher", programme_role="mentor"
    )
    mentors = curator_api.get(_url(tenant_a), {"role": "mentor"}).json()["results"]
    assert [row["last_name"] for row in mentors] == ["Учителева"]
    teachers = curator_api.get(_url(tenant_a), {"category": "teacher"}).json()["results"]
    assert [row["last_name"] for row in teachers] == ["Учителева"]
    Participant.objects.filter(last_name="Учителева").update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = curator_api.get(_url(tenant_a), {"updated_since": since}).json()["results"]
    assert "Учителева" not in [row["last_name"] for row in recent]


def test_a_bad_filter_is_a_clear_400(curator_api, tenant_a):
    response = curator_api.get(_url(tenant_a), {"updated_since": "вчера", "role": "boss"})
    assert response.status_code == 400
    assert set(response.json()) == {"updated_since", "role"}


def test_it_pages_with_a_cursor(curator_api, tenant_a):
    ParticipantFactory.create_batch(4, organization=tenant_a.organization)
    first = curator_api.get(_url(tenant_a), {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["next"]
    second = curator_api.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(set(ids)) == 5


def test_an_unchanged_list_is_a_304(curator_api, tenant_a):
    first = curator_api.get(_url(tenant_a))
    etag = first["ETag"]
    assert curator_api.get(_url(tenant_a), HTTP_IF_NONE_MATCH=etag).status_code == 304
    Participant.objects.filter(organization=tenant_a.organization).update(group_name="9Б")
    again = curator_api.get(_url(tenant_a), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_every_read_of_personal_data_is_audited(curator_api, tenant_a):
    curator_api.get(_url(tenant_a))
    entry = AuditEntry.objects.get(action="api.personal_data_read")
    assert entry.organization == tenant_a.organization and entry.actor == tenant_a.curator
    assert entry.data == {"resource": "participants", "rows": 1}
    participant = Participant.objects.get(organization=tenant_a.organization)
    curator_api.get(
        reverse("api:participant", kwargs={"org_slug": "alpha", "participant_id": participant.pk})
    )
    assert AuditEntry.objects.filter(action="participant.viewed", target_id=participant.pk).exists()


def test_it_creates_once_per_idempotency_key(curator_api, tenant_a):
    data = {
        "last_name": "Новикова",
        "first_name": "Дарья",
        "category": "student",
        "programme_role": "mentee",
        "birth_date": "2012-04-01",
    }
    first = curator_api.post(_url(tenant_a), data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    again = curator_api.post(_url(tenant_a), data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Participant.objects.filter(last_name="Новикова").count() == 1
    assert AuditEntry.objects.filter(action="participant.created").count() == 1


def test_bad_input_is_refused_with_the_fields_named(curator_api, tenant_a):
    response = curator_api.post(
        _url(tenant_a), {"last_name": "", "category": "king"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert response.status_code == 400
    assert {"last_name", "first_name", "category", "programme_role"} <= set(response.json())
    # The failed key may be used again.
    data = {"last_name": "Новикова", "first_name": "Дарья", "category": "teacher", "programme_role": "mentor"}
    assert (
        curator_api.post(_url(tenant_a), data, format="json", HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201
    )


def test_it_updates_through_the_service(curator_api, tenant_a, tenant_b):
    participant = Participant.objects.get(organization=tenant_a.organization)
    url = reverse("api:participant", kwargs={"org_slug": "alpha", "participant_id": participant.pk})
    response = curator_api.patch(url, {"group_name": "7Б"}, format="json")
    assert response.status_code == 200 and response.json()["group_name"] == "7Б"
    entry = AuditEntry.objects.get(action="participant.changed")
    assert entry.data == {"fields": ["group_name"]}
    # B's participant in A's URL: 404.
    other = Participant.objects.get(organization=tenant_b.organization)
    url = reverse("api:participant", kwargs={"org_slug": "alpha", "participant_id": other.pk})
    assert curator_api.patch(url, {"group_name": "7Б"}, format="json").status_code == 404


def test_a_partner_of_another_organisation_is_invalid(curator_api, tenant_a, tenant_b):
    from apps.participants.models import PartnerOrganization

    partner = PartnerOrganization.objects.create(organization=tenant_b.organization, name="Завод")
    participant = Participant.objects.get(organization=tenant_a.organization)
    url = reverse("api:participant", kwargs={"org_slug": "alpha", "participant_id": participant.pk})
    assert curator_api.patch(url, {"partner": partner.pk}, format="json").status_code == 400


def test_consents_are_read_and_recorded(curator_api, tenant_a):
    participant = Participant.objects.get(organization=tenant_a.organization)
    url = reverse("api:consents", kwargs={"org_slug": "alpha", "participant_id": participant.pk})
    assert len(curator_api.get(url).json()["results"]) == 1
    response = curator_api.post(
        url,
        {
            "given_by": "representative",
            "representative_name": "Новикова Е.П.",
            "representative_relation": "mother",
            "signed_on": str(timezone.localdate()),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    refused = curator_api.post(url, {"given_by": "representative", "signed_on": "2020-01-01"}, format="json")
    assert refused.status_code == 400


def test_a_page_costs_the_same_queries_for_5_or_100_people(
    curator_api, tenant_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ParticipantFactory.create_batch(4, organization=tenant_a.organization)
    with CaptureQueriesContext(connection) as few:
        assert len(curator_api.get(_url(tenant_a)).json()["results"]) == 5
    for participant in ParticipantFactory.create_batch(95, organization=tenant_a.organization):
        ConsentFactory(participant=participant)
    with django_assert_max_num_queries(len(few)):
        assert len(curator_api.get(_url(tenant_a)).json()["results"]) == 100


def test_the_pages_rows_are_what_the_serializer_writes(tenant_a):
    from apps.api.selectors import participants_filtered, with_consent_state
    from apps.api.serializers import participant_rows
    from apps.participants.models import PartnerOrganization

    partner = PartnerOrganization.objects.create(organization=tenant_a.organization, name="Завод")
    ParticipantFactory(organization=tenant_a.organization, partner=partner, birth_date=None, phone="+7 900")
    people = with_consent_state(list(participants_filtered(organization=tenant_a.organization)))
    assert participant_rows(people) == ParticipantSerializer(people, many=True).data
