"""Demo programmes, pairs and groups, and meetings for the demo organisations.

`load_demo_pairs(organization=…)` runs after `load_demo_participants` for the same
organisation and plays a curator's autumn with the real services of `apps.pairs.services`
(so every step leaves its audit entry, and the pair histories read as they would in use):

- the standard forms of mentoring and two programmes of the current academic year (it starts
  on 1 September) in forms fitting the kind of organisation, with the organisation's demo
  curator (`curator-<slug>`) as their curator;
- the demo participants enrolled by category: mentors (role mentor or both) into the
  programme of their form (pupils into «Ученик – ученик», teachers and parents into «Учитель –
  ученик», employers' people into «Работодатель – ученик»; mentors of other forms wait for a
  later programme), most of them selected after the interview and trained in September or
  October, one or two still candidates; pupils and students who are mentees (role mentee or
  both) by age: the younger ones to «Ученик – ученик» (at the college, the first year to
  «Учитель – ученик», the older to the employers), a mentor-and-mentee into the other
  programme than the one they mentor in; people who left, and rows that retention
  anonymised, are not enrolled;
- the real matching (`matching_run`), then the proposals' life: most are approved
  (`pair_approve` refuses those whose people lack consents: they stay proposed, as they
  would), some are started, meetings are logged in the past (organisational, trial,
  planning, regular; some online) with feedback from most but not all attendees, one pair
  is dissolved with its reason, one or two proposals wait for the curator;
- the organisation's demo mentor user (`mentor-<slug>`) becomes the portal account of one
  demo mentor, set before the approval so that `pair_approve` grants them their pair
  (django-guardian); that pair always ends up working.

Deterministic: choices come from `random.Random(<organisation slug>)`, people are taken in
the order of their names, and dates are offsets from today and from 1 September.

Idempotent, by doing nothing twice: when the organisation already has a programme with one
of the demo titles, its programmes, pairs and meetings are left as they are (the curator may
have worked on them since), and the summary says so. One thing is put back then:
`load_demo_participants`, which runs just before, brings the participants' statuses back to
their definition, so the statuses that approving and dissolving the pairs gave them («in a
pair», back «in the base») are given again, in the order the services gave them.
"""

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from apps.core.academic_year import academic_year_of
from apps.organizations.models import Organization
from apps.organizations.roles import Role
from apps.pairs.models import (
    OPEN_PLAN,
    Enrollment,
    Meeting,
    MeetingPlan,
    MentoringForm,
    Pair,
    PairMentee,
    Programme,
)
from apps.pairs.services.enrollments import enrollment_add, enrollment_update
from apps.pairs.services.matching_runs import matching_run
from apps.pairs.services.meetings import feedback_give, meeting_log, meeting_plan_add
from apps.pairs.services.pairs import missing_consents, pair_activate, pair_approve, pair_dissolve
from apps.pairs.services.programmes import forms_create_standard, programme_create
from apps.participants.consents import age_on
from apps.participants.models import Category, Participant, ProgrammeRole
from apps.participants.models import Status as ParticipantStatus

User = get_user_model()

STUDENT_TO_STUDENT = "Ученик – ученик"
TEACHER_TO_STUDENT = "Учитель – ученик"
EMPLOYER_TO_STUDENT = "Работодатель – ученик"


@dataclass(frozen=True)
class DemoProgramme:
    form: str
    title: str
    goals: str
    mentor_categories: frozenset
    capacities: tuple[int, int]  # the fewest and the most mentees a mentor takes
    mentee_ages: tuple[int, int]  # students of these ages are its mentees
    places: list[str] = field(default_factory=list)  # where its meetings are held


