from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.demo.organizations import MUNICIPALITY, ORGANIZATIONS
from apps.demo.regional import REGION, SECOND_MUNICIPALITY, SMALL_SCHOOLS
from apps.organizations.models import CommitteeMembership, Membership, Municipality, Organization
from apps.organizations.roles import Role

from .. import demo_world
from ..module_scope import built_for_module

User = get_user_model()


def _load(password="demo12345"):
    out = StringIO()
    call_command("load_demo", password=password, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker):
    """The demo loaded once into the empty database, for the whole module: every case rolls
    back its own changes (a second load included)."""
    yield from built_for_module(django_db_blocker, demo_world.load_demo)


@pytest.fixture
def output(first_load, db):
    return first_load


def _state():
    from django_scopes import scopes_disabled

    from apps.orders.models import Order
    from apps.reminders.models import Notification
    from apps.roadmap.models import Roadmap
    from apps.surveys.models import SurveyResponse

    with scopes_disabled():
        return {
            "users": User.objects.count(),
            "organisations": Organization.objects.count(),
            "memberships": Membership.objects.count(),
            "roadmaps": Roadmap.objects.count(),
            "orders": Order.objects.count(),
            "notifications": Notification.objects.count(),
            "survey answers": SurveyResponse.objects.count(),
        }


def test_it_creates_the_committee_and_the_seed_organizations_with_their_users(output):
    municipality = Municipality.objects.get(slug=MUNICIPALITY["slug"])
    assert municipality.name == "Калачинский муниципальный район"
    slugs = set(Organization.objects.values_list("slug", flat=True))
    assert slugs == {spec.slug for spec in ORGANIZATIONS} | {slug for slug, _short, _full in SMALL_SCHOOLS}
    assert "БМАОУ «Лицей № 7»" in Organization.objects.values_list("short_name", flat=True)
    for spec in ORGANIZATIONS:
        for role in Role:
            username = f"{role.value}-{spec.slug}"
            assert Membership.objects.get(user__username=username, organization__slug=spec.slug).role == role
            assert username in output
    assert CommitteeMembership.objects.get(user__username="committee-kalachinsk").municipality == municipality
    assert "committee-kalachinsk" in output


def test_the_region_holds_kalachinsk_and_a_second_municipality(client, output):
    from apps.organizations.models import Region

    region = Region.objects.get(slug=REGION["slug"])
    assert region.name == "Омская область"
    assert set(region.municipalities.values_list("slug", flat=True)) == {
        MUNICIPALITY["slug"],
        SECOND_MUNICIPALITY["slug"],
    }
    assert region.indicator_sets.get().indicators.count() == 10
    assert "region-omskaya-oblast" in output
    client.post(reverse("login"), {"username": "region-omskaya-oblast", "password": "demo12345"})
    page = client.get(reverse("home"), follow=True)
    assert page.status_code == 200 and page.context["overview"]["organizations"] == 6
    content = page.content.decode()
    assert "Калачинский муниципальный район" in content and "Оконешниковский муниципальный район" in content


def test_it_is_idempotent_and_resets_the_password(client, output):
    """A second load adds no user, organisation, membership, roadmap, order, notification or
    survey answer."""
    before = _state()
    _load(password="another-pass-2026")
    assert _state() == before
    response = client.post(reverse("login"), {"username": "curator-licey-7", "password": "another-pass-2026"})
    assert response.status_code == 302


def test_every_demo_login_reaches_its_home_page(client, output):
    for username in User.objects.values_list("username", flat=True):
        client.post(reverse("login"), {"username": username, "password": "demo12345"})
        response = client.get(reverse("home"), follow=True)
        assert response.status_code == 200, username
        assert response.redirect_chain, f"{username} was not sent to a workplace"
        client.post(reverse("logout"))


def test_each_demo_owner_runs_its_seed_roadmap_and_has_orders_in_every_state(output):
    from django_scopes import scopes_disabled

    from apps.orders.models import Order, OrderEvent
    from apps.roadmap.models import Roadmap

    with scopes_disabled():
        for spec in ORGANIZATIONS:
            roadmap = Roadmap.objects.get(organization__slug=spec.slug)
            assert roadmap.source_detail and roadmap.activities.exists()
            statuses = set(
                Order.objects.filter(organization__slug=spec.slug).values_list("status", flat=True)
            )
            assert statuses == {"draft", "submitted", "returned", "approved", "cancelled"}, spec.slug
            assert OrderEvent.objects.filter(order__organization__slug=spec.slug, action="returned").exclude(
                comment=""
            )
            # the monthly report: its past months done, the last one overdue
            from apps.demo.roadmap import MONTHLY_REPORT

            report = roadmap.activities.get(title=MONTHLY_REPORT)
            past = list(report.occurrences.filter(due_on__lt=timezone.localdate()))
            assert report.occurrences.count() == 12
            assert [o.done_on is not None for o in past] == [True] * (len(past) - 1) + [False] * bool(past)
        committee = Roadmap.objects.get(organization=None, municipality__slug=MUNICIPALITY["slug"])
        assert committee.source_detail == "kalachinsk" and committee.period_years == 4
        # The seed's own numbering: «Приказ №135/1 – ОД».
        assert Order.objects.filter(organization__slug="licey-7", number="135/1-ОД").exists()


def test_the_demo_people_find_today_s_reminders(output):
    from apps.reminders.models import Notification

    assert Notification.objects.exists()
    curator = User.objects.get(username="curator-licey-7")
    assert Notification.objects.filter(user=curator).exists()
    assert Notification.objects.filter(user__username="committee-kalachinsk").exists()


def test_every_demo_organisation_has_survey_answers_to_show(output):
    """Of every form, before and after; enough for the dashboards' average of the mentees'
    satisfaction (a second load adds none: test_it_is_idempotent_and_resets_the_password)."""
    from django_scopes import scopes_disabled

    from apps.surveys.models import SurveyForm, SurveyResponse
    from apps.surveys.selectors.satisfaction import scores_by_kind

    with scopes_disabled():
        for spec in ORGANIZATIONS:
            organization = Organization.objects.get(slug=spec.slug)
            responses = SurveyResponse.objects.filter(organization=organization)
            kinds = set(responses.values_list("form__kind", flat=True))
            assert kinds == set(SurveyForm.Kind.values), spec.slug
            before = responses.filter(stage="before").count()
            after = responses.filter(stage="after").count()
            assert before and after, spec.slug
            mentees = {row["kind"]: row for row in scores_by_kind(organization.pk)}["mentee_satisfaction"]
            assert mentees["average"] is not None, spec.slug


def test_the_committee_sees_last_years_history_and_all_three_states(client, output):
    """Issue #19: trends of at least five quarters, a year on year, green, amber and red."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        member = CommitteeMembership.objects.filter(municipality__slug=MUNICIPALITY["slug"]).first()
    client.force_login(member.user)
    page = client.get(
        reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": MUNICIPALITY["slug"]})
    )
    overview, comparison = page.context["overview"], page.context["comparison"]
    assert sum(value is not None for value in overview["total_trend"]["consents"]) >= 5
    assert any(item["change"] is not None for item in comparison["totals"])
    states = {value.state for row in overview["rows"] for value in row["targets"]}
    assert {"green", "amber", "red"} <= states
