"""A teacher pair («Учитель – учитель») of a tenant: a mentor teacher and a young specialist,
both with their consents to the processing of personal data, proposed as a pair."""

from datetime import date

from apps.pairs.models import DevelopmentPlan, MentoringForm, Pair, PairMentee, PlanTask
from apps.pairs.services.programmes import forms_create_standard
from apps.teachers import services
from apps.teachers.models import TEACHER_FORM, ProfessionalRequest
from tests.factories import ConsentFactory, ParticipantFactory, ProgrammeFactory


def adult(organization, last_name, role):
    person = ParticipantFactory(
        organization=organization,
        last_name=last_name,
        category="teacher",
        birth_date=date(1990, 4, 4),
        programme_role=role,
        group_name="",
    )
    ConsentFactory(participant=person, given_by="subject", representative_name="", representative_relation="")
    return person


def teacher_pair(tenant, *, prefix="Учителев", curator=None) -> Pair:
    organization = tenant.organization
    forms_create_standard(organization=organization)
    programme = ProgrammeFactory(
        organization=organization,
        title="Наставничество педагогов",
        form=MentoringForm.objects.get(organization=organization, name=TEACHER_FORM),
    )
    mentor = adult(organization, f"{prefix}Наставник", "mentor")
    mentee = adult(organization, f"{prefix}Молодой", "mentee")
    services.teacher_profile_save(
        participant=mentee,
        actor=curator or tenant.curator,
        situation="young_specialist",
        started_on=date(2025, 9, 1),
        experience_years=1,
        position="учитель математики",
    )
    ProfessionalRequest.objects.create(
        organization=organization, participant=mentee, source="questionnaire", text="Дисциплина на уроке"
    )
    pair = Pair.objects.create(organization=organization, programme=programme, mentor=mentor)
    member = PairMentee.objects.create(organization=organization, pair=pair, mentee=mentee)
    plan = DevelopmentPlan.objects.create(organization=organization, member=member, goals="Освоить ФГОС")
    PlanTask.objects.create(
        organization=organization, plan=plan, title="Посетить уроки наставника", due_on=date(2026, 10, 15)
    )
    return pair


def consent_for(pair, actor, **overrides):
    values = {
        "signed_on": date(2026, 8, 25),
        "starts_on": pair.programme.starts_on,
        "ends_on": pair.programme.ends_on,
    }
    return services.duty_consent_record(mentor=pair.mentor, actor=actor, **{**values, **overrides})


def seed_teachers(tenant) -> dict:
    """A teacher pair with a drafted programme, and its mentor's consent with a scanned copy,
    the mentor being the tenant's mentor user: objects for every teachers URL."""
    from django.core.files.base import ContentFile

    pair = teacher_pair(tenant, prefix=f"{tenant.organization.slug.title()}Учителев")
    services.programme_draft(pair=pair, actor=tenant.curator)
    pair.mentor.account = tenant.mentor
    pair.mentor.save(update_fields=["account"])
    consent = consent_for(pair, tenant.curator, document=ContentFile(b"%PDF-1.4 scan", name="soglasie.pdf"))
    return {"pair_id": pair.pk, "duty_consent_id": consent.pk, "participant_id": pair.members.get().mentee_id}