PROGRAMMES = {
    Organization.Kind.SCHOOL: [
        DemoProgramme(
            form=STUDENT_TO_STUDENT,
            title="«Старшие — младшим»",
            mentee_ages=(10, 13),
            goals=(
                "Адаптация обучающихся 5–7 классов, помощь в учёбе и в подготовке к олимпиадам "
                "силами старшеклассников; развитие лидерских и коммуникативных качеств наставников."
            ),
            mentor_categories=frozenset({Category.STUDENT}),
            capacities=(1, 2),
            places=["Кабинет 214", "Школьная библиотека", "Рекреация 2-го этажа"],
        ),
        DemoProgramme(
            form=TEACHER_TO_STUDENT,
            title="«Шаг в науку»",
            mentee_ages=(14, 18),
            goals=(
                "Раскрытие потенциала обучающихся: проектная и исследовательская деятельность, "
                "подготовка к олимпиадам и научно-практической конференции, профессиональное "
                "самоопределение."
            ),
            mentor_categories=frozenset({Category.TEACHER, Category.YOUNG_SPECIALIST}),
            capacities=(1, 3),
            places=["Кабинет физики", "Кабинет 305", "Точка роста"],
        ),
    ],
    Organization.Kind.COLLEGE: [
        DemoProgramme(
            form=EMPLOYER_TO_STUDENT,
            title="«Путь в профессию»",
            mentee_ages=(17, 25),
            goals=(
                "Профессиональная адаптация студентов с участием наставников от предприятий-партнёров: "
                "знакомство с производством, подготовка к практике и к чемпионату «Профессионалы», "
                "трудоустройство выпускников."
            ),
            mentor_categories=frozenset({Category.EMPLOYER, Category.GRADUATE}),
            capacities=(2, 3),
            places=["Производственная площадка партнёра", "Мастерская колледжа", "Конференц-зал"],
        ),
        DemoProgramme(
            form=TEACHER_TO_STUDENT,
            title="«Успешный первокурсник»",
            mentee_ages=(14, 16),
            goals=(
                "Адаптация первокурсников к обучению в колледже, ликвидация академических "
                "задолженностей, сопровождение учебных проектов и курсовых работ."
            ),
            mentor_categories=frozenset({Category.TEACHER, Category.YOUNG_SPECIALIST}),
            capacities=(1, 3),
            places=["Аудитория 112", "Кабинет куратора", "Читальный зал библиотеки"],
        ),
    ],
    Organization.Kind.ADDITIONAL_EDUCATION: [
        DemoProgramme(
            form=STUDENT_TO_STUDENT,
            title="«Вместе в студии»",
            mentee_ages=(7, 10),
            goals=(
                "Адаптация новых воспитанников студий, помощь в освоении программы при поддержке "
                "старших воспитанников; подготовка к отчётному концерту и выставке."
            ),
            mentor_categories=frozenset({Category.STUDENT}),
            capacities=(1, 2),
            places=["Хореографический зал", "Кабинет робототехники", "Изостудия"],
        ),
        DemoProgramme(
            form=TEACHER_TO_STUDENT,
            title="«Навстречу успеху»",
            mentee_ages=(11, 17),
            goals=(
                "Сопровождение одарённых детей: индивидуальный образовательный маршрут, подготовка "
                "к конкурсам, фестивалям и выступлениям, поддержка семьи."
            ),
            mentor_categories=frozenset({Category.TEACHER, Category.PARENT}),
            capacities=(1, 3),
            places=["Методический кабинет", "Актовый зал", "Кабинет 7"],
        ),
    ],
}
# Organisations whose seed runs no pupil programme: Борисовская СОШ (001) implements the
# «Положение о системе наставничества педагогических работников», teacher–teacher mentoring
# only; its one programme, pairs and meetings are played by apps/demo/teachers.py.
PROGRAMMES_BY_SLUG = {"borisovskaya-sosh": []}
ONLINE_PLACE = "Онлайн, «Сферум»"

MEETING_NOTES = {
    Meeting.Kind.ORGANISATIONAL: [
        "Знакомство, правила работы в паре, договорились о графике встреч.",
        "Познакомились, обменялись контактами, обсудили ожидания от программы.",
    ],
    Meeting.Kind.TRIAL: [
        "Пробная встреча: обсудили интересы и трудности, наставляемый готов продолжать.",
        "Пробное занятие прошло хорошо, решили работать дальше вместе.",
    ],
    Meeting.Kind.PLANNING: [
        "Составили план работы на полугодие: цели, задачи, формы встреч.",
        "Определили цель на год и первые шаги, записали их в индивидуальный план.",
    ],
    Meeting.Kind.REGULAR: [
        "Разобрали трудные темы, наметили задания до следующей встречи.",
        "Работали над проектом: выбрали тему, составили план исследования.",
        "Обсудили результаты контрольной работы и что поможет в следующий раз.",
        "Подготовка к конкурсу: репетиция выступления.",
        "Обсудили, как складываются отношения в коллективе; договорились о небольшой цели на неделю.",
    ],
}
MENTOR_COMMENTS = [
    "Встреча прошла продуктивно.",
    "Наставляемый активен, задания выполняет.",
    "Нужно больше времени на практику.",
    "",
]
MENTEE_COMMENTS = ["Было интересно!", "Всё понятно, спасибо.", "Хочу встречаться чаще.", "", ""]
DISSOLUTION_REASONS = [
    "Не удалось согласовать график встреч: у наставляемого занятия в спортивной секции.",
    "После смены расписания у наставника и наставляемого не осталось общего времени для встреч.",
]


