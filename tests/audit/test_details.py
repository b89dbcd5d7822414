"""The director's «Журнал изменений» speaks words: Russian labels of fields, statuses and
reasons (English in English), never a raw key, a code or a Python list."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from apps.audit.actions import DATA_LABELS, VALUE_CHOICES
from apps.audit.details import _field
from apps.audit.models import AuditEntry
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.organizations.services import membership_change
from apps.pairs.models import Pair
from apps.participants.models import Participant
from apps.participants.services import participant_update


def _data_keys_logged_by_the_apps():
    """Every key of a literal `data={...}` given to `.log(...)` or `log_action(...)` in apps/."""
    keys = {}
    for path in (Path(settings.BASE_DIR) / "apps").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(
                getattr(node, "func", None), "attr", getattr(getattr(node, "func", None), "id", None)
            )
            if not isinstance(node, ast.Call) or name not in ("log", "log_action"):
                continue
            for keyword in node.keywords:
                if keyword.arg == "data":
                    for dictionary in ast.walk(keyword.value):
                        if isinstance(dictionary, ast.Dict):
                            for key in dictionary.keys:
                                if isinstance(key, ast.Constant):
                                    keys[key.value] = f"{path}:{node.lineno}"
    return keys


def test_every_key_the_apps_log_has_a_label():
    keys = _data_keys_logged_by_the_apps()
    assert len(keys) > 40
    # membership.changed logs a dict built key by key: its keys are the membership's fields.
    keys.update({"role": "membership.changed", "is_active": "membership.changed"})
    missing = {key: where for key, where in keys.items() if key not in DATA_LABELS}
    assert not missing, f"add them to DATA_LABELS in apps/audit/actions.py: {missing}"


def test_every_choice_reference_names_a_field_with_choices():
    for reference in VALUE_CHOICES.values():
        assert _field(reference).choices, reference


def _details(action, **data):
    entry = AuditEntry.objects.filter(action=action, **data).latest("pk")
    return entry.details


@pytest.mark.usefixtures("pairs_seeded")
def test_statuses_fields_and_reasons_are_words(tenant_a):
    organization = tenant_a.organization
    pair = Pair.objects.get(organization=organization)
    pair.log("pair.approved", actor=tenant_a.director, data={"from": "proposed", "to": "approved"})
    participant = Participant.objects.filter(organization=organization).first()
    participant_update(participant=participant, actor=tenant_a.curator, first_name="Новое", last_name="Имя")
    participant.log("participant.anonymised", actor=None, data={"reason": "consent revoked"})
    membership = Membership.objects.get(organization=organization, user=tenant_a.staff)
    membership_change(membership=membership, actor=tenant_a.director, role=Role.CURATOR, is_active=False)

    with translation.override("ru"):
        assert AuditEntry.objects.filter(action="pair.approved").latest("pk").details == [
            ("Было", "Предложена"),
            ("Стало", "Утверждена"),
        ]
        assert AuditEntry.objects.filter(action="participant.changed").latest("pk").details == [
            ("Изменено", "имя, фамилия")
        ]
        assert AuditEntry.objects.filter(action="participant.anonymised").latest("pk").details == [
            ("Причина", "согласие отозвано")
        ]
        assert AuditEntry.objects.filter(action="membership.changed").latest("pk").details == [
            ("Роль", "Сотрудник → Куратор"),
            ("Доступ", "да → нет"),
        ]
    with translation.override("en"):
        assert AuditEntry.objects.filter(action="pair.approved").latest("pk").details == [
            ("Was", "Proposed"),
            ("Now", "Approved"),
        ]
        assert AuditEntry.objects.filter(action="participant.changed").latest("pk").details == [
            ("Changed", "first name, surname")
        ]
        assert AuditEntry.objects.filter(action="participant.anonymised").latest("pk").details == [
            ("Reason", "the consent was revoked")
        ]


@pytest.mark.usefixtures("pairs_seeded", "orders_seeded")
@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_directors_journal_shows_no_raw_keys(client, tenant_a, language):
    organization = tenant_a.organization
    pair = Pair.objects.get(organization=organization)
    pair.log("pair.dissolved", actor=tenant_a.curator, data={"from": "approved", "to": "dissolved"})
    participant = Participant.objects.filter(organization=organization).first()
    participant_update(participant=participant, actor=tenant_a.curator, first_name="Новое", last_name="Имя")
    participant.log("participant.anonymised", actor=None, data={"reason": "consent revoked"})
    client.force_login(tenant_a.director)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("audit:log", kwargs={"org_slug": organization.slug})).content.decode()
    for raw in (
        "reason:",
        "to:",
        "from:",
        "fields:",
        "['",
        "consent revoked",
        "first_name",
        "kind:",
        "number:",
    ):
        assert raw not in page, raw
    if language == "ru":
        assert "Было: Утверждена; Стало: Расформирована" in page
        assert "Изменено: имя, фамилия" in page
        assert "Причина: согласие отозвано" in page
        assert "Тип: О внедрении целевой модели наставничества; Номер: 1-ОД" in page
    else:
        assert "Was: Approved; Now: Dissolved" in page
        assert "Changed: first name, surname" in page
        assert "Kind: On implementing the target model of mentoring; Number: 1-ОД" in page
