"""The consent rule of art. 351.8 (no approval without it), early termination, teachers'
profiles, the personalised programme and the supplementary agreement (their PDFs read back)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.documents.rendering import render_subject
from apps.monitoring import targets
from apps.orders import services as orders
from apps.pairs.models import Pair
from apps.pairs.services.pairs import pair_approve
from apps.teachers import selectors, services
from apps.teachers.models import AGREEMENT_PDF, PROGRAMME_PDF, PersonalisedProgramme
from tests.orders.test_pdf import pdf_text

from .helpers import consent_for, teacher_pair


@pytest.fixture
def pair(tenant_a):
    return teacher_pair(tenant_a)


def test_it_refuses_a_teacher_pair_without_the_mentors_consent(tenant_a, pair):
    with pytest.raises(ValidationError, match="351.8"):
        pair_approve(pair=pair, actor=tenant_a.curator)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PROPOSED


def test_a_consent_for_part_of_the_period_is_not_enough(tenant_a, pair):
    consent_for(pair, tenant_a.curator, ends_on=date(2026, 12, 31))
    with pytest.raises(ValidationError, match="351.8"):
        pair_approve(pair=pair, actor=tenant_a.curator)


def test_it_approves_a_teacher_pair_with_the_consent_for_the_period(tenant_a, pair):
    consent_for(pair, tenant_a.curator)
    assert pair_approve(pair=pair, actor=tenant_a.curator).status == Pair.Status.APPROVED


def test_the_pairs_order_cannot_list_a_pair_without_the_consent(tenant_a, pair):
    order = orders.order_draft(
        organization=tenant_a.organization, kind="pairs", actor=tenant_a.curator, programme=pair.programme
    )
    missing = orders.order_missing_data(order)
    assert any(pair.mentor.full_name in line and "351.8" in line for line in missing)
    with pytest.raises(ValidationError):
        orders.order_submit(order=order, actor=tenant_a.curator)
    consent_for(pair, tenant_a.curator)
    assert orders.order_missing_data(order) == []
    orders.order_submit(order=order, actor=tenant_a.curator)
    orders.order_approve(order=order, actor=tenant_a.director)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED


def test_other_forms_need_no_consent_to_duties(tenant_a, pairs_seeded):
    pair = Pair.objects.get(organization=tenant_a.organization)
    assert selectors.pairs_without_duty_consent([pair]) == {}


def test_ending_early_records_the_notice_and_ends_the_pair(tenant_a, pair):
    consent = consent_for(pair, tenant_a.curator)
    pair_approve(pair=pair, actor=tenant_a.curator)
    with pytest.raises(ValidationError):
        services.duty_consent_end_early(
            consent=consent,
            actor=tenant_a.curator,
            notice_by="employee",
            notice_on=date(2027, 2, 1),
            ended_on=date(2027, 1, 20),
        )
    consent = services.duty_consent_end_early(
        consent=consent,
        actor=tenant_a.curator,
        notice_by="employee",
        notice_on=date(2027, 2, 1),
        ended_on=date(2027, 2, 5),
        reason="Переход на другую работу",
    )
    assert (consent.notice_by, consent.notice_on, consent.ended_on) == (
        "employee",
        date(2027, 2, 1),
        date(2027, 2, 5),
    )
    pair.refresh_from_db()
    assert pair.status == Pair.Status.DISSOLVED
    assert "01.02.2027" in pair.dissolution_reason and "Переход на другую работу" in pair.dissolution_reason
    assert AuditEntry.objects.filter(action="duty_consent.ended").exists()
    # An ended consent no longer covers the period.
    assert selectors.pairs_without_duty_consent([pair])


def test_only_the_mentor_confirms_their_consent(tenant_a, pair):
    consent = consent_for(pair, tenant_a.curator)
    with pytest.raises(PermissionDenied):
        services.duty_consent_confirm(consent=consent, actor=tenant_a.mentor)
    pair.mentor.account = tenant_a.mentor
    pair.mentor.save()
    consent = services.duty_consent_confirm(consent=consent, actor=tenant_a.mentor)
    assert consent.confirmed_at is not None


def test_a_young_specialist_has_a_start_date_and_at_most_three_years(tenant_a, pair):
    mentee = pair.members.get().mentee
    with pytest.raises(ValidationError):
        services.teacher_profile_save(
            participant=mentee, actor=tenant_a.curator, situation="young_specialist", experience_years=1
        )
    with pytest.raises(ValidationError):
        services.teacher_profile_save(
            participant=mentee,
            actor=tenant_a.curator,
            situation="young_specialist",
            started_on=date(2020, 9, 1),
            experience_years=6,
        )
    profile = services.teacher_profile_save(
        participant=mentee,
        actor=tenant_a.curator,
        situation="new_role",
        experience_years=12,
        new_role="классный руководитель",
    )
    assert profile.situation == "new_role"


def test_the_programme_is_drafted_from_the_plan_and_requests_and_approved_by_the_director(tenant_a, pair):
    programme = services.programme_draft(pair=pair, actor=tenant_a.curator)
    assert "Дисциплина на уроке" in programme.body
    assert "Посетить уроки наставника" in programme.body and "октябрь 2026" in programme.body
    assert "молодого специалиста" in programme.title
    programme = services.programme_update(
        programme=programme,
        actor=tenant_a.curator,
        title=programme.title,
        body=programme.body + "<script>x</script>",
    )
    assert "<script" not in programme.body
    with pytest.raises(PermissionDenied):
        services.programme_approve(programme=programme, actor=tenant_a.curator)
    programme = services.programme_approve(programme=programme, actor=tenant_a.director)
    assert programme.status == PersonalisedProgramme.Status.APPROVED and programme.approved_on
    with pytest.raises(ValidationError):
        services.programme_update(programme=programme, actor=tenant_a.curator, title="x", body="<p>x</p>")
    with pytest.raises(ValidationError):
        services.programme_draft(pair=pair, actor=tenant_a.curator)
    text = pdf_text(render_subject(programme, PROGRAMME_PDF)[0])
    assert "УТВЕРЖДАЮ" in text and programme.approved_on.strftime("%d.%m.%Y") in text
    assert pair.mentor.last_name in text and "Дисциплина на уроке" in text
    assert "ПРОЕКТ" not in text


def test_a_programme_is_for_teacher_pairs_only(tenant_a, pairs_seeded):
    pair = Pair.objects.get(organization=tenant_a.organization)
    with pytest.raises(ValidationError):
        services.programme_draft(pair=pair, actor=tenant_a.curator)


def test_the_agreement_is_numbered_dated_and_prints_names_period_and_payment(tenant_a, pair):
    consent = consent_for(pair, tenant_a.curator)
    services.agreement_wording_save(
        organization=tenant_a.organization,
        actor=tenant_a.curator,
        content="Помощь молодому педагогу.",
        form="Индивидуальная.",
        payment="Доплата 15 % должностного оклада.",
        termination="С предупреждением за три рабочих дня.",
    )
    agreement = services.agreement_create(consent=consent, actor=tenant_a.curator, dated=date(2026, 8, 28))
    assert agreement.number == "1-Н/26"
    assert services.agreement_create(consent=consent, actor=tenant_a.curator).pk == agreement.pk
    text = pdf_text(render_subject(agreement, AGREEMENT_PDF)[0])
    assert f"№ {agreement.number}" in text and "28.08.2026" in text
    assert pair.mentor.full_name in text
    assert "01.09.2026" in text and "31.05.2027" in text
    assert "Доплата 15 % должностного оклада." in text.replace("\u00a0", " ")
    assert "351.8" in text


def test_committee_counts_young_specialists_with_a_mentor(tenant_a, pair):
    """The target «young_mentored» (monitoring) and the committee's bands of experience."""
    organization_id, today = tenant_a.organization.pk, timezone.localdate()
    assert targets.compute([organization_id], today)[organization_id]["young_mentored"] == (0, 1)
    consent_for(pair, tenant_a.curator)
    pair_approve(pair=pair, actor=tenant_a.curator)
    assert targets.compute([organization_id], today)[organization_id]["young_mentored"] == (1, 1)
    assert selectors.experience_breakdown([organization_id], today)[organization_id] == [1, 0, 0]


