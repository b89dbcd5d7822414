"""The demo programmes, pairs and meetings that `load_demo` puts into every demo organisation."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import get_objects_for_user

from apps.audit.models import AuditEntry
from apps.demo.organizations import ORGANIZATIONS
from apps.demo.pairs import PROGRAMMES, PROGRAMMES_BY_SLUG
from apps.demo.teachers import TITLE as TEACHER_PROGRAMME
from apps.pairs.models import (
    Enrollment,
    Meeting,
    MeetingFeedback,
    MeetingPlan,
    MentoringForm,
    Pair,
    PairMentee,
    Programme,
)
from apps.pairs.selectors import meetings_of
from apps.participants.models import Participant
from apps.participants.models import Status as ParticipantStatus

from .. import demo_world
from ..module_scope import built_for_module

User = get_user_model()
SLUGS = [spec.slug for spec in ORGANIZATIONS]
# The organisations with pupil programmes; Борисовская СОШ's seed (001) runs teacher–teacher
# mentoring only (apps/demo/teachers.py): its programme is tested below and in tests/teachers.
PUPIL_SLUGS = [slug for slug in SLUGS if PROGRAMMES_BY_SLUG.get(slug) != []]
TEACHER_SLUG = "borisovskaya-sosh"
MODELS = (
    MentoringForm,
    Programme,
    Enrollment,
    Pair,
    PairMentee,
    Meeting,
    MeetingFeedback,
    MeetingPlan,
    UserObjectPermission,
)


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """One load for the whole module; every case still rolls back its own changes."""
    yield from built_for_module(django_db_blocker, demo_world.load_demo)


@pytest.fixture
def output(loaded_once, db):
    return loaded_once


def _counts():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["audit"] = AuditEntry.objects.filter(action__regex=r"^(pair|programme)\.").count()
    return counts


def _snapshot():
    return (
        sorted(Pair.objects.values_list("organization__slug", "programme__title", "mentor_id", "status")),
        sorted(Participant.objects.values_list("pk", "status", "account_id")),
        sorted(Enrollment.objects.values_list("participant_id", "side", "needs_support")),
    )


def test_every_demo_organisation_has_its_programmes_with_its_curator(output):
    for spec in ORGANIZATIONS:
        if spec.slug not in PUPIL_SLUGS:
            continue
        programmes = Programme.objects.filter(organization__slug=spec.slug).select_related("form", "curator")
        assert 1 <= programmes.count() <= 2, spec.slug
        for programme in programmes:
            assert programme.curator.username == f"curator-{spec.slug}"
            assert programme.goals
            assert programme.form.organization_id == programme.organization_id
            assert programme.starts_on.year == programme.academic_year
        forms = {p.form.name for p in programmes}
        assert forms == {s.form for s in PROGRAMMES[programmes[0].organization.kind]}, spec.slug
        assert f"  {spec.slug}: " in output
        assert "programmes" in output


def test_borisovka_runs_only_teacher_teacher_mentoring_as_its_seed(output):
    """Seed 001: «Положение о системе наставничества педагогических работников»: one programme
    of the «Учитель – учитель» form, teachers in its pairs, no pupil enrolled or paired."""
    programme = Programme.objects.select_related("form", "curator").get(organization__slug=TEACHER_SLUG)
    assert programme.title == TEACHER_PROGRAMME
    assert programme.form.name == "Учитель – учитель"
    assert programme.curator.username == f"curator-{TEACHER_SLUG}"
    enrolled = Participant.objects.filter(enrollments__programme__organization__slug=TEACHER_SLUG).distinct()
    assert enrolled.exists() and not enrolled.filter(category="student").exists()
    pairs = Pair.objects.filter(organization__slug=TEACHER_SLUG)
    assert pairs.count() == 3 and set(pairs.values_list("status", flat=True)) == {Pair.Status.ACTIVE}
    assert not PairMentee.objects.filter(pair__in=pairs, mentee__category="student").exists()
    assert "no pupil programmes" in output.split(f"  {TEACHER_SLUG}: ")[1].splitlines()[0]


def test_enrolments_follow_the_participants(output):
    for slug in PUPIL_SLUGS:
        enrollments = Enrollment.objects.filter(organization__slug=slug).select_related("participant")
        mentors = [e for e in enrollments if e.side == Enrollment.Side.MENTOR]
        mentees = [e for e in enrollments if e.side == Enrollment.Side.MENTEE]
        assert mentors and mentees, slug
        for enrollment in enrollments:
            assert enrollment.participant.organization.slug == slug
            assert enrollment.participant.status != ParticipantStatus.LEFT
            assert enrollment.participant.anonymised_at is None
        assert all(e.participant.programme_role in ("mentor", "both") for e in mentors)
        assert all(e.participant.programme_role in ("mentee", "both") for e in mentees)
        candidates = [e for e in mentors if e.selection == Enrollment.Selection.CANDIDATE]
        assert 1 <= len(candidates) <= 2, slug
        for enrollment in mentors:
            assert 1 <= enrollment.capacity <= 3
            if enrollment.selection == Enrollment.Selection.SELECTED:
                assert enrollment.trained_on.month in (9, 10), slug
        # Nobody mentors and is mentored in the same programme.
        assert not {(e.programme_id, e.participant_id) for e in mentors} & {
            (e.programme_id, e.participant_id) for e in mentees
        }


def test_pairs_go_through_their_life(output):
    for slug in PUPIL_SLUGS:
        pairs = Pair.objects.filter(organization__slug=slug)
        statuses = set(pairs.values_list("status", flat=True))
        assert {Pair.Status.PROPOSED, Pair.Status.ACTIVE, Pair.Status.DISSOLVED} <= statuses, slug
        assert len(statuses) >= 4, slug
        dissolved = pairs.filter(status=Pair.Status.DISSOLVED)
        assert dissolved.count() == 1, slug
        assert dissolved.get().dissolution_reason
        for pair in pairs.exclude(status=Pair.Status.PROPOSED):
            people = [pair.mentor, *(m.mentee for m in pair.members.all())]
            assert all(p.consents.exists() for p in people)  # approval needs the consents
        for pair in pairs:
            assert pair.members.exists()
            assert all(m.mentee.organization.slug == slug for m in pair.members.all())


def test_meetings_are_in_the_past_and_some_lack_feedback(output):
    for slug in SLUGS:
        meetings = Meeting.objects.filter(organization__slug=slug)
        assert meetings.count() >= 5, slug
        kinds = set(meetings.values_list("kind", flat=True))
        assert {"organisational", "trial", "planning", "regular"} <= kinds, slug
        assert meetings.filter(online=True).exists(), slug
        assert not meetings.filter(pair__status=Pair.Status.PROPOSED).exists()
        lacking = given = 0
        for pair in Pair.objects.filter(organization__slug=slug):
            for meeting in meetings_of(pair):
                assert meeting.held_on <= timezone.localdate()
                assert meeting.attendees.exists()
                given += meeting.feedback.count()
                lacking += bool(meeting.missing_feedback)
        assert lacking >= 1, slug
        assert given > lacking, slug  # most attendees give theirs


def test_the_demo_mentor_user_sees_their_own_working_pair(output):
    for slug in SLUGS:
        user = User.objects.get(username=f"mentor-{slug}")
        pairs = get_objects_for_user(user, "pairs.view_pair", klass=Pair)
        assert pairs.exists(), slug
        assert {p.organization.slug for p in pairs} == {slug}
        assert pairs.filter(status__in=[Pair.Status.APPROVED, Pair.Status.ACTIVE]).exists(), slug
        assert all(p.mentor.account == user for p in pairs)
        assert Participant.objects.filter(account=user).count() == 1
        # Their next meeting is planned within the week: the reminders have something to say.
        planned = MeetingPlan.objects.get(pair__in=pairs)
        assert 1 <= (planned.planned_for - timezone.localdate()).days <= 7, slug


def test_running_it_twice_changes_nothing(output):
    counts, snapshot = _counts(), _snapshot()
    again = _load()
    assert _counts() == counts
    assert _snapshot() == snapshot
    for slug in SLUGS:
        assert "already there" in again.split(f"  {slug}: ")[1].splitlines()[0]
