from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from apps.organizations.demo import MUNICIPALITY, ORGANIZATIONS
from apps.organizations.models import CommitteeMembership, Membership, Municipality, Organization
from apps.organizations.roles import Role

User = get_user_model()


def _load(password="demo12345"):
    out = StringIO()
    call_command("load_demo", password=password, stdout=out)
    return out.getvalue()


def test_it_creates_the_committee_and_the_seed_organizations_with_their_users(db):
    output = _load()
    municipality = Municipality.objects.get(slug=MUNICIPALITY["slug"])
    assert municipality.name == "Калачинский муниципальный район"
    slugs = set(Organization.objects.values_list("slug", flat=True))
    assert slugs == {spec.slug for spec in ORGANIZATIONS}
    assert "БМАОУ «Лицей № 7»" in Organization.objects.values_list("short_name", flat=True)
    for spec in ORGANIZATIONS:
        for role in Role:
            username = f"{role.value}-{spec.slug}"
            assert Membership.objects.get(user__username=username, organization__slug=spec.slug).role == role
            assert username in output
    assert CommitteeMembership.objects.get(user__username="committee-kalachinsk").municipality == municipality
    assert "committee-kalachinsk" in output


def test_it_is_idempotent_and_resets_the_password(client, db):
    _load()
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    _load(password="another-pass-2026")
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == counts
    response = client.post(reverse("login"), {"username": "curator-licey-7", "password": "another-pass-2026"})
    assert response.status_code == 302


def test_every_demo_login_reaches_its_home_page(client, db):
    _load()
    for username in User.objects.values_list("username", flat=True):
        client.post(reverse("login"), {"username": username, "password": "demo12345"})
        response = client.get(reverse("home"), follow=True)
        assert response.status_code == 200, username
        assert response.redirect_chain, f"{username} was not sent to a workplace"
        client.post(reverse("logout"))
