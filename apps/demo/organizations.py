"""The demo: the committee of seed 002 and the organisations of seeds 000, 001, 003, 004.

Names are as the seed roadmaps give them. The four organisations are placed under
the one committee of the seeds so that its dashboard has something to aggregate.
The other modules of `apps.demo` fill them with participants, pairs, roadmaps and orders.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scopes_disabled

from apps.organizations.models import CommitteeMembership, Membership, Municipality, Organization
from apps.organizations.roles import Role

User = get_user_model()

MUNICIPALITY = {
    "slug": "kalachinsk",
    "name": "Калачинский муниципальный район",
    "region": "Омская область",
    "committee_name": "Комитет по образованию Администрации Калачинского муниципального района",
    "chair_name": "Бутова Ю.И.",
}
MUNICIPALITY_SEED = "002_981a8981446c0849.txt"  # the committee's own roadmap
COMMITTEE_USER_NAME = ("Бутова", "Ю.", "И.")


@dataclass(frozen=True)
class DemoOrganization:
    slug: str
    seed: str
    kind: str
    short_name: str
    full_name: str
    director_name: str = ""
    # The seed's region: Sverdlovsk (000), Belgorod (001, 003); 004 does not say.
    time_zone: str = "Europe/Moscow"
    # (surname, name, patronymic) of the people the seed names, by role.
    people: dict = field(default_factory=dict)


ORGANIZATIONS = [
    DemoOrganization(
        slug="licey-7",
        seed="000_14ba426ab92759b4.txt",
        kind=Organization.Kind.SCHOOL,
        time_zone="Asia/Yekaterinburg",
        short_name="БМАОУ «Лицей № 7»",
        full_name="БМАОУ «Лицей № 7» имени А.А. Лагуткина",
        director_name="Архипова Л.И.",
        people={Role.DIRECTOR: ("Архипова", "Л.", "И."), Role.CURATOR: ("Смирнова", "Л.", "М.")},
    ),
    DemoOrganization(
        slug="borisovskaya-sosh",
        seed="001_284df00ad2940d94.txt",
        kind=Organization.Kind.SCHOOL,
        short_name="ОГБОУ «Борисовская СОШ»",
        full_name="ОГБОУ «Борисовская средняя общеобразовательная школа»",
        people={Role.CURATOR: ("Алекберова", "Л.", "С.")},
    ),
    DemoOrganization(
        slug="valuyskiy-kolledzh",
        seed="003_bdcdd28df352517f.txt",
        kind=Organization.Kind.COLLEGE,
        short_name="ОГАПОУ «Валуйский колледж»",
        full_name="ОГАПОУ «Валуйский колледж»",
    ),
    DemoOrganization(
        slug="cvr-gloria",
        seed="004_beb5b09b274bf991.txt",
        kind=Organization.Kind.ADDITIONAL_EDUCATION,
        short_name="МОУ ДО ЦВР «Глория»",
        full_name="МОУ ДО Центр внешкольной работы «Глория»",
        people={Role.CURATOR: ("Балуева", "Е.", "В.")},
    ),
]

# A neutral surname for demo people the seeds do not name.
ROLE_DEMO_SURNAMES = {
    Role.DIRECTOR: "Директоров",
    Role.CURATOR: "Кураторова",
    Role.STAFF: "Операторова",
    Role.MENTOR: "Наставников",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    workplace: str
    role: str


def _demo_user(username: str, password: str, names: tuple[str, str, str]):
    user, _ = User.objects.get_or_create(username=username)
    user.last_name, user.first_name, user.patronymic = names
    user.email = f"{username}@demo.mentoring.local"
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def load_demo(*, password: str) -> list[DemoLogin]:
    """Create or refresh the demo tenants and users; running it twice changes nothing more."""
    logins = []
    with scopes_disabled():
        municipality, _ = Municipality.objects.update_or_create(
            slug=MUNICIPALITY["slug"], defaults=MUNICIPALITY
        )
        committee_username = f"committee-{municipality.slug}"
        committee_user = _demo_user(committee_username, password, COMMITTEE_USER_NAME)
        CommitteeMembership.objects.update_or_create(
            municipality=municipality, user=committee_user, defaults={"is_active": True}
        )
        logins.append(DemoLogin(committee_username, municipality.committee_name, "committee"))

        for spec in ORGANIZATIONS:
            organization, _ = Organization.objects.update_or_create(
                slug=spec.slug,
                defaults={
                    "municipality": municipality,
                    "kind": spec.kind,
                    "short_name": spec.short_name,
                    "full_name": spec.full_name,
                    "director_name": spec.director_name,
                    "time_zone": spec.time_zone,
                    "is_active": True,
                },
            )
            for role in Role:
                username = f"{role.value}-{organization.slug}"
                names = spec.people.get(role, (ROLE_DEMO_SURNAMES[role], "Демо", ""))
                user = _demo_user(username, password, names)
                Membership.objects.update_or_create(
                    organization=organization, user=user, defaults={"role": role, "is_active": True}
                )
                logins.append(DemoLogin(username, organization.short_name, role.value))
    return logins
