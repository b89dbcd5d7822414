"""Issue #18's bench: the committee's list of the municipality's partners (deduplicated across
its organisations) and an organisation's list with its status filter, server time and queries
through Django's test client.

Run: .venv/bin/python bench/bench_partners.py [--organizations 30] [--partners 20] [--repeat 20]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.organizations.roles import Role  # noqa: E402
from apps.participants.models import PartnerOrganization  # noqa: E402
from apps.partners.models import Agreement  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from tests.factories import (  # noqa: E402
    CommitteeMembershipFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=30)
    parser.add_argument("--partners", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    setup_bench_environment()  # pages rendered as in production
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        today = timezone.localdate()
        with scopes_disabled():
            municipality = MunicipalityFactory()
            organizations = [
                OrganizationFactory(municipality=municipality) for _ in range(args.organizations)
            ]
            curator = MembershipFactory(organization=organizations[0], role=Role.CURATOR).user
            committee = CommitteeMembershipFactory(municipality=municipality).user
            # Half of each organisation's partners are shared with the others (the same names).
            partners = PartnerOrganization.objects.bulk_create(
                PartnerOrganization(
                    organization=organization,
                    name=f"ООО «Партнёр {n}»" if n % 2 else f"ООО «Своё {o}-{n}»",
                )
                for o, organization in enumerate(organizations)
                for n in range(args.partners)
            )
            Agreement.objects.bulk_create(
                Agreement(
                    partner=partner,
                    organization_id=partner.organization_id,
                    number=f"{index}-{k}",
                    concluded_on=today - timedelta(days=400),
                    starts_on=today - timedelta(days=400),
                    ends_on=today + timedelta(days=(index % 90) - 30 + 365 * k),
                    subject="Сотрудничество",
                )
                for index, partner in enumerate(partners)
                for k in range(2)
            )
        client = Client()
        print("| page | organisations × partners | median ms | p95 ms | queries |")
        print("|---|---:|---:|---:|---:|")
        client.force_login(committee)
        url = reverse("committee_partners:list", kwargs={"municipality_slug": municipality.slug})
        median, p95, queries = measure(client, url, args.repeat)
        size = f"{args.organizations} × {args.partners}"
        print(f"| `committee_partners:list` | {size} | {median:.1f} | {p95:.1f} | {queries} |")
        client.force_login(curator)
        for query in ("", "?status=expiring"):
            url = reverse("partners:list", kwargs={"org_slug": organizations[0].slug}) + query
            median, p95, queries = measure(client, url, args.repeat)
            print(f"| `partners:list{query}` | 1 × {args.partners} | {median:.1f} | {p95:.1f} | {queries} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
