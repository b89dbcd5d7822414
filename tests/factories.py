from datetime import date

import factory
from django.contrib.auth import get_user_model

from apps.organizations.models import (
    CommitteeMembership,
    Membership,
    Municipality,
    Organization,
    Region,
    RegionMembership,
)
from apps.organizations.roles import Role
from apps.participants.models import Category, Consent, Participant, ProgrammeRole, Status

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    patronymic = factory.Faker("middle_name", locale="ru_RU")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Муниципальный район {n}")
    committee_name = factory.LazyAttribute(lambda m: f"Комитет по образованию: {m.name}")
    slug = factory.Sequence(lambda n: f"municipality-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Organization.Kind.SCHOOL
    short_name = factory.Sequence(lambda n: f"МБОУ «СОШ № {n}»")
    full_name = factory.LazyAttribute(lambda o: f"{o.short_name} полное наименование")
    director_name = "Иванова И.И."
    address = "г. Калачинск, ул. Школьная, 1"
    slug = factory.Sequence(lambda n: f"school-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CURATOR


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Область {n}")
    centre_name = factory.LazyAttribute(lambda r: f"Региональный центр наставничества: {r.name}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class RegionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionMembership

    region = factory.SubFactory(RegionFactory)
    user = factory.SubFactory(UserFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organization = factory.SubFactory(OrganizationFactory)
    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    patronymic = factory.Faker("middle_name", locale="ru_RU")
    birth_date = factory.LazyFunction(lambda: date.today().replace(year=date.today().year - 12, day=1))
    category = Category.STUDENT
    group_name = "6А"
    programme_role = ProgrammeRole.MENTEE
    status = Status.IN_BASE


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    organization = factory.SelfAttribute("participant.organization")
    given_by = Consent.GivenBy.REPRESENTATIVE
    representative_name = factory.Faker("name", locale="ru_RU")
    representative_relation = Consent.Relation.MOTHER
    signed_on = factory.LazyFunction(lambda: date.today().replace(day=1))


def _first_standard_form(organization):
    from apps.pairs.models import MentoringForm
    from apps.pairs.services.programmes import forms_create_standard

    forms_create_standard(organization=organization)  # creates only the missing ones
    return MentoringForm.objects.filter(organization=organization).first()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme of the 2026/2027 academic year, in the organisation's first standard form
    of mentoring (the standard forms are created when missing)."""

    class Meta:
        model = "pairs.Programme"

    organization = factory.SubFactory(OrganizationFactory)
    title = "Наставничество 2026/2027"
    form = factory.LazyAttribute(lambda programme: _first_standard_form(programme.organization))
    academic_year = 2026
    starts_on = date(2026, 9, 1)
    ends_on = date(2027, 5, 31)


def grow_roadmap(roadmap, *, stages: int, activities_per_stage: int = 10, done_every: int = 2) -> None:
    """Add `stages` stages of activities through the services; every `done_every`-th activity is done.

    Shared by the query-count tests and bench/bench_roadmap.py, so both grow the same roadmap.
    """
    from apps.roadmap import services

    for index in range(stages):
        stage = services.stage_save(
            roadmap=roadmap, stage=None, values={"title": f"Этап {index}"}, actor=None
        )
        for number in range(activities_per_stage):
            activity = services.activity_save(
                roadmap=roadmap,
                activity=None,
                values={"stage": stage, "title": f"Мероприятие {index}.{number}", "deadline": "Март 2027"},
                responsible=[{"role": "curator", "text": "Куратор"}, {"text": "Проектная группа"}],
                actor=None,
            )
            if number % done_every == 0:
                services.activity_record_progress(
                    activity=activity, status="done", actor=None, evidence_note="ok"
                )
