"""Борисовская СОШ's demo runs the mentoring of teachers as its seed (001) describes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.demo.teachers import TITLE, load_demo_teachers
from apps.monitoring.models import TargetSnapshot
from apps.monitoring.periods import quarter_of
from apps.monitoring.targets import compute
from apps.orders.models import Order
from apps.organizations.models import Organization
from apps.pairs.models import Pair
from apps.roadmap.models import Activity
from apps.teachers.models import DutyConsent, PersonalisedProgramme, SupplementaryAgreement, TeacherProfile
from apps.teachers.selectors import pairs_without_duty_consent

from .. import demo_world
from ..module_scope import built_for_module

SLUG = "borisovskaya-sosh"


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    yield from built_for_module(django_db_blocker, demo_world.load_demo)


@pytest.fixture
def output(loaded_once, db):
    return loaded_once


def test_borisovka_runs_teacher_teacher_mentoring(output):
    assert "teacher programme: 3 pairs and groups, 3 personalised programmes approved" in output
    organization = Organization.objects.get(slug=SLUG)
    pairs = list(
        Pair.objects.filter(organization=organization, programme__title=TITLE).select_related(
            "programme__form"
        )
    )
    # Approved by the pairs order, then working: their meetings are logged (tests/pairs/test_demo_pairs.py).
    assert len(pairs) == 3 and all(p.status == Pair.Status.ACTIVE for p in pairs)
    # The organisation's only programme, as in its seed: no pupil programme beside it.
    assert set(Pair.objects.filter(organization=organization).values_list("programme__title", flat=True)) == {
        TITLE
    }
    assert pairs_without_duty_consent(pairs) == {}
    profiles = TeacherProfile.objects.filter(organization=organization)
    assert profiles.filter(situation="young_specialist").count() == 2
    assert {p.situation for p in profiles} == {"young_specialist", "new_employee", "new_role"}
    assert all(p.participant.professional_requests.exists() for p in profiles)
    assert DutyConsent.objects.filter(organization=organization).count() == 3
    assert SupplementaryAgreement.objects.filter(organization=organization).count() == 3
    assert PersonalisedProgramme.objects.filter(organization=organization, status="approved").count() == 3
    order = Order.objects.get(organization=organization, kind="pairs", status="approved")
    assert set(order.pairs.values_list("pk", flat=True)) == {p.pk for p in pairs}
    linked = Activity.objects.filter(roadmap__organization=organization, evidence_link__contains="/teachers/")
    assert linked.filter(title__icontains="Разработка персонализированных программ").exists()
    # The target «young specialists with a mentor»: the two young specialists (0 and 2 years),
    # both in the group; the new employee (9 years) and the new class teacher (16) are not young.
    today = timezone.localdate()
    assert compute([organization.pk], today)[organization.pk]["young_mentored"] == (2, 2)
    snapshot = TargetSnapshot.objects.get(
        organization=organization, period=quarter_of(today), code="young_mentored"
    )
    assert (snapshot.numerator, snapshot.denominator) == (2, 2)
    # Only Борисовская СОШ runs it.
    assert not TeacherProfile.objects.exclude(organization=organization).exists()


def test_loading_again_changes_nothing(output):
    organization = Organization.objects.get(slug=SLUG)
    before = (AuditEntry.objects.count(), Pair.objects.count(), DutyConsent.objects.count())
    assert "already there" in load_demo_teachers(organization=organization)
    assert (AuditEntry.objects.count(), Pair.objects.count(), DutyConsent.objects.count()) == before