def academic_year_start(today: date) -> date:
    return date(academic_year_of(today), 9, 1)


def load_demo_pairs(*, organization, today: date | None = None) -> str:
    """Create the organisation's demo programmes, pairs and meetings, once; a summary."""
    today = today or timezone.localdate()
    specs = PROGRAMMES_BY_SLUG.get(organization.slug, PROGRAMMES.get(organization.kind, []))
    if not specs:
        return "no pupil programmes (the seed's mentoring is teacher–teacher)"
    with scope(organization=organization), transaction.atomic():
        existing = Programme.objects.filter(organization=organization, title__in=[s.title for s in specs])
        if existing.exists():
            _replay_statuses(list(existing))
            return f"{_summary(list(existing))} (already there, left as they are)"
        programmes = _Player(organization, specs, today).play()
        return _summary(programmes)


def live_pairs(
    *, organization, spec: DemoProgramme, pairs: list[Pair], own: Pair | None, today: date
) -> None:
    """The life of approved pairs formed without a matching run (the teachers' demo), as the
    pupils' pairs live: each starts working and meets from mid-October on; `own`, the demo
    mentor user's pair, is met and planned by them; the last pair met only twice (a pair that
    has not met for weeks). Meeting places come from `spec`."""
    player = _Player(organization, [spec], today)
    for pair in pairs:
        actor = player.mentor_user if own is not None and pair.pk == own.pk else player.curator
        full = actor == player.mentor_user or pair is not pairs[-1]
        pair = pair_activate(pair=pair, actor=player.curator)
        player.meet(pair, player.plan_dates(full=full), actor=actor)
        if full:
            player.plan_next(pair, Meeting.Kind.REGULAR, actor=actor)


def _summary(programmes) -> str:
    pairs = Pair.objects.filter(programme__in=programmes).count()
    meetings = Meeting.objects.filter(pair__programme__in=programmes).count()
    planned = MeetingPlan.objects.filter(OPEN_PLAN, pair__programme__in=programmes).count()
    return f"{len(programmes)} programmes, {pairs} pairs and groups, {meetings} meetings, {planned} planned"


def _pair_people(pairs) -> set[int]:
    ids = {pair.mentor_id for pair in pairs}
    ids |= set(
        PairMentee.objects.filter(pair__in=pairs, left_at__isnull=True).values_list("mentee_id", flat=True)
    )
    return ids


def _replay_statuses(programmes) -> None:
    """The participants' statuses that approving and then dissolving the pairs gave."""
    pairs = Pair.objects.filter(programme__in=programmes)
    people = Participant.objects.filter(anonymised_at__isnull=True).exclude(status=ParticipantStatus.LEFT)
    approved = list(pairs.exclude(status=Pair.Status.PROPOSED))
    people.filter(pk__in=_pair_people(approved)).update(status=ParticipantStatus.IN_PAIR)
    dissolved = list(pairs.filter(status=Pair.Status.DISSOLVED))
    people.filter(pk__in=_pair_people(dissolved), status=ParticipantStatus.IN_PAIR).update(
        status=ParticipantStatus.IN_BASE
    )


def _name_key(participant):
    return (participant.last_name, participant.first_name, participant.patronymic, participant.pk)


