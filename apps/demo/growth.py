"""The demo grown to a municipality's size, for the load test (`grow_demo`, bench/loadtest.py).

`grow_demo_organizations` adds organisations numbered 1…N to the demo's committee (schools
mostly, every tenth a college, every tenth a centre of additional education), each with the
demo's four users (`director-`, `curator-`, `staff-`, `mentor-<slug>`) and its people drawn
by the demo's own loaders at a larger size: participants with consents and answers,
programmes with their matched pairs and meetings, this year's roadmap of a seed of its kind,
orders and survey answers. The committee gets more members (`committee-<slug>-2`…).

Deterministic (each organisation's draws are seeded by its slug, as the demo's are) and
idempotent (every loader is), so running it again refreshes and adds what is missing.
"""

from dataclasses import dataclass

from django.db import transaction
from django_scopes import scopes_disabled

from apps.organizations.models import CommitteeMembership, Membership, Municipality, Organization
from apps.organizations.roles import Role

from .orders import load_demo_orders
from .organizations import COMMITTEE_USER_NAME, ROLE_DEMO_SURNAMES, _demo_user
from .pairs import load_demo_pairs
from .participants import load_demo_participants
from .roadmap import load_demo_roadmap
from .surveys import load_demo_surveys

Kind = Organization.Kind

# The seed roadmap each kind of grown organisation runs (apps/demo/organizations.py).
SEEDS = {
    Kind.SCHOOL: ["000_14ba426ab92759b4.txt", "001_284df00ad2940d94.txt"],
    Kind.COLLEGE: ["003_bdcdd28df352517f.txt"],
    Kind.ADDITIONAL_EDUCATION: ["004_beb5b09b274bf991.txt"],
}
NAMES = {
    Kind.SCHOOL: (
        "sosh",
        "МБОУ «СОШ № {n}»",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n}»",
    ),
    Kind.COLLEGE: (
        "kolledzh",
        "БПОУ «Колледж № {n}»",
        "Бюджетное профессиональное образовательное учреждение «Колледж № {n}»",
    ),
    Kind.ADDITIONAL_EDUCATION: (
        "cdt",
        "МБУ ДО «ЦДТ № {n}»",
        "Муниципальное бюджетное учреждение дополнительного образования «Центр детского творчества № {n}»",
    ),
}


@dataclass(frozen=True)
class GrownOrganization:
    number: int
    kind: str

    @property
    def slug(self) -> str:
        return f"{NAMES[self.kind][0]}-{self.number}"

    @property
    def seed(self) -> str:
        seeds = SEEDS[self.kind]
        return seeds[self.number % len(seeds)]


def grown_organizations(count: int) -> list[GrownOrganization]:
    """The organisations 1…count: every tenth (4, 14…) a college, every tenth (9, 19…) a centre."""
    kinds = {4: Kind.COLLEGE, 9: Kind.ADDITIONAL_EDUCATION}
    return [GrownOrganization(n, kinds.get(n % 10, Kind.SCHOOL)) for n in range(1, count + 1)]


@transaction.atomic
def _organization_with_users(municipality, grown: GrownOrganization, password: str) -> Organization:
    _prefix, short_name, full_name = NAMES[grown.kind]
    organization, _ = Organization.objects.update_or_create(
        slug=grown.slug,
        defaults={
            "municipality": municipality,
            "kind": grown.kind,
            "short_name": short_name.format(n=grown.number),
            "full_name": full_name.format(n=grown.number),
            "is_active": True,
        },
    )
    for role in Role:
        user = _demo_user(
            f"{role.value}-{organization.slug}", password, (ROLE_DEMO_SURNAMES[role], "Демо", "")
        )
        Membership.objects.update_or_create(
            organization=organization, user=user, defaults={"role": role, "is_active": True}
        )
    return organization


def grow_committee(municipality: Municipality, *, members: int, password: str) -> list[str]:
    """The committee's members 2…`members` (the first is load_demo's); their logins."""
    logins = []
    for number in range(2, members + 1):
        username = f"committee-{municipality.slug}-{number}"
        user = _demo_user(username, password, COMMITTEE_USER_NAME)
        CommitteeMembership.objects.update_or_create(
            municipality=municipality, user=user, defaults={"is_active": True}
        )
        logins.append(username)
    return logins


def grow_demo_organization(municipality, grown: GrownOrganization, *, people: int, password: str) -> str:
    """One grown organisation, its users and its data; a one-line summary."""
    with scopes_disabled():
        organization = _organization_with_users(municipality, grown, password)
        count = load_demo_participants(organization=organization, size=people)
        pairs = load_demo_pairs(organization=organization)
        roadmap = load_demo_roadmap(owner=organization, seed=grown.seed)
        orders = load_demo_orders(organization=organization)
        surveys = load_demo_surveys(organization=organization)
    return f"{organization.slug}: {count} participants; {pairs}; {roadmap}; {orders}; {surveys}"
