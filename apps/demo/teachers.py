"""The demo of the mentoring of teachers: Борисовская СОШ (seed 001) runs the system of
mentoring of its teachers as its roadmap describes («Положение о системе наставничества
педагогических работников»): a «Учитель – учитель» programme of the current academic year,
a bank of mentee teachers (two young specialists, a new employee, a teacher in a new role)
with their professional requests, three mentors with their written consents to the extra
duties and supplementary agreements, a personalised programme (ППН) per pair or group
drafted from its plan and approved by the director, the pairs approved by the pairs order
«о закреплении наставнических пар/групп с письменного согласия их участников», and the
roadmap's activities about personalised programmes done with a link to these pages. This is
the organisation's only programme, as in the seed (`pairs.PROGRAMMES_BY_SLUG` gives it no
pupil programme): its pairs then work as the other demos' pairs do (`pairs.live_pairs`:
meetings from mid-October with feedback, the next one planned), the organisation's demo
mentor user (`mentor-borisovskaya-sosh`) being the mentor of the group of young specialists.

Everything goes through the services (each step audited). Deterministic: names from Faker's
ru_RU seeded by the organisation, dates from 1 September of the academic year. Idempotent:
when the programme exists, nothing is done again.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apps.orders import services as orders
from apps.organizations.roles import Role
from apps.pairs.models import MentoringForm, Pair, PairMentee, Programme
from apps.pairs.services.development_plans import plan_set_goals, plan_task_add
from apps.pairs.services.enrollments import enrollment_add, enrollment_update
from apps.pairs.services.programmes import forms_create_standard, programme_create
from apps.participants.models import Answer, Category, Participant, ProgrammeRole, QuestionnaireTemplate
from apps.participants.models import Status as ParticipantStatus
from apps.participants.services import consent_record, participant_create
from apps.questions.models import Question
from apps.roadmap.models import Activity
from apps.roadmap.selectors import current_academic_year, owner_roadmaps
from apps.roadmap.services import activity_record_progress
from apps.teachers import services
from apps.teachers.models import TEACHER_FORM, Situation

from .pairs import DemoProgramme, academic_year_start, live_pairs
from .participants import CONSENT_SCOPE, _Namer

User = get_user_model()

# The organisations whose demo runs teacher–teacher mentoring: the seed's own system.
TEACHER_SEEDS = {"borisovskaya-sosh"}
TITLE = "«Педагог — педагогу»: персонализированные программы наставничества"
GOALS = (
    "Профессиональное становление молодых специалистов и новых педагогов, освоение новых "
    "ролей; реализация Положения о системе наставничества педагогических работников."
)


@dataclass(frozen=True)
class DemoTeacher:
    male: bool
    age: int
    situation: str
    experience: int
    position: str
    new_role: str = ""
    requests: tuple = ()  # (source, text)


MENTEES = [
    DemoTeacher(
        False, 23, Situation.YOUNG_SPECIALIST, 0, "учитель начальных классов",
        requests=(
            ("questionnaire", "Организация дисциплины и учебного сотрудничества на уроке"),
            ("methodical", "Составление рабочей программы и технологических карт уроков"),
        ),
    ),
    DemoTeacher(
        True, 25, Situation.YOUNG_SPECIALIST, 2, "учитель математики",
        requests=(
            ("questionnaire", "Работа с родителями обучающихся"),
            ("methodical", "Формирующее оценивание на уроках математики"),
        ),
    ),
    DemoTeacher(
        False, 34, Situation.NEW_EMPLOYEE, 9, "учитель химии и биологии",
        requests=(("questionnaire", "Ведение электронного журнала и документации школы"),),
    ),
    DemoTeacher(
        False, 41, Situation.NEW_ROLE, 16, "учитель истории", new_role="классный руководитель 5А класса",
        requests=(("attestation", "Планирование воспитательной работы с классом, рекомендация аттестации"),),
    ),
]  # fmt: skip
MENTOR_AGES = (52, 47, 58)
# Which mentor (by index) takes which mentees: a group of the two young specialists, two pairs.
GROUPS = [(0, [0, 1]), (1, [2]), (2, [3])]
# The programme as the pairs' life reads it (where its meetings are held).
TEACHER_PROGRAMME = DemoProgramme(
    form=TEACHER_FORM,
    title=TITLE,
    goals=GOALS,
    mentor_categories=frozenset({Category.TEACHER}),
    capacities=(1, 2),
    mentee_ages=(22, 65),
    places=["Методический кабинет", "Кабинет наставника", "Учительская"],
)
PLAN_TASKS = [
    (15, "Посещение уроков наставника, анализ"),
    (45, "Разработка технологических карт уроков с наставником"),
    (75, "Открытый урок наставляемого, самоанализ"),
    (120, "Участие в заседании методического объединения"),
    (200, "Итоговое анкетирование и отчёт о реализации программы"),
]


def load_demo_teachers(*, organization, today: date | None = None) -> str:
    if organization.slug not in TEACHER_SEEDS:
        return "no teacher mentoring"
    today = today or timezone.localdate()
    with scope(organization=organization), transaction.atomic():
        existing = Programme.objects.filter(organization=organization, title=TITLE).first()
        if existing is not None:
            return f"{_summary(existing)} (already there, left as they are)"
        programme = _Player(organization, today).play()
        return _summary(programme)


def _summary(programme) -> str:
    pairs = Pair.objects.filter(programme=programme)
    approved = pairs.filter(personalised_programme__status="approved").count()
    return f"teacher programme: {pairs.count()} pairs and groups, {approved} personalised programmes approved"


class _Player:
    def __init__(self, organization, today):
        self.organization = organization
        self.today = today
        self.start = academic_year_start(today)
        self.curator = User.objects.get(username=f"{Role.CURATOR.value}-{organization.slug}")
        self.director = User.objects.get(username=f"{Role.DIRECTOR.value}-{organization.slug}")
        self.mentor_user = User.objects.filter(username=f"{Role.MENTOR.value}-{organization.slug}").first()
        self.namer = _Namer(f"teachers:{organization.slug}")
        self.namer.used |= set(
            Participant.objects.filter(organization=organization).values_list(
                "last_name", "first_name", "patronymic"
            )
        )

    def person(self, *, male, age, category, role):
        _surname, (last, first, patronymic), _father = self.namer.name(male=male)
        person = participant_create(
            organization=self.organization,
            actor=self.curator,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            birth_date=date(self.start.year - age, 3 + age % 9, 1 + age % 27),
            category=category,
            programme_role=role,
            status=ParticipantStatus.IN_BASE,
        )
        consent_record(
            participant=person,
            actor=self.curator,
            given_by="subject",
            signed_on=self.start - timedelta(days=5),
            scope=CONSENT_SCOPE,
        )
        self.answer_questionnaire(person, role)
        return person

    def answer_questionnaire(self, person, kind):
        """A teacher who joins fills in the questionnaire of their role, as the base's people do."""
        template = QuestionnaireTemplate.objects.filter(organization=self.organization, kind=kind).first()
        if template is None:
            return
        questions = template.questions.order_by("position", "pk")
        Answer.objects.bulk_create(
            Answer(organization=self.organization, participant=person, question=question, value=value)
            for position, question in enumerate(questions)
            if (value := self.answer(question, position)) is not None
        )

    def answer(self, question, position):
        kind = question.kind
        if kind == Question.Kind.TEXT:
            return "Хочу освоить современные методики и уверенно вести уроки"
        if kind == Question.Kind.CHOICE and question.choices:
            return question.choices[position % len(question.choices)]
        if kind == Question.Kind.MULTIPLE and question.choices:
            return question.choices[:1]
        if kind == Question.Kind.SCALE:
            return min(4, question.scale_max)
        return None  # the demo's questionnaires ask nothing else

    def play(self) -> Programme:
        forms_create_standard(organization=self.organization)
        programme = programme_create(
            organization=self.organization,
            actor=self.curator,
            title=TITLE,
            form=MentoringForm.objects.get(name=TEACHER_FORM),
            academic_year=self.start.year,
            starts_on=self.start,
            ends_on=date(self.start.year + 1, 5, 31),
            goals=GOALS,
            curator=self.curator,
        )
        mentees = [self.mentee(spec) for spec in MENTEES]
        mentors = [
            self.person(male=index == 1, age=age, category=Category.TEACHER, role=ProgrammeRole.MENTOR)
            for index, age in enumerate(MENTOR_AGES)
        ]
        for mentor, (_index, group) in zip(mentors, GROUPS, strict=True):
            enrollment = enrollment_add(
                programme=programme,
                actor=self.curator,
                participant=mentor,
                side="mentor",
                capacity=len(group),
            )
            enrollment_update(
                enrollment=enrollment,
                actor=self.curator,
                selection="selected",
                trained_on=self.start + timedelta(days=6),
            )
        for mentee in mentees:
            enrollment_add(programme=programme, actor=self.curator, participant=mentee, side="mentee")
        pairs = [self.pair(programme, mentors[m], [mentees[i] for i in group]) for m, group in GROUPS]
        own = self.link_mentor_user(pairs[0])
        self.consents(programme, mentors)
        for pair in pairs:
            ppn = services.programme_draft(pair=pair, actor=self.curator)
            services.programme_approve(programme=ppn, actor=self.director)
        # The pairs order of the seed: «о закреплении наставнических пар/групп с письменного согласия».
        order = orders.order_draft(
            organization=self.organization, kind="pairs", actor=self.curator, programme=programme, pairs=pairs
        )
        orders.order_submit(order=order, actor=self.curator)
        orders.order_approve(order=order, actor=self.director)  # approves the pairs, grants the mentor user
        pairs = list(Pair.objects.filter(programme=programme).order_by("pk"))
        live_pairs(
            organization=self.organization, spec=TEACHER_PROGRAMME, pairs=pairs, own=own, today=self.today
        )
        self.roadmap()
        return programme

    def link_mentor_user(self, pair) -> Pair | None:
        """The demo mentor user signs in as this pair's mentor (set before the approval, which
        grants them the pair)."""
        if self.mentor_user is None:
            return None
        Participant.objects.filter(account=self.mentor_user).exclude(pk=pair.mentor_id).update(account=None)
        pair.mentor.account = self.mentor_user
        pair.mentor.save(update_fields=["account", "updated_at"])
        return pair

    def mentee(self, spec: DemoTeacher) -> Participant:
        category = (
            Category.YOUNG_SPECIALIST if spec.situation == Situation.YOUNG_SPECIALIST else Category.TEACHER
        )
        person = self.person(male=spec.male, age=spec.age, category=category, role=ProgrammeRole.MENTEE)
        services.teacher_profile_save(
            participant=person,
            actor=self.curator,
            situation=spec.situation,
            started_on=date(self.start.year - spec.experience, 9, 1),
            experience_years=spec.experience,
            position=spec.position,
            new_role=spec.new_role,
        )
        for source, text in spec.requests:
            services.professional_request_add(
                participant=person, actor=self.curator, source=source, text=text
            )
        return person

    def pair(self, programme, mentor, mentees) -> Pair:
        """The curator forms the pair or group from the bank (the seed's «Формирование пар/групп»)."""
        pair = Pair.objects.create(programme=programme, mentor=mentor, locked=True)
        for mentee in mentees:
            member = PairMentee.objects.create(pair=pair, mentee=mentee)
            plan_set_goals(
                member=member, actor=self.curator, goals=f"Профессиональный рост: {mentee.short_name}"
            )
            for days, title in PLAN_TASKS:
                plan_task_add(
                    member=member, actor=self.curator, title=title, due_on=self.start + timedelta(days=days)
                )
        return pair

    def consents(self, programme, mentors) -> None:
        """Each mentor's written consent for the programme's period and its agreement."""
        for mentor in mentors:
            consent = services.duty_consent_record(
                mentor=mentor,
                actor=self.curator,
                signed_on=self.start - timedelta(days=4),
                starts_on=programme.starts_on,
                ends_on=programme.ends_on,
            )
            services.agreement_create(
                consent=consent, actor=self.curator, dated=self.start - timedelta(days=3)
            )

    def roadmap(self) -> None:
        """The roadmap's activities about personalised programmes and teachers' requests: done,
        with a link to the teachers' pages."""
        roadmap = owner_roadmaps(self.organization).filter(academic_year=current_academic_year()).first()
        if roadmap is None:
            return
        link = reverse("teachers:bank", kwargs={"org_slug": self.organization.slug})
        for activity in roadmap.activities.filter(title__iregex=r"персонализированн.. программ|запрос"):
            if activity.status == Activity.Status.DONE or activity.title.startswith("Проведение"):
                continue  # done already, or due at the end of the year
            activity_record_progress(
                activity=activity,
                status=Activity.Status.DONE,
                actor=self.curator,
                done_on=self.start + timedelta(days=20),
                evidence_note="Персонализированные программы наставничества утверждены директором.",
                evidence_link=link,
            )