class _Player:
    """One organisation's autumn, step by step, through the services."""

    def __init__(self, organization, specs, today):
        self.organization = organization
        self.specs = specs
        self.today = today
        self.start = academic_year_start(today)
        self.rng = random.Random(organization.slug)
        self.plans_rng = random.Random(f"plans:{organization.slug}")
        self.held_online = False
        self.curator = User.objects.filter(username=f"{Role.CURATOR.value}-{organization.slug}").first()
        self.mentor_user = User.objects.filter(username=f"{Role.MENTOR.value}-{organization.slug}").first()

    def play(self) -> list[Programme]:
        forms_create_standard(organization=self.organization)
        programmes = [self.programme(spec) for spec in self.specs]
        self.enrol(programmes)
        proposals = {}
        for programme in programmes:
            pairs = matching_run(programme=programme, actor=self.curator)
            proposals[programme.pk] = sorted(pairs, key=lambda p: _name_key(p.mentor))
        self.live(programmes, proposals)
        return programmes

    # Programmes and enrolment

    def programme(self, spec: DemoProgramme) -> Programme:
        return programme_create(
            organization=self.organization,
            actor=self.curator,
            title=spec.title,
            form=MentoringForm.objects.get(name=spec.form),
            academic_year=self.start.year,
            starts_on=self.start + timedelta(days=14),
            ends_on=date(self.start.year + 1, 5, 31),
            goals=spec.goals,
            curator=self.curator,
        )

    def enrol(self, programmes: list[Programme]) -> None:
        people = sorted(
            Participant.objects.filter(anonymised_at__isnull=True).exclude(status=ParticipantStatus.LEFT),
            key=_name_key,
        )
        by_form = {
            spec.form: (spec, programme) for spec, programme in zip(self.specs, programmes, strict=True)
        }

        mentors = []
        mentoring_in = {}
        for person in people:
            if person.programme_role not in (ProgrammeRole.MENTOR, ProgrammeRole.BOTH):
                continue
            spec, programme = next(
                ((s, p) for s, p in by_form.values() if person.category in s.mentor_categories), (None, None)
            )
            if spec is None:
                continue  # a mentor of another form (a graduate at school…): left for a later programme
            enrollment = enrollment_add(
                programme=programme,
                actor=self.curator,
                participant=person,
                side=Enrollment.Side.MENTOR,
                capacity=self.rng.randint(*spec.capacities),
            )
            mentors.append((person, enrollment))
            mentoring_in[person.pk] = programme

        # New candidates are still to be interviewed; one or two mentors at most.
        candidates = [e for p, e in mentors if p.status == ParticipantStatus.CANDIDATE][:2]
        if not candidates and mentors:
            candidates = [self.rng.choice(mentors)[1]]
        for _person, enrollment in mentors:
            if enrollment in candidates:
                continue
            trained_on = min(self.start + timedelta(days=self.rng.randint(10, 50)), self.today)
            enrollment_update(
                enrollment=enrollment,
                actor=self.curator,
                selection=Enrollment.Selection.SELECTED,
                trained_on=trained_on,
            )

        for person in people:
            if person.programme_role not in (ProgrammeRole.MENTEE, ProgrammeRole.BOTH):
                continue
            if person.category != Category.STUDENT:
                continue  # young specialists: «Учитель – учитель», not among the demo programmes
            # By age; a mentor-and-mentee is a mentee in the other programme.
            age = age_on(person.birth_date, self.today) if person.birth_date else None
            fitting = [
                p
                for s, p in by_form.values()
                if age is not None and s.mentee_ages[0] <= age <= s.mentee_ages[1]
            ]
            programme = next((p for p in [*fitting, *programmes] if p != mentoring_in.get(person.pk)), None)
            if programme is None:
                continue
            enrollment_add(
                programme=programme, actor=self.curator, participant=person, side=Enrollment.Side.MENTEE
            )

    # The life of the pairs

    def live(self, programmes, proposals) -> None:
        approvable = {
            programme.pk: [pair for pair in proposals[programme.pk] if not missing_consents(pair=pair)]
            for programme in programmes
        }
        own = self.mentor_pair(programmes, approvable)
        if own is not None:
            own = self.approve(own, account=self.mentor_user)
            self.meet(own, self.plan_dates(full=True), actor=self.mentor_user)
            self.plan_next(own, Meeting.Kind.REGULAR, actor=self.mentor_user)

        # The other approvable pairs, taken from the programmes in turn, get the rest of the
        # life: one dissolved, one approved without meetings yet, one waiting for the curator,
        # one that has not met for weeks, the others working.
        queues = [
            [p for p in approvable[programme.pk] if own is None or p.pk != own.pk] for programme in programmes
        ]
        others = [
            queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)
        ]
        plans = ["full"] * len(others)
        for plan, position, fewest in (("proposed", -1, 4), ("approved", -2, 3), ("stale", 1, 5)):
            if len(others) >= fewest and plans[position] == "full":
                plans[position] = plan
        # Dissolved: a pair whose people are in no other pair, so that dissolving it touches
        # nothing else.
        pairs_of = {}
        for programme in programmes:
            for pair in proposals[programme.pk]:
                for person in self.people_of(pair):
                    pairs_of[person] = pairs_of.get(person, 0) + 1
        for position, pair in enumerate(others):
            if plans[position] == "full" and all(pairs_of[p] == 1 for p in self.people_of(pair)):
                plans[position] = "dissolved"
                break
        for pair, plan in zip(others, plans, strict=True):
            self.follow(pair, plan)

    @staticmethod
    def people_of(pair) -> list[int]:
        return [pair.mentor_id, *(m.mentee_id for m in pair.members.all())]

    def mentor_pair(self, programmes, approvable):
        """The pair of the organisation's demo mentor user: a teacher's, when there is one."""
        if self.mentor_user is None:
            return None
        candidates = [pair for programme in reversed(programmes) for pair in approvable[programme.pk]]
        teachers = [pair for pair in candidates if pair.mentor.category == Category.TEACHER]
        pair = (teachers or candidates or [None])[0]
        if pair is not None:
            Participant.objects.filter(account=self.mentor_user).exclude(pk=pair.mentor_id).update(
                account=None
            )
        return pair

    def approve(self, pair, account=None):
        if account is not None:
            pair.mentor.account = account
            pair.mentor.save(update_fields=["account", "updated_at"])
        return pair_approve(pair=pair, actor=self.curator)

    def follow(self, pair, plan):
        if plan == "proposed":
            return
        pair = self.approve(pair)
        if plan == "approved":
            self.plan_next(pair, Meeting.Kind.ORGANISATIONAL, actor=self.curator)
            return
        pair = pair_activate(pair=pair, actor=self.curator)
        if plan == "stale":
            self.meet(pair, self.plan_dates(full=False), actor=self.curator)
        elif plan == "dissolved":
            self.meet(pair, self.plan_dates(full=False), actor=self.curator)
            pair.refresh_from_db()
            pair_dissolve(pair=pair, actor=self.curator, reason=self.rng.choice(DISSOLUTION_REASONS))
        else:
            self.meet(pair, self.plan_dates(full=True), actor=self.curator)
            self.plan_next(pair, Meeting.Kind.REGULAR, actor=self.curator)

    def plan_next(self, pair, kind, *, actor) -> None:
        """The pair's next meeting, planned within the coming week (its own random numbers,
        so that the rest of the demo stays as it was)."""
        rng = self.plans_rng
        spec = next(s for s in self.specs if s.title == pair.programme.title)
        meeting_plan_add(
            pair=pair,
            actor=actor,
            kind=kind,
            planned_for=self.today + timedelta(days=rng.randint(1, 7)),
            starts_at=time(rng.choice([14, 15, 16]), rng.choice([0, 30])),
            place=rng.choice(spec.places),
        )

    def plan_dates(self, *, full: bool) -> list[tuple[str, date]]:
        """Meetings from mid-October (or half the time since 1 September) until last week."""
        span = (self.today - self.start).days
        first = self.start + timedelta(days=min(40, span // 2) + self.rng.randint(0, 4))
        first = min(first, self.today)
        if not full:
            return [
                (Meeting.Kind.ORGANISATIONAL, first),
                (Meeting.Kind.TRIAL, min(first + timedelta(days=7), self.today)),
            ]
        length = max((self.today - first).days - 1, 0)
        regular = max(1, min(6, length // 10 - 2))
        kinds = [Meeting.Kind.ORGANISATIONAL, Meeting.Kind.TRIAL, Meeting.Kind.PLANNING]
        kinds += [Meeting.Kind.REGULAR] * regular
        return [
            (kind, first + timedelta(days=round(i * length / (len(kinds) - 1))))
            for i, kind in enumerate(kinds)
        ]

    def meet(self, pair, dates, *, actor) -> None:
        rng = self.rng
        spec = next(s for s in self.specs if s.title == pair.programme.title)
        mentees = [m.mentee for m in pair.members.filter(left_at__isnull=True).select_related("mentee")]
        for number, (kind, held_on) in enumerate(dates):
            # Some regular meetings are online; the organisation's first one always, so that
            # every demo shows one whatever the draws.
            online = kind == Meeting.Kind.REGULAR and (rng.random() < 0.3 or not self.held_online)
            self.held_online = self.held_online or online
            attendees = [pair.mentor, *mentees]
            if len(mentees) > 1 and kind == Meeting.Kind.REGULAR and rng.random() < 0.3:
                attendees.remove(rng.choice(mentees))  # one of the group was ill
            meeting = meeting_log(
                pair=pair,
                actor=actor,
                kind=kind,
                held_on=held_on,
                place=ONLINE_PLACE if online else rng.choice(spec.places),
                online=online,
                notes=rng.choice(MEETING_NOTES[kind]),
                attendees=attendees,
            )
            last = number == len(dates) - 1
            for author in attendees:
                # Most give their feedback; after the latest meeting some have not yet.
                if rng.random() < (0.5 if last else 0.95):
                    is_mentor = author.pk == pair.mentor_id
                    feedback_give(
                        meeting=meeting,
                        actor=actor,
                        author=author,
                        rating=rng.choices([5, 4, 3], weights=[6, 3, 1])[0],
                        comment=rng.choice(MENTOR_COMMENTS if is_mentor else MENTEE_COMMENTS),
                    )
        pair.refresh_from_db()
