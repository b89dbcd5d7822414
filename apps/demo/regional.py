"""The demo's regional level (issue #19): Омская область above Калачинский район (seed 002)
and a second municipality, Оконешниковский район, with two small schools, so that the
regional centre's dashboard compares municipalities. Deterministic and idempotent: the
schools' people, pairs and roadmaps come from the same loaders as the seeds' organisations.
"""

from django.db import transaction
from django_scopes import scopes_disabled

from apps.organizations.models import (
    CommitteeMembership,
    Membership,
    Municipality,
    Organization,
    Region,
    RegionMembership,
)
from apps.organizations.roles import Role
from apps.regional.models import IndicatorSet
from apps.regional.services import indicator_set_create_default

from .organizations import MUNICIPALITY, DemoLogin, _demo_user

REGION = {
    "slug": "omskaya-oblast",
    "name": "Омская область",
    "centre_name": "Региональный наставнический центр Омской области",
    "head_name": "",
}
REGION_USER_NAME = ("Регионова", "Демо", "")

SECOND_MUNICIPALITY = {
    "slug": "okoneshnikovo",
    "name": "Оконешниковский муниципальный район",
    "region": "Омская область",
    "committee_name": "Комитет по образованию Администрации Оконешниковского муниципального района",
    "chair_name": "",
}
# Small rural schools of the second municipality: (slug, short name, full name).
SMALL_SCHOOLS = [
    (
        "okoneshnikovskaya-sosh",
        "МБОУ «Оконешниковская СОШ»",
        "МБОУ «Оконешниковская средняя общеобразовательная школа»",
    ),
    ("chistovskaya-oosh", "МБОУ «Чистовская ООШ»", "МБОУ «Чистовская основная общеобразовательная школа»"),
]
SMALL_SCHOOL_PEOPLE = 40  # people in each school's bases


@transaction.atomic
def load_demo_region(*, password: str) -> tuple[list[DemoLogin], list[Organization]]:
    """The region, its centre's user, the second municipality with its committee and schools;
    returns the logins and the small schools (which the other loaders fill)."""
    logins = []
    with scopes_disabled():
        region, _ = Region.objects.update_or_create(slug=REGION["slug"], defaults=REGION)
        region_username = f"region-{region.slug}"
        RegionMembership.objects.update_or_create(
            region=region,
            user=_demo_user(region_username, password, REGION_USER_NAME),
            defaults={"is_active": True},
        )
        logins.append(DemoLogin(region_username, region.centre_name, "region"))
        Municipality.objects.filter(slug=MUNICIPALITY["slug"]).update(parent_region=region)

        municipality, _ = Municipality.objects.update_or_create(
            slug=SECOND_MUNICIPALITY["slug"], defaults={**SECOND_MUNICIPALITY, "parent_region": region}
        )
        committee_username = f"committee-{municipality.slug}"
        CommitteeMembership.objects.update_or_create(
            municipality=municipality,
            user=_demo_user(committee_username, password, ("Комитетова", "Демо", "")),
            defaults={"is_active": True},
        )
        logins.append(DemoLogin(committee_username, municipality.committee_name, "committee"))

        schools = []
        for slug, short_name, full_name in SMALL_SCHOOLS:
            school, _ = Organization.objects.update_or_create(
                slug=slug,
                defaults={
                    "municipality": municipality,
                    "kind": Organization.Kind.SCHOOL,
                    "short_name": short_name,
                    "full_name": full_name,
                    "time_zone": "Asia/Omsk",
                    "is_active": True,
                },
            )
            for role in (Role.DIRECTOR, Role.CURATOR):
                username = f"{role.value}-{slug}"
                user = _demo_user(
                    username, password, ("Директорова" if role == Role.DIRECTOR else "Кураторова", "Демо", "")
                )
                Membership.objects.update_or_create(
                    organization=school, user=user, defaults={"role": role, "is_active": True}
                )
                logins.append(DemoLogin(username, short_name, role.value))
            schools.append(school)

        if not IndicatorSet.objects.filter(region=region).exists():
            indicator_set_create_default(region=region)
    return logins, schools
