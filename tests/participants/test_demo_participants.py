"""The demo participants that `load_demo` puts into every demo organisation."""

import inspect
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.demo import organizations as organizations_demo
from apps.demo.organizations import ORGANIZATIONS
from apps.demo.participants import build_demo, load_demo_participants
from apps.organizations.models import Organization
from apps.participants.consents import CHILD_AGE, age_on, annotate_consent_state, check_consent
from apps.participants.models import (
    Answer,
    Category,
    Consent,
    ExtraInformation,
    Participant,
    PartnerOrganization,
    ProgrammeRole,
    QuestionnaireTemplate,
    Status,
)
from apps.participants.retention import apply_retention
from apps.questions.models import Question

from .. import demo_world
from ..module_scope import built_for_module

SLUGS = [spec.slug for spec in ORGANIZATIONS]
MODELS = (
    Participant,
    Consent,
    Answer,
    ExtraInformation,
    PartnerOrganization,
    QuestionnaireTemplate,
    Question,
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


def _people(slug):
    return Participant.objects.filter(organization__slug=slug, anonymised_at__isnull=True)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _snapshot():
    """Every value the demo writes, to compare two runs."""
    return (
        sorted(
            Participant.objects.values_list(
                "organization__slug",
                "last_name",
                "first_name",
                "patronymic",
                "birth_date",
                "category",
                "group_name",
                "programme_role",
                "status",
                "left_on",
                "partner__name",
            )
        ),
        sorted(
            Consent.objects.values_list(
                "participant__last_name",
                "participant__first_name",
                "given_by",
                "signed_on",
                "revoked_on",
                "representative_name",
            )
        ),
        sorted((a.participant_id, a.question_id, repr(a.value)) for a in Answer.objects.all()),
        sorted(ExtraInformation.objects.values_list("participant_id", "source", "author_name", "text")),
    )


def test_every_demo_organisation_has_30_to_45_participants_of_both_roles(output):
    for slug in SLUGS:
        people = _people(slug)
        count = people.count()
        assert 30 <= count <= 45, slug
        roles = set(people.values_list("programme_role", flat=True))
        assert roles == {ProgrammeRole.MENTEE, ProgrammeRole.MENTOR, ProgrammeRole.BOTH}, slug
        assert f"  {slug}: {count} participants" in output


def test_the_people_fit_the_kind_of_organisation(output):
    today = timezone.localdate()
    rules = {
        Organization.Kind.SCHOOL: (r"^(5|6|7|8|9|10|11)[АБ]$", 11, 17, Category.TEACHER),
        Organization.Kind.COLLEGE: (r"^[А-Я]{2}-\d\d$", 15, 19, Category.EMPLOYER),
        Organization.Kind.ADDITIONAL_EDUCATION: (r", гр\. \d$", 8, 15, Category.PARENT),
    }
    for spec in ORGANIZATIONS:
        pattern, youngest, oldest, adults = rules[spec.kind]
        people = list(_people(spec.slug).select_related("partner"))
        students = [p for p in people if p.category == Category.STUDENT]
        assert len(students) >= 15, spec.slug
        for student in students:
            assert re.search(pattern, student.group_name), (spec.slug, student.group_name)
            assert youngest <= age_on(student.birth_date, today) <= oldest, (spec.slug, student.full_name)
        if spec.kind == Organization.Kind.SCHOOL:
            for student in students:  # a pupil of 7Б is 13
                assert age_on(student.birth_date, today) == int(student.group_name[:-1]) + 6
        assert any(p.category == adults for p in people), spec.slug
        assert any(p.category == Category.TEACHER for p in people), spec.slug
        # Mentors from outside come from the organisation's 2–3 partners.
        partners = PartnerOrganization.objects.filter(organization__slug=spec.slug)
        assert 2 <= partners.count() <= 3, spec.slug
        outside = [p for p in people if p.partner_id]
        assert outside and all(p.partner.organization_id == p.organization_id for p in outside)
        assert all(p.programme_role == ProgrammeRole.MENTOR for p in outside)
        assert all(p.partner_id for p in people if p.category == Category.EMPLOYER)
        # Senior students mentor younger ones.
        assert any(p.programme_role != ProgrammeRole.MENTEE for p in students), spec.slug


def test_most_have_the_consents_the_law_asks_for_and_some_do_not(output):
    today = timezone.localdate()
    for slug in SLUGS:
        people = list(annotate_consent_state(_people(slug)).prefetch_related("consents"))
        for person in people:  # the SQL rule and the Python rule agree
            assert person.consent_ok == check_consent(person, person.consents.all()).valid, person.full_name
        lacking = [p for p in people if not p.consent_ok]
        assert 0.08 * len(people) <= len(lacking) <= 0.3 * len(people), slug

        minors = [p for p in people if p.birth_date and age_on(p.birth_date, today) < 18]
        covered = [p for p in minors if p.consent_ok]
        assert covered, slug
        for minor in covered:
            representative = [
                c
                for c in minor.consents.all()
                if c.given_by == Consent.GivenBy.REPRESENTATIVE and c.is_active
            ]
            assert representative, minor.full_name
            assert all(c.representative_name and c.representative_relation for c in representative)
            own = [c for c in minor.consents.all() if c.given_by == Consent.GivenBy.SUBJECT]
            assert bool(own) == (age_on(minor.birth_date, today) >= CHILD_AGE), minor.full_name
        if slug != "valuyskiy-kolledzh":  # a college has nobody under 14
            assert any(age_on(p.birth_date, today) < CHILD_AGE for p in covered), slug
        assert any(age_on(p.birth_date, today) >= CHILD_AGE for p in covered), slug

        revoked = Consent.objects.filter(participant__in=people, revoked_on__isnull=False)
        assert 1 <= revoked.count() <= 2, slug
        for consent in revoked:
            assert today - timedelta(days=7) < consent.revoked_on < today
            assert consent.revocation_reason
        assert not Consent.objects.filter(participant__in=people, signed_on__gt=today).exists()


def test_statuses_are_mostly_in_the_base(output):
    today = timezone.localdate()
    for slug in SLUGS:
        people = list(_people(slug))
        statuses = [p.status for p in people]
        # The pairs demo approves real pairs: their people are "in a pair".
        assert statuses.count(Status.IN_BASE) + statuses.count(Status.IN_PAIR) > len(people) / 2, slug
        assert statuses.count(Status.CANDIDATE) >= 1, slug
        assert statuses.count(Status.IN_PAIR) >= 3, slug
        left = [p for p in people if p.status == Status.LEFT]
        assert 1 <= len(left) <= 2, slug
        for person in left:
            assert person.left_reason
            assert today - timedelta(days=7) < person.left_on < today


def test_most_answered_the_questionnaire_of_their_role(output):
    for slug in SLUGS:
        people = list(_people(slug))
        answers = list(
            Answer.objects.filter(participant__in=people).select_related(
                "question__question_set__questionnaire", "participant"
            )
        )
        answered = {a.participant_id for a in answers}
        assert len(answered) >= 0.7 * len(people), slug
        for answer in answers:
            question, value = answer.question, answer.value
            assert answer.organization_id == answer.participant.organization_id == question.organization_id
            role = answer.participant.programme_role
            assert role in (question.question_set.questionnaire.kind, ProgrammeRole.BOTH)
            if question.kind == Question.Kind.TEXT:
                assert isinstance(value, str) and value
            elif question.kind == Question.Kind.CHOICE:
                assert value in question.choices
            elif question.kind == Question.Kind.MULTIPLE:
                assert value and set(value) <= set(question.choices)
            else:
                assert isinstance(value, int) and 1 <= value <= question.scale_max
        both = [p for p in people if p.programme_role == ProgrammeRole.BOTH and p.pk in answered]
        for person in both:
            kinds = {
                a.question.question_set.questionnaire.kind for a in answers if a.participant_id == person.pk
            }
            assert kinds == {"mentee", "mentor"}, person.full_name


def test_class_teachers_and_psychologists_added_notes_on_some_mentees(output):
    for slug in SLUGS:
        notes = ExtraInformation.objects.filter(participant__in=_people(slug)).select_related("participant")
        assert 3 <= notes.count() <= 5, slug
        assert {n.source for n in notes} & {
            ExtraInformation.Source.CLASS_TEACHER,
            ExtraInformation.Source.OTHER,
        }, slug
        assert ExtraInformation.Source.PSYCHOLOGIST in {n.source for n in notes}, slug
        assert all(n.participant.programme_role != ProgrammeRole.MENTOR for n in notes)
        assert all(n.author_name and n.text for n in notes)


def test_running_it_twice_changes_nothing(output):
    counts, snapshot = _counts(), _snapshot()
    again = _load()
    assert _counts() == counts
    assert _snapshot() == snapshot
    for slug in SLUGS:
        assert f"  {slug}: {_people(slug).count()} participants" in again


def test_a_later_run_moves_the_dates_without_duplicating_anyone(output):
    later = timezone.localdate() + timedelta(days=400)
    counts = _counts()
    for spec in ORGANIZATIONS:
        organization = Organization.objects.get(slug=spec.slug)
        assert load_demo_participants(organization=organization, today=later) == _people(spec.slug).count()
    assert _counts() == counts
    for student in Participant.objects.filter(organization__slug="licey-7", category=Category.STUDENT):
        assert age_on(student.birth_date, later) == int(student.group_name[:-1]) + 6


def test_it_brings_changed_demo_people_back_to_the_definition(output):
    snapshot = _snapshot()
    person = _people("licey-7").filter(consents__isnull=False).first()
    person.status = Status.LEFT
    person.save()
    person.consents.all().delete()
    Answer.objects.filter(participant=person).delete()
    _load()
    assert _snapshot() == snapshot


def test_people_whom_retention_anonymised_come_back_without_growing_the_bases(output):
    counts = {slug: _people(slug).count() for slug in SLUGS}
    result = apply_retention(timezone.localdate() + timedelta(days=30))
    assert result.anonymised >= len(SLUGS) * 2  # the revoked consents and the people who left
    again = _load()
    for slug in SLUGS:
        assert _people(slug).count() == counts[slug]
        assert f"  {slug}: {counts[slug]} participants" in again


def test_the_definition_is_the_same_on_every_run_and_names_are_unique():
    today = timezone.localdate()
    for spec in ORGANIZATIONS:
        first = build_demo(slug=spec.slug, kind=spec.kind, today=today)
        second = build_demo(slug=spec.slug, kind=spec.kind, today=today)
        assert first == second
        keys = [person.key for person in first.people]
        assert len(keys) == len(set(keys)), spec.slug
        for person in first.people:
            assert person.patronymic.endswith("ич" if person.male else "на"), person.key


def test_the_organisations_demo_does_not_know_about_participants():
    assert "apps.participants" not in inspect.getsource(organizations_demo)
