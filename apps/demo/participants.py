"""Demo participants for the demo organisations of `apps.demo.organizations`.

`load_demo_participants(organization=…)` fills one organisation's bases with 30–45 made-up
people fitting its kind (a school, a college or a centre of additional education):
mentees and mentors, partner organisations, consents, questionnaire answers and notes of
the class teacher or the psychologist.

Deterministic: names are drawn from Faker's ru_RU seeded by the organisation's slug,
everything else from `random.Random(<organisation slug>)`, so every run describes the same
people. Dates are kept as "so many days or years before today" and turned into dates on
each run, so that a pupil of 7Б is 13 in any year.

Idempotent, as a refresh: a demo person is identified by (organisation, surname, name,
patronymic) — names are unique within an organisation's demo — and each run brings that
person back to the definition: their fields (the birth date included, which moves with
today), consents, answers and notes; rows of those people that the definition does not
have are removed. People not in the definition, and partner organisations no longer in
it, are left alone. Rows are written with the ORM directly: demo data need no audit trail.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_scopes import scopes_disabled
from faker import Faker
from faker.providers.person.ru_RU import Provider as RussianNames
from faker.providers.person.ru_RU import translit

from apps.core.academic_year import academic_year_of
from apps.organizations.models import Organization
from apps.participants.consents import ADULT_AGE, CHILD_AGE, years_ago
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
from apps.participants.questionnaires import questionnaires_create_standard
from apps.questions.models import Question

CONSENT_SCOPE = "Обработка персональных данных для целей программы наставничества организации"
EMAIL_DOMAIN = "example.org"  # reserved for examples (RFC 2606): no real mailbox

# --- Names -------------------------------------------------------------------------------

# Faker's ru_RU lists its surnames' male and female forms in the same order.
FEMININE_SURNAMES = dict(zip(RussianNames.last_names_male, RussianNames.last_names_female, strict=True))


def _fathers() -> tuple[tuple[str, str, str], ...]:
    """(a father's name, his son's patronymic, his daughter's) for the names of Faker's ru_RU
    whose patronymic Faker also lists (Борис → Борисович, Андрей → Андреевич, Василий →
    Васильевич), so that a child's patronymic is their father's name."""
    patronymics = set(RussianNames.middle_names_male)
    fathers = []
    for name in RussianNames.first_names_male:
        for son in (f"{name}ович", f"{name[:-1]}евич", f"{name[:-2]}ьевич"):
            if son in patronymics:
                fathers.append((name, son, f"{son[:-2]}на"))
    return tuple(fathers)


FATHERS = _fathers()


def _latin(text: str) -> str:
    return translit(text.lower())


def _years(n: int) -> str:
    with translation.override("ru"):  # the demo's people write in Russian
        return ngettext("%(count)d year", "%(count)d years", n) % {"count": n}


# --- What the demo consists of ------------------------------------------------------------


@dataclass
class DemoConsent:
    given_by: str
    signed_days_ago: int
    representative_name: str = ""
    representative_relation: str = ""
    revoked_days_ago: int | None = None
    revocation_reason: str = ""


@dataclass
class DemoPerson:
    family: str  # the surname's male form: shared by the family
    last_name: str
    first_name: str
    patronymic: str
    male: bool
    father_name: str
    age: int | None  # None: the birth date is not known (employers' representatives)
    birth_offset: int  # the birthday of `age` was this many days ago
    category: str
    programme_role: str
    group_name: str = ""
    partner: str = ""  # the partner organisation's name
    email: str = ""
    phone: str = ""
    status: str = Status.IN_BASE
    left_days_ago: int | None = None
    left_reason: str = ""
    # The legal representative (full name, relation) of a minor.
    representative: tuple[str, str] | None = None
    consents: list[DemoConsent] = field(default_factory=list)
    answered: bool = True
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (source, author, text)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.last_name, self.first_name, self.patronymic)

    @property
    def short_name(self) -> str:
        return f"{self.last_name} {self.first_name[0]}.{self.patronymic[0]}."

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE

    def birth_date(self, today: date) -> date | None:
        if self.age is None:
            return None
        return years_ago(today, self.age) - timedelta(days=self.birth_offset)


@dataclass
class DemoDefinition:
    partners: list[tuple[str, str, str]]  # (name, kind, contact)
    people: list[DemoPerson]


Kind = PartnerOrganization.Kind

PARTNERS = {
    "licey-7": [
        ("ООО «ТехноПрофи»", Kind.EMPLOYER, "Отдел персонала, +7 (900) 000-17-01"),
        ("АО «ИнфоСфера-Софт»", Kind.EMPLOYER, "Руководитель стажёрской программы, +7 (900) 000-17-02"),
        ("Университет инженерных технологий «Вектор»", Kind.UNIVERSITY, "Центр карьеры, +7 (900) 000-17-03"),
    ],
    "borisovskaya-sosh": [
        ("ООО «Колосок-Агро»", Kind.EMPLOYER, "Агроном-наставник, +7 (900) 000-21-01"),
        ("Аграрный колледж «Нива»", Kind.COLLEGE, "Приёмная комиссия, +7 (900) 000-21-02"),
    ],
    "valuyskiy-kolledzh": [
        ("АО «МашТехСервис»", Kind.EMPLOYER, "Отдел кадров, +7 (900) 000-31-01"),
        ("ООО «ЭкоФинКонсалт»", Kind.EMPLOYER, "Директор, +7 (900) 000-31-02"),
        ("ООО «ЦифраСофт»", Kind.EMPLOYER, "HR-менеджер, +7 (900) 000-31-03"),
    ],
    "cvr-gloria": [
        ("ООО «РобоЛаб»", Kind.EMPLOYER, "Руководитель образовательных проектов, +7 (900) 000-41-01"),
        ("Студия танца «Антре»", Kind.OTHER, "Художественный руководитель, +7 (900) 000-41-02"),
        ("Педагогический колледж «Перспектива»", Kind.COLLEGE, "Заместитель директора, +7 (900) 000-41-03"),
    ],
}
# Organisations outside the demo get the partners of the demo organisation of their kind.
PARTNERS_BY_KIND = {
    Organization.Kind.SCHOOL: PARTNERS["licey-7"],
    Organization.Kind.COLLEGE: PARTNERS["valuyskiy-kolledzh"],
    Organization.Kind.ADDITIONAL_EDUCATION: PARTNERS["cvr-gloria"],
}

STUDIOS = [
    "Хореография, гр. 1",
    "Хореография, гр. 2",
    "Робототехника, гр. 1",
    "Робототехника, гр. 2",
    "Изостудия, гр. 1",
    "Вокальная студия, гр. 1",
    "Театральная студия, гр. 1",
    "Шахматы, гр. 2",
]
# College groups: the speciality's letters and the two last digits of the year of admission.
COLLEGE_SPECIALITIES = ["ТМ", "ЭК", "ИС", "АТ"]

LEFT_REASONS_STUDENT = ["Перевод в другую школу", "Переезд семьи в другой город"]
LEFT_REASONS_COLLEGE = ["Отчисление по собственному желанию", "Перевод в другой колледж"]
LEFT_REASONS_ADULT = ["Смена места работы", "Нет времени на наставничество"]
REVOCATION_REASONS = ["Заявление об отзыве согласия", "Отказ от участия в программе"]


class _Namer:
    """Draws people's names from Faker's ru_RU, seeded by the organisation, never the same
    full name twice in one organisation."""

    def __init__(self, seed: str):
        self.fake = Faker("ru_RU")
        self.fake.seed_instance(seed)
        self.used: set[tuple[str, str, str]] = set()

    def name(self, *, male: bool, family: str | None = None, first: str | None = None):
        """(the surname's male form, (surname, name, patronymic), the father's name)."""
        fake = self.fake
        while True:
            surname = family or fake.last_name_male()
            first_name = first or (fake.first_name_male() if male else fake.first_name_female())
            father, son, daughter = fake.random_element(FATHERS)
            key = (surname if male else FEMININE_SURNAMES[surname], first_name, son if male else daughter)
            if key not in self.used and father != first_name:
                self.used.add(key)
                return surname, key, father

    def woman(self, surname: str | None = None) -> str:
        """The full name of a woman of the family of `surname` (male form), or of another."""
        fake = self.fake
        surname = FEMININE_SURNAMES[surname or fake.last_name_male()]
        return f"{surname} {fake.first_name_female()} {fake.random_element(FATHERS)[2]}"


class _Builder:
    def __init__(self, slug: str, kind: str, today: date):
        self.rng = random.Random(slug)
        self.namer = _Namer(slug)
        self.kind = kind
        self.today = today
        self.partners = PARTNERS.get(slug) or PARTNERS_BY_KIND[kind]
        self.people: list[DemoPerson] = []

    # People

    def person(
        self, category, role, ages, *, group="", male=None, partner_kind=None, family=None, first=None
    ):
        rng = self.rng
        male = rng.random() < 0.5 if male is None else male
        surname, (last, first_name, patronymic), father = self.namer.name(
            male=male, family=family, first=first
        )
        age = rng.randint(*ages) if ages else None
        person = DemoPerson(
            family=surname,
            last_name=last,
            first_name=first_name,
            patronymic=patronymic,
            male=male,
            father_name=father,
            age=age,
            birth_offset=rng.randint(1, 364),
            category=category,
            programme_role=role,
            group_name=group,
        )
        if partner_kind:
            names = [name for name, kind, _ in self.partners if kind in partner_kind]
            person.partner = rng.choice(names) if names else ""
        if age is None or age >= ADULT_AGE or category != Category.STUDENT:
            login = f"{_latin(last)}.{_latin(first_name)[0]}{_latin(patronymic)[0]}"
            person.email = f"{login}@{EMAIL_DOMAIN}"
            person.phone = f"+7 (900) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
        if person.is_minor:
            person.representative = self.representative(person)
        self.people.append(person)
        return person

    def representative(self, child: DemoPerson) -> tuple[str, str]:
        draw = self.rng.random()
        if draw < 0.62:
            return self.namer.woman(child.family), Consent.Relation.MOTHER
        if draw < 0.94:
            patronymic = self.namer.fake.random_element(FATHERS)[1]
            return f"{child.family} {child.father_name} {patronymic}", Consent.Relation.FATHER
        return self.namer.woman(), Consent.Relation.GUARDIAN  # a grandmother on the mother's side

    def adults(self, category, role, count, ages, **kwargs):
        return [self.person(category, role, ages, **kwargs) for _ in range(count)]

    # The organisations by kind

    def school(self):
        rng = self.rng
        grades = [5, 6, 7, 8, 9, 10, 11]
        for _ in range(rng.randint(17, 22)):
            grade = rng.choices(grades, weights=[3, 3, 3, 3, 2, 2, 2])[0]
            self.student_of_grade(grade, ProgrammeRole.MENTEE)
        for _ in range(rng.randint(3, 5)):
            self.student_of_grade(rng.choice([10, 11]), ProgrammeRole.MENTOR)
        for _ in range(rng.randint(1, 2)):
            self.student_of_grade(rng.choice([9, 10]), ProgrammeRole.BOTH)
        self.adults(Category.TEACHER, ProgrammeRole.MENTOR, rng.randint(5, 7), (28, 62))
        young = [ProgrammeRole.MENTEE, ProgrammeRole.BOTH, ProgrammeRole.MENTOR][: rng.randint(2, 3)]
        for role in young:
            self.person(Category.YOUNG_SPECIALIST, role, (22, 27))
        self.adults(
            Category.GRADUATE,
            ProgrammeRole.MENTOR,
            2,
            (19, 23),
            partner_kind={Kind.UNIVERSITY, Kind.COLLEGE},
        )
        self.adults(
            Category.EMPLOYER, ProgrammeRole.MENTOR, rng.randint(1, 2), None, partner_kind={Kind.EMPLOYER}
        )

    def student_of_grade(self, grade: int, role: str):
        letter = self.rng.choice("АБ")
        return self.person(Category.STUDENT, role, (grade + 6, grade + 6), group=f"{grade}{letter}")

    def college(self):
        rng = self.rng
        first_year = academic_year_of(self.today)

        def student(course: int, role: str):
            group = f"{rng.choice(COLLEGE_SPECIALITIES)}-{(first_year - course + 1) % 100:02d}"
            return self.person(Category.STUDENT, role, (14 + course, 15 + course), group=group)

        for _ in range(rng.randint(16, 21)):
            student(rng.choices([1, 2, 3, 4], weights=[4, 3, 2, 1])[0], ProgrammeRole.MENTEE)
        for _ in range(rng.randint(3, 4)):
            student(rng.choice([3, 4]), ProgrammeRole.MENTOR)
        student(rng.choice([2, 3]), ProgrammeRole.BOTH)
        self.adults(Category.TEACHER, ProgrammeRole.MENTOR, rng.randint(5, 6), (27, 63))
        for role in [ProgrammeRole.MENTEE, ProgrammeRole.BOTH][: rng.randint(1, 2)]:
            self.person(Category.YOUNG_SPECIALIST, role, (22, 27))
        self.adults(
            Category.EMPLOYER, ProgrammeRole.MENTOR, rng.randint(3, 4), None, partner_kind={Kind.EMPLOYER}
        )
        self.adults(
            Category.GRADUATE, ProgrammeRole.MENTOR, rng.randint(1, 2), (20, 24), partner_kind={Kind.EMPLOYER}
        )

    def centre(self):
        rng = self.rng
        children = []
        for _ in range(rng.randint(17, 21)):
            children.append(
                self.person(Category.STUDENT, ProgrammeRole.MENTEE, (8, 13), group=rng.choice(STUDIOS))
            )
        for _ in range(rng.randint(2, 3)):
            self.person(Category.STUDENT, ProgrammeRole.MENTOR, (14, 15), group=rng.choice(STUDIOS))
        self.person(Category.STUDENT, ProgrammeRole.BOTH, (13, 14), group=rng.choice(STUDIOS))
        self.adults(Category.TEACHER, ProgrammeRole.MENTOR, rng.randint(4, 6), (26, 60))
        self.person(Category.YOUNG_SPECIALIST, ProgrammeRole.MENTEE, (21, 26))
        # Parents of the studios' children mentor too; they are the children's representatives.
        for index, child in enumerate(rng.sample(children, rng.randint(3, 4))):
            mother = rng.random() < 0.7
            parent = self.person(
                Category.PARENT,
                ProgrammeRole.MENTOR,
                (32, 45),
                male=not mother,
                family=child.family,
                first=None if mother else child.father_name,
                partner_kind={Kind.EMPLOYER, Kind.OTHER} if index == 0 else None,
            )
            relation = Consent.Relation.MOTHER if mother else Consent.Relation.FATHER
            child.representative = (" ".join(parent.key), relation)
        self.person(Category.EMPLOYER, ProgrammeRole.MENTOR, None, partner_kind={Kind.EMPLOYER})
        self.person(Category.UNIVERSITY_STUDENT, ProgrammeRole.MENTOR, (19, 21), partner_kind={Kind.COLLEGE})

    # Statuses, consents, answers, notes

    def plan(self):
        rng = self.rng
        people = self.people
        order = list(range(len(people)))
        rng.shuffle(order)
        counts = {
            "revoked": rng.randint(1, 2),
            "left": rng.randint(1, 2),
            "missing": round(len(people) * 0.15),
            "in_pair": rng.randint(3, 5),
            "candidate": rng.randint(1, 2),  # consents given, the questionnaire still to come
        }
        plans = {}
        for plan, count in counts.items():
            for index in order[:count]:
                plans[index] = plan
            order = order[count:]
        for index, person in enumerate(people):
            plan = plans.get(index, "in_base")
            signed = rng.randint(3, 20) if plan == "candidate" else rng.randint(20, 240)
            consents = self.full_consents(person, signed)
            if plan == "missing":
                consents = self.partial_consents(person, consents)
                # Most are new candidates; one sits in the base with a gap the curator must close.
                person.status = Status.IN_BASE if index == order_first(plans, "missing") else Status.CANDIDATE
                person.answered = False
            elif plan == "revoked":
                revoked = next(c for c in consents if c.given_by in self.required(person))
                revoked.revoked_days_ago = rng.randint(2, 5)
                revoked.revocation_reason = rng.choice(REVOCATION_REASONS)
            elif plan == "left":
                person.status = Status.LEFT
                person.left_days_ago = rng.randint(2, 6)
                person.left_reason = rng.choice(self.left_reasons(person))
            elif plan == "in_pair":
                # In the base: the pairs demo (apps/demo/pairs.py) puts people in real pairs.
                person.status = Status.IN_BASE
            elif plan == "candidate":
                person.status = Status.CANDIDATE
                person.answered = rng.random() < 0.5
            person.consents = consents

    def required(self, person: DemoPerson) -> set[str]:
        if person.age is None or person.age >= ADULT_AGE:
            return {Consent.GivenBy.SUBJECT}
        if person.age < CHILD_AGE:
            return {Consent.GivenBy.REPRESENTATIVE}
        return {Consent.GivenBy.SUBJECT, Consent.GivenBy.REPRESENTATIVE}

    def full_consents(self, person: DemoPerson, signed: int) -> list[DemoConsent]:
        consents = []
        for given_by in sorted(self.required(person)):  # the representative's first
            consent = DemoConsent(given_by=given_by, signed_days_ago=signed)
            if given_by == Consent.GivenBy.REPRESENTATIVE:
                consent.representative_name, consent.representative_relation = person.representative
            elif person.age == CHILD_AGE:  # one's own consent is possible from the 14th birthday on
                consent.signed_days_ago = min(signed, person.birth_offset - 1)
            consents.append(consent)
        return consents

    def partial_consents(self, person: DemoPerson, consents: list[DemoConsent]) -> list[DemoConsent]:
        """None at all, or for a 14–17-year-old one of the two."""
        if len(consents) < 2:
            return []
        return self.rng.choice([[], consents[:1], consents[1:]])

    def left_reasons(self, person: DemoPerson) -> list[str]:
        if person.category != Category.STUDENT:
            return LEFT_REASONS_ADULT
        return LEFT_REASONS_COLLEGE if self.kind == Organization.Kind.COLLEGE else LEFT_REASONS_STUDENT

    def notes(self):
        rng = self.rng
        mentees = [
            p
            for p in self.people
            if p.category == Category.STUDENT
            and p.programme_role != ProgrammeRole.MENTOR
            and p.answered
            and p.status != Status.LEFT
        ]
        teachers = [
            p
            for p in self.people
            if p.category == Category.TEACHER and p.status in (Status.IN_BASE, Status.IN_PAIR)
        ]
        _, psychologist, _ = self.namer.name(male=False)
        psychologist_name = f"{psychologist[0]} {psychologist[1][0]}.{psychologist[2][0]}., педагог-психолог"
        for index, mentee in enumerate(rng.sample(mentees, min(len(mentees), rng.randint(3, 5)))):
            if index % 2:
                mentee.notes.append(
                    (ExtraInformation.Source.PSYCHOLOGIST, psychologist_name, rng.choice(PSYCHOLOGIST_NOTES))
                )
                continue
            teacher = rng.choice(teachers).short_name
            if self.kind == Organization.Kind.ADDITIONAL_EDUCATION:
                source, author = ExtraInformation.Source.OTHER, f"{teacher}, педагог студии"
                texts = STUDIO_NOTES
            elif self.kind == Organization.Kind.COLLEGE:
                source, author = ExtraInformation.Source.CLASS_TEACHER, f"{teacher}, куратор группы"
                texts = COLLEGE_NOTES
            else:
                source, author = ExtraInformation.Source.CLASS_TEACHER, f"{teacher}, классный руководитель"
                texts = SCHOOL_NOTES
            text = rng.choice(texts).format(a="" if mentee.male else "а")
            mentee.notes.append((source, author, text))


def order_first(plans: dict[int, str], plan: str) -> int | None:
    return min((index for index, p in plans.items() if p == plan), default=None)


def build_demo(*, slug: str, kind: str, today: date, size: int = 0) -> DemoDefinition:
    """The demo of one organisation, in memory; the same for the same slug, kind and size.
    With `size`, the organisation's people are drawn again (more classes, more teachers…)
    until there are that many (`grow_demo`'s larger organisations)."""
    builder = _Builder(slug, kind, today)
    draw = {
        Organization.Kind.SCHOOL: builder.school,
        Organization.Kind.COLLEGE: builder.college,
        Organization.Kind.ADDITIONAL_EDUCATION: builder.centre,
    }[kind]
    draw()
    while len(builder.people) < size:
        draw()
    if size:
        del builder.people[size:]
    builder.plan()
    builder.notes()
    return DemoDefinition(partners=builder.partners, people=builder.people)


# --- Answers ------------------------------------------------------------------------------

SCHOOL_NOTES = [
    "Хорошо успевает по математике и физике, участвует в школьном этапе олимпиады. "
    "Стесняется выступать перед классом.",
    "Учится неровно: трудности с русским языком. Активно участвует во внеурочной "
    "деятельности, занимается спортом.",
    "В классе с этого учебного года, друзей пока мало. Нужна поддержка в адаптации.",
    "Интересуется программированием, хочет сделать проект к научно-практической конференции.",
]
COLLEGE_NOTES = [
    "Пропуски занятий в первом семестре, задолженность по инженерной графике. Мотивирован "
    "на практику на предприятии.",
    "Хорошо успевает, староста группы. Хочет участвовать в чемпионате «Профессионалы».",
    "Живёт в общежитии, приехал{a} из района; нужна помощь в адаптации.",
]
STUDIO_NOTES = [
    "Способный ребёнок, быстро осваивает новое, но часто пропускает занятия.",
    "Готовится к областному конкурсу, нужна дополнительная поддержка перед выступлением.",
    "Застенчив{a} в группе, лучше раскрывается в работе в паре.",
]
PSYCHOLOGIST_NOTES = [
    "По результатам диагностики: повышенная тревожность перед контрольными работами. "
    "Рекомендованы регулярные встречи с наставником.",
    "Адаптация в новом коллективе проходит с трудностями; рекомендовано включение в групповые проекты.",
    "Высокая познавательная мотивация, склонность к исследовательской деятельности. "
    "Рекомендован наставник с опытом проектной работы.",
]

INTERESTS = {
    "child": [
        "Футбол и компьютерные игры",
        "Рисование, аниме",
        "Конструирование из LEGO",
        "Танцы и музыка",
        "Читаю фантастику",
        "Шахматы",
        "Животные, хочу стать ветеринаром",
        "Программирование на Python",
        "Волейбол",
        "Видеомонтаж, снимаю ролики",
        "История родного края",
        "Химические опыты",
    ],
    "youth": [
        "Ремонт автомобилей",
        "3D-моделирование",
        "Финансовая грамотность",
        "Веб-дизайн",
        "Туризм и походы",
        "Волонтёрство",
        "Английский язык",
        "Электроника, Arduino",
        "Спорт, тренажёрный зал",
    ],
    "adult": [
        "Краеведение, туризм",
        "Садоводство",
        "Чтение, театр",
        "Цифровые технологии в обучении",
        "Лыжи, бег",
        "Рыбалка",
        "Проектная деятельность",
        "Хоровое пение",
        "Фотография",
        "Настольные игры",
    ],
}
EXPERIENCE = {
    Category.TEACHER: [
        "Педагогический стаж {years}, классное руководство, подготовка к олимпиадам",
        "Стаж {years}, руководство проектами учеников",
        "Стаж {years}, наставник молодых педагогов в методическом объединении",
    ],
    Category.YOUNG_SPECIALIST: [
        "Вожатый в летнем лагере, стаж работы {years}",
        "Помощь первокурсникам в университете",
    ],
    Category.EMPLOYER: [
        "Руководство группой молодых специалистов, экскурсии на предприятие",
        "Наставник молодых рабочих на производстве, стаж {years}",
        "Проведение практики студентов колледжа",
    ],
    Category.GRADUATE: ["Репетиторство по математике", "Вожатый в летнем лагере"],
    Category.UNIVERSITY_STUDENT: ["Педагогическая практика в школе", "Волонтёр детских мероприятий"],
    Category.PARENT: [
        "Тренер детской футбольной команды",
        "Помощь в организации выездов и конкурсов студии",
        "Веду кружок для детей по выходным",
    ],
    Category.STUDENT: [
        "Помощь младшим в подготовке к олимпиадам",
        "Участие в волонтёрском отряде",
        "Мастер-классы для младших",
    ],
}
OTHER_TEXT = ["Хочу научиться работать в команде", "Нет", "Пока не знаю"]

FORMS = {
    (Category.STUDENT, "mentee"): [
        "Учитель – ученик",
        "Ученик – ученик",
        "Работодатель – ученик",
        "Студент – ученик",
    ],
    (Category.STUDENT, "mentor"): ["Ученик – ученик"],
    (Category.TEACHER, "mentor"): ["Учитель – ученик", "Учитель – учитель"],
    (Category.YOUNG_SPECIALIST, "mentee"): ["Учитель – учитель"],
    (Category.YOUNG_SPECIALIST, "mentor"): ["Учитель – ученик"],
    (Category.EMPLOYER, "mentor"): ["Работодатель – ученик"],
    (Category.GRADUATE, "mentor"): ["Студент – ученик", "Работодатель – ученик"],
    (Category.UNIVERSITY_STUDENT, "mentor"): ["Студент – ученик"],
    (Category.PARENT, "mentor"): ["Учитель – ученик", "Работодатель – ученик"],
}
HELP = {
    (Category.STUDENT, "mentee"): [
        "Учёба",
        "Олимпиады и конкурсы",
        "Проекты",
        "Профориентация",
        "Адаптация в коллективе",
    ],
    (Category.YOUNG_SPECIALIST, "mentee"): ["Адаптация в коллективе", "Проекты", "Учёба"],
    (Category.STUDENT, "mentor"): ["Учёба", "Олимпиады и конкурсы", "Адаптация в коллективе"],
    (Category.TEACHER, "mentor"): ["Учёба", "Олимпиады и конкурсы", "Проекты"],
    (Category.EMPLOYER, "mentor"): ["Профориентация", "Проекты"],
    (Category.PARENT, "mentor"): ["Проекты", "Олимпиады и конкурсы", "Адаптация в коллективе"],
}
AVAILABLE = {
    Category.STUDENT: ["Будни после уроков", "Онлайн в любое время"],
    Category.TEACHER: ["Будни после уроков"],
    Category.YOUNG_SPECIALIST: ["Будни после уроков", "Онлайн в любое время"],
}
AVAILABLE_OTHERS = ["Выходные", "Онлайн в любое время"]


def _some(rng: random.Random, choices: list, preferred: list, most: int = 3) -> list:
    """1..`most` of the choices, preferably the preferred ones, in the order of the choices."""
    pool = [c for c in choices if c in preferred] or list(choices)
    chosen = set(rng.sample(pool, rng.randint(1, min(most, len(pool)))))
    return [c for c in choices if c in chosen]


def answer_value(person: DemoPerson, question: Question, questionnaire_kind: str, slug: str):
    """A value fitting the question's kind and the person; None when there is nothing to say."""
    rng = random.Random(f"{slug}|{'|'.join(person.key)}|{questionnaire_kind}|{question.text}")
    choices = list(question.choices or [])
    key = (person.category, questionnaire_kind)
    if question.kind == Question.Kind.TEXT:
        if question.topic == Question.Topic.INTERESTS:
            if person.age is not None and person.age < 15:
                return rng.choice(INTERESTS["child"])
            return rng.choice(INTERESTS["youth" if person.age is not None and person.age < 25 else "adult"])
        if question.topic == Question.Topic.EXPERIENCE:
            years = max(1, (person.age or 40) - 23 - rng.randint(0, 3))
            return rng.choice(EXPERIENCE.get(person.category, OTHER_TEXT)).format(years=_years(years))
        return rng.choice(OTHER_TEXT)
    if not choices and question.kind != Question.Kind.SCALE:
        return None
    if question.kind == Question.Kind.CHOICE:
        preferred = [c for c in FORMS.get(key, []) if c in choices]
        return rng.choice(preferred or choices)
    if question.kind == Question.Kind.MULTIPLE:
        if question.topic == Question.Topic.AVAILABILITY:
            return _some(rng, choices, AVAILABLE.get(person.category, AVAILABLE_OTHERS), most=2)
        return _some(rng, choices, HELP.get(key, choices))
    if question.kind == Question.Kind.SCALE:
        top = max(1, question.scale_max)
        return rng.randint(max(1, top - 2), top)
    return None


# --- Writing ------------------------------------------------------------------------------


def load_demo_participants(*, organization, today: date | None = None, size: int = 0) -> int:
    """Create or refresh the organisation's demo participants (`size` of them, when given);
    returns how many people the organisation's bases hold afterwards (anonymised rows, which
    are statistics, not counted)."""
    today = today or timezone.localdate()
    definition = build_demo(slug=organization.slug, kind=organization.kind, today=today, size=size)
    with scopes_disabled(), transaction.atomic():
        questionnaires_create_standard(organization=organization)
        partners = _sync_partners(organization, definition.partners)
        participants = _sync_participants(organization, definition.people, partners, today)
        _sync_consents(organization, definition.people, participants, today)
        _sync_answers(organization, definition.people, participants)
        _sync_notes(organization, definition.people, participants)
        return Participant.objects.filter(organization=organization, anonymised_at__isnull=True).count()


def _sync_partners(organization, partners) -> dict[str, PartnerOrganization]:
    result = {}
    for name, kind, contact in partners:
        result[name], _ = PartnerOrganization.objects.update_or_create(
            organization=organization, name=name, defaults={"kind": kind, "contact": contact}
        )
    return result


PERSON_FIELDS = [
    "birth_date",
    "category",
    "group_name",
    "email",
    "phone",
    "partner",
    "programme_role",
    "status",
    "left_on",
    "left_reason",
]


def _sync_participants(organization, people, partners, today) -> dict[tuple, Participant]:
    existing = {}
    for participant in Participant.objects.filter(
        organization=organization, anonymised_at__isnull=True
    ).order_by("pk"):
        existing.setdefault(
            (participant.last_name, participant.first_name, participant.patronymic), participant
        )
    new, changed = [], []
    for person in people:
        values = {
            "birth_date": person.birth_date(today),
            "category": person.category,
            "group_name": person.group_name,
            "email": person.email,
            "phone": person.phone,
            "partner_id": partners[person.partner].pk if person.partner else None,
            "programme_role": person.programme_role,
            "status": person.status,
            "left_on": today - timedelta(days=person.left_days_ago)
            if person.left_days_ago is not None
            else None,
            "left_reason": person.left_reason,
        }
        participant = existing.get(person.key)
        if participant is None:
            new.append(
                Participant(
                    organization=organization,
                    last_name=person.last_name,
                    first_name=person.first_name,
                    patronymic=person.patronymic,
                    **values,
                )
            )
        elif any(getattr(participant, f) != v for f, v in values.items()):
            for name, value in values.items():
                setattr(participant, name, value)
            participant.updated_at = timezone.now()
            changed.append(participant)
    Participant.objects.bulk_create(new)
    Participant.objects.bulk_update(changed, [*PERSON_FIELDS, "updated_at"])
    keys = {person.key for person in people}
    result = {}
    for participant in Participant.objects.filter(
        organization=organization, anonymised_at__isnull=True, last_name__in={k[0] for k in keys}
    ).order_by("pk"):
        key = (participant.last_name, participant.first_name, participant.patronymic)
        if key in keys:
            result.setdefault(key, participant)
    return result


def _sync_consents(organization, people, participants, today):
    ids = [participants[p.key].pk for p in people]
    existing = {}
    extra = []
    for consent in Consent.objects.filter(participant_id__in=ids).order_by("pk"):
        key = (consent.participant_id, consent.given_by)
        if key in existing:
            extra.append(consent)
        else:
            existing[key] = consent
    wanted, new, changed = set(), [], []
    fields = [
        "signed_on",
        "representative_name",
        "representative_relation",
        "revoked_on",
        "revocation_reason",
        "scope",
    ]
    for person in people:
        participant = participants[person.key]
        for spec in person.consents:
            key = (participant.pk, spec.given_by)
            wanted.add(key)
            values = {
                "signed_on": today - timedelta(days=spec.signed_days_ago),
                "representative_name": spec.representative_name,
                "representative_relation": spec.representative_relation,
                "revoked_on": (
                    today - timedelta(days=spec.revoked_days_ago)
                    if spec.revoked_days_ago is not None
                    else None
                ),
                "revocation_reason": spec.revocation_reason,
                "scope": CONSENT_SCOPE,
            }
            consent = existing.get(key)
            if consent is None:
                new.append(
                    Consent(
                        organization=organization, participant=participant, given_by=spec.given_by, **values
                    )
                )
            elif any(getattr(consent, f) != v for f, v in values.items()):
                for name, value in values.items():
                    setattr(consent, name, value)
                changed.append(consent)
    extra += [consent for key, consent in existing.items() if key not in wanted]
    for consent in extra:
        if consent.document:
            consent.document.delete(save=False)
    Consent.objects.filter(pk__in=[c.pk for c in extra]).delete()
    Consent.objects.bulk_create(new)
    Consent.objects.bulk_update(changed, fields)


def _sync_answers(organization, people, participants):
    questionnaires = {
        q.kind: list(q.questions.order_by("position", "pk"))
        for q in QuestionnaireTemplate.objects.filter(organization=organization)
    }
    wanted = {}
    for person in people:
        if not person.answered:
            continue
        kinds = {
            ProgrammeRole.MENTEE: ["mentee"],
            ProgrammeRole.MENTOR: ["mentor"],
            ProgrammeRole.BOTH: ["mentee", "mentor"],
        }[person.programme_role]
        for kind in kinds:
            for question in questionnaires.get(kind, []):
                value = answer_value(person, question, kind, organization.slug)
                if value not in (None, "", []):
                    wanted[(participants[person.key].pk, question.pk)] = value
    ids = [participants[p.key].pk for p in people]
    stale, changed = [], []
    for answer in Answer.objects.filter(participant_id__in=ids):
        key = (answer.participant_id, answer.question_id)
        if key not in wanted:
            stale.append(answer.pk)
        else:
            value = wanted.pop(key)
            if answer.value != value:
                answer.value = value
                changed.append(answer)
    Answer.objects.filter(pk__in=stale).delete()
    Answer.objects.bulk_update(changed, ["value"])
    Answer.objects.bulk_create(
        Answer(organization=organization, participant_id=participant_id, question_id=question_id, value=value)
        for (participant_id, question_id), value in wanted.items()
    )


def _sync_notes(organization, people, participants):
    ids = [participants[p.key].pk for p in people]
    wanted = {
        (participants[person.key].pk, source, author, text)
        for person in people
        for source, author, text in person.notes
    }
    stale = []
    for info in ExtraInformation.objects.filter(participant_id__in=ids).order_by("pk"):
        key = (info.participant_id, info.source, info.author_name, info.text)
        if key in wanted:
            wanted.discard(key)
        else:
            stale.append(info.pk)
    ExtraInformation.objects.filter(pk__in=stale).delete()
    ExtraInformation.objects.bulk_create(
        ExtraInformation(
            organization=organization, participant_id=pid, source=source, author_name=author, text=text
        )
        for pid, source, author, text in sorted(wanted)
    )
