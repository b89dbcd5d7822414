"""Partners' requisites and agreements: check digits, one partner per name or ИНН, the computed
status, the audit, and the roadmap activities an agreement completes (seed 002 1.3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.core.requisites import inn_is_valid, ogrn_is_valid
from apps.partners import services
from apps.partners.models import Status, status_on
from apps.partners.names import name_key
from apps.roadmap import services as roadmap_services
from apps.roadmap.models import Activity
from apps.roadmap.template_library import get_template

from .helpers import agreement, partner


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("7707083893", True),
        ("500100732259", True),
        ("7707083894", False),
        ("500100732258", False),
        ("77070", False),
    ],
)
def test_inn_check_digits(value, valid):
    assert inn_is_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("1027700132195", True), ("304500116000157", True), ("1027700132196", False), ("30450011600015", False)],
)
def test_ogrn_check_digits(value, valid):
    assert ogrn_is_valid(value) is valid


def test_a_partner_is_created_with_its_requisites_and_logged(tenant_a):
    row = partner(
        tenant_a,
        inn="7707083893",
        ogrn="1027700132195",
        address="Омск, ул. Ленина, 1",
        phone="+7 3812 00-00-00",
    )
    assert row.inn == "7707083893" and row.organization == tenant_a.organization
    assert AuditEntry.objects.filter(action="partner.created", target_id=row.pk).exists()


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        ({"inn": "7707083894"}, "inn", "Контрольные"),
        ({"inn": "123"}, "inn", "10 цифр"),
        ({"ogrn": "1027700132196"}, "ogrn", "Контрольная"),
    ],
)
def test_wrong_requisites_are_refused_with_a_clear_message(tenant_a, details, field, words):
    from django.utils import translation

    with translation.override("ru"), pytest.raises(ValidationError) as error:
        partner(tenant_a, **details)
    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])


def test_the_same_partner_twice_is_refused_by_inn_or_by_name_written_otherwise(tenant_a):
    partner(tenant_a, name="ООО «Омсктехуглерод»", inn="7707083893")
    with pytest.raises(ValidationError) as error:
        partner(tenant_a, name="Другое название", inn="7707083893")
    assert "inn" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        partner(tenant_a, name="Омсктехуглерод, ООО")
    assert "name" in error.value.message_dict


def test_names_are_compared_without_legal_form_quotes_and_case():
    assert name_key("ООО «Омсктехуглерод»") == name_key("омсктехуглерод, ооо") == "омсктехуглерод"
    assert name_key("ФГБОУ ВО «ОмГТУ»") == name_key("ОмГТУ")
    assert name_key("Завод «Ёлка»") == name_key("завод елка")


def test_partner_update_logs_the_changed_fields_only(tenant_a):
    row = partner(tenant_a)
    assert services.partner_update(partner=row, actor=tenant_a.curator, address="Омск", name=row.name) == [
        "address"
    ]
    entry = AuditEntry.objects.get(action="partner.changed")
    assert entry.data == {"fields": ["address"]}
    assert services.partner_update(partner=row, actor=tenant_a.curator, address="Омск") == []


def test_status_by_the_term():
    today = timezone.localdate()
    assert status_on(None, today) == Status.ACTIVE
    assert status_on(today + timedelta(days=31), today) == Status.ACTIVE
    assert status_on(today + timedelta(days=30), today) == Status.EXPIRING
    assert status_on(today, today) == Status.EXPIRING
    assert status_on(today - timedelta(days=1), today) == Status.EXPIRED


def test_an_agreement_with_a_scan_is_stored_privately_and_logged(tenant_a, settings):
    row = partner(tenant_a)
    made = agreement(tenant_a, row, scan=True)
    assert made.organization == tenant_a.organization
    assert made.scan.storage.location == str(settings.PRIVATE_MEDIA_ROOT)
    assert made.scan.read().startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="partner.agreement_concluded")
    assert entry.data == {"number": "12/2026", "scan": True}


def test_an_agreement_ending_before_it_starts_is_refused(tenant_a):
    row = partner(tenant_a)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            partner=row,
            actor=tenant_a.curator,
            number="1",
            concluded_on=today,
            starts_on=today,
            ends_on=today - timedelta(days=1),
            subject="Сотрудничество",
        )
    assert "ends_on" in error.value.message_dict


def test_concluding_an_agreement_completes_the_roadmap_activities(tenant_a):
    """The committee's own roadmap (seed 002 1.3) and an organisation's activity of the event."""
    organization = tenant_a.organization
    year = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    committee_roadmap = roadmap_services.roadmap_create(
        owner=organization.municipality, year=year, data=get_template("kalachinsk"), source="template"
    )
    own = roadmap_services.roadmap_create(
        owner=organization, year=year, data=get_template("lyceum7"), source="template", actor=tenant_a.curator
    )
    own_activity = own.activities.first()
    own_activity.event = Activity.Event.PARTNER_AGREEMENT
    own_activity.save(update_fields=["event"])
    activity = committee_roadmap.activities.get(event=Activity.Event.PARTNER_AGREEMENT)
    assert activity.number == "1.3."
    row = partner(tenant_a)
    agreement(tenant_a, row, number="7-С")
    activity.refresh_from_db()
    own_activity.refresh_from_db()
    assert activity.status == own_activity.status == Activity.Status.DONE
    assert "№ 7-С" in activity.evidence_note and organization.short_name in activity.evidence_note
    assert activity.evidence_link.endswith(f"/m/{organization.municipality.slug}/partners/")
    assert own_activity.evidence_link.endswith(f"/partners/{row.pk}/")


def test_an_imported_activity_about_agreements_with_partners_is_completed_by_one():
    """The importer's phrase table links such an activity as the built-in template 002 does."""
    from apps.roadmap.links import links_of

    assert links_of({"title": "Заключение соглашений с организациями-партнерами по внедрению ЦМН"}) == {
        "orders": [],
        "event": "partner_agreement",
    }
    assert (
        links_of({"title": "Заключение договоров о сотрудничестве с партнёрами"})["event"]
        == "partner_agreement"
    )
    assert links_of({"title": "Формирование перечня партнерских организаций"})["event"] == ""


def test_a_new_scan_replaces_the_old_one_once_saved(tenant_a, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    made = agreement(tenant_a, partner(tenant_a), scan=True)
    old = made.scan.name
    storage = made.scan.storage
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.agreement_update(
            agreement=made, actor=tenant_a.curator, scan=ContentFile(b"%PDF-1.4 new", name="new.pdf")
        )
    assert changed == ["scan"]
    made.refresh_from_db()
    assert made.scan.read() == b"%PDF-1.4 new"
    assert not storage.exists(old)
    assert AuditEntry.objects.get(action="partner.agreement_changed").data == {"fields": ["scan"]}