def test_the_questionnaires_requests_become_professional_requests_once(tenant_a):
    from apps.participants.models import Answer, QuestionnaireTemplate
    from apps.participants.questionnaires import questionnaires_create_standard
    from apps.questions.models import Question
    from apps.questions.services import question_add

    from .helpers import adult

    organization = tenant_a.organization
    questionnaires_create_standard(organization=organization)
    mentee_form = QuestionnaireTemplate.objects.get(organization=organization, kind="mentee")
    choices = Question.objects.get(question_set=mentee_form.question_set, topic=Question.Topic.REQUESTS)
    written = question_add(
        question_set=mentee_form.question_set,
        actor=tenant_a.curator,
        text="Какие профессиональные затруднения вы испытываете?",
        kind=Question.Kind.TEXT,
        topic=Question.Topic.REQUESTS,
    )
    teacher = adult(organization, "Новикова", "mentee")
    Answer.objects.create(organization=organization, participant=teacher, question=choices, value=["Проекты"])
    Answer.objects.create(
        organization=organization, participant=teacher, question=written, value="Работа с родителями"
    )
    # Entering the teacher bank takes them; doing it again adds nothing.
    services.teacher_profile_save(
        participant=teacher, actor=tenant_a.curator, situation="new_employee", experience_years=5
    )
    requests = list(teacher.professional_requests.values_list("source", "text"))
    assert requests == [("questionnaire", "Проекты"), ("questionnaire", "Работа с родителями")]
    assert services.requests_from_questionnaire(participant=teacher, actor=tenant_a.curator) == 0
    assert AuditEntry.objects.filter(action="teacher.requests_imported").count() == 1
