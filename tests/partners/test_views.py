"""The partner pages as the curator, the director and the committee use them: the list with its
status filter, creation with clear errors, the partner's page with its agreements and people,
the scan, and the committee's deduplicated list without a person on it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from apps.audit.models import AuditEntry
from apps.partners.models import Agreement
from tests.conftest import make_tenant
from tests.factories import CommitteeMembershipFactory, ParticipantFactory

from .helpers import PDF, agreement, partner


def _mentor_from(tenant, partner_row):
    return ParticipantFactory(
        organization=tenant.organization,
        partner=partner_row,
        last_name="Заводской",
        category="employer",
        programme_role="mentor",
        birth_date=None,
    )


def _url(tenant, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def test_the_list_filters_partners_by_their_agreements_status(
    client, tenant_a, django_assert_max_num_queries
):
    active, expiring, expired, without = (
        partner(tenant_a, name=name)
        for name in ("Завод «Актив»", "Вуз «Скоро»", "Колледж «Старый»", "ИП Без")
    )
    agreement(tenant_a, active, ends_in_days=None)
    agreement(tenant_a, active, number="old", ends_in_days=-100)
    agreement(tenant_a, expiring, ends_in_days=10)
    agreement(tenant_a, expired, ends_in_days=-1)
    client.force_login(tenant_a.director)
    for name in ("Банк", "Театр", "Музей"):
        agreement(tenant_a, partner(tenant_a, name=name), ends_in_days=100)
    with django_assert_max_num_queries(12):
        page = client.get(_url(tenant_a, "list")).content.decode()
    assert all(p.name in page for p in (active, expiring, expired, without))
    for status, expected in (
        ("active", active),
        ("expiring", expiring),
        ("expired", expired),
        ("none", without),
    ):
        page = client.get(_url(tenant_a, "list"), {"status": status}).content.decode()
        others = {active, expiring, expired, without} - {expected}
        assert expected.name in page and not any(p.name in page for p in others), status
    # The director reads; adding is the curator's and the staff's.
    assert 'data-testid="partner-create"' not in page


def test_the_curator_adds_a_partner_and_wrong_requisites_are_explained(client, tenant_a):
    client.force_login(tenant_a.curator)
    data = {"name": "ООО «Омсктехуглерод»", "kind": "employer", "inn": "7707083894", "ogrn": "", "email": ""}
    response = client.post(_url(tenant_a, "create"), data)
    assert response.status_code == 200
    assert "Контрольные цифры ИНН не сходятся" in response.content.decode()
    data["inn"] = "7707 083 893"
    data["website"] = "omsktu.ru"
    response = client.post(_url(tenant_a, "create"), data)
    created = tenant_a.organization and response.url
    assert created.startswith(_url(tenant_a, "list"))
    response = client.post(_url(tenant_a, "create"), {**data, "name": "Омсктехуглерод, ООО", "inn": ""})
    assert "Партнёр с таким названием уже есть в списке" in response.content.decode()


def test_the_partner_page_shows_details_agreements_and_its_mentors(
    client, tenant_a, django_assert_max_num_queries
):
    row = partner(tenant_a, inn="7707083893", address="Омск, ул. Ленина, 1", contact="Петров П.П.")
    agreement(tenant_a, row, number="7-С", scan=True)
    mentor = _mentor_from(tenant_a, row)
    for index in range(4):
        agreement(tenant_a, row, number=f"доп-{index}")
        _mentor_from(tenant_a, row)
    client.force_login(tenant_a.curator)
    with django_assert_max_num_queries(14):  # the same for one agreement and person or many
        page = client.get(_url(tenant_a, "detail", partner_id=row.pk)).content.decode()
    assert "7707083893" in page and "№ 7-С" in page and mentor.full_name in page
    assert 'data-status="active"' in page


def test_the_curator_adds_an_agreement_with_a_scan_and_the_director_downloads_it(client, tenant_a):
    row = partner(tenant_a)
    client.force_login(tenant_a.curator)
    today = timezone.localdate()
    form = {
        "number": "15",
        "concluded_on": today.isoformat(),
        "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(),
        "subject": "Наставничество студентов",
    }
    response = client.post(_url(tenant_a, "agreement_create", partner_id=row.pk), form)
    assert "Соглашение не может закончиться раньше" in response.content.decode()
    fake = SimpleUploadedFile("scan.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        _url(tenant_a, "agreement_create", partner_id=row.pk),
        {**form, "ends_on": (today + timedelta(days=365)).isoformat(), "scan": fake},
    )
    assert "не является настоящим сканом" in response.content.decode()
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    response = client.post(
        _url(tenant_a, "agreement_create", partner_id=row.pk),
        {**form, "ends_on": (today + timedelta(days=365)).isoformat(), "scan": scan},
    )
    assert response.status_code == 302
    made = Agreement.objects.get(partner=row)
    client.force_login(tenant_a.director)
    response = client.get(_url(tenant_a, "agreement_scan", partner_id=row.pk, agreement_id=made.pk))
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="partner.agreement_scan_downloaded", actor=tenant_a.director
    ).exists()


def test_the_curator_edits_a_partner_and_an_agreement(client, tenant_a):
    row = partner(tenant_a)
    made = agreement(tenant_a, row, ends_in_days=10)
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "edit", partner_id=row.pk), {"name": row.name, "kind": "university", "address": "Омск"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.kind == "university" and row.address == "Омск"
    ends = timezone.localdate() + timedelta(days=400)
    response = client.post(
        _url(tenant_a, "agreement_edit", partner_id=row.pk, agreement_id=made.pk),
        {
            "number": made.number,
            "concluded_on": made.concluded_on.isoformat(),
            "starts_on": made.starts_on.isoformat(),
            "ends_on": ends.isoformat(),
            "subject": made.subject,
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.ends_on == ends and made.status == "active"


def test_the_committee_sees_the_municipalitys_partners_once_each_without_people(
    client, tenant_a, django_assert_max_num_queries
):
    neighbour = make_tenant(municipality=tenant_a.organization.municipality, surname_prefix="Гаммов")
    elsewhere = make_tenant(surname_prefix="Дельтов")
    first = partner(
        tenant_a, name="ООО «Омсктехуглерод»", inn="7707083893", contact="Контактов Пётр Петрович"
    )
    agreement(tenant_a, first, number="A-1")
    second = partner(neighbour, name="Омсктехуглерод (ООО)", inn="7707083893")
    agreement(neighbour, second, number="G-1", ends_in_days=5)
    by_name = partner(tenant_a, name="ОмГТУ")
    partner(neighbour, name="ФГБОУ ВО «ОмГТУ»")
    agreement(tenant_a, by_name, number="A-2", ends_in_days=-3)
    partner(elsewhere, name="Чужой завод")
    entrepreneur = partner(tenant_a, name="ИП Предпринимателева Анна Петровна", inn="500100732259")
    agreement(tenant_a, entrepreneur, number="A-3")
    mentor = _mentor_from(tenant_a, first)
    committee = CommitteeMembershipFactory(municipality=tenant_a.organization.municipality).user
    client.force_login(committee)
    url = reverse(
        "committee_partners:list", kwargs={"municipality_slug": tenant_a.organization.municipality.slug}
    )
    for index in range(6):
        partner(neighbour, name=f"Партнёр {index}")
    with django_assert_max_num_queries(14):  # two of them the partners and their agreements
        page = client.get(url).content.decode()
    assert page.count('data-testid="committee-partner"') == 3 + 6
    assert "№ A-1" in page and "№ G-1" in page and "№ A-2" in page
    assert tenant_a.organization.short_name in page and neighbour.organization.short_name in page
    assert "Чужой завод" not in page
    # (a surname no Faker name has: the page also names the signed-in person)
    assert "Контактов" not in page and mentor.last_name not in page
    # An entrepreneur is a person: the committee reads neither the name nor the ИНН.
    assert "Предпринимателева" not in page and "500100732259" not in page
    assert "Индивидуальный предприниматель" in page and "№ A-3" in page
