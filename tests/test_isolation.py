"""Tenant isolation: walk EVERY URL of the project as people of organisation A
against organisation B. Nothing of B may come back: organisation and committee
pages answer 404. A new URL pattern is walked automatically; one with a new kind
of argument, or a new page outside the tenants, fails here until it is registered.
"""

from datetime import date

import pytest
from django.urls import resolve, reverse
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from apps.api.services import api_token_create
from apps.assignments.models import AssignedItem
from apps.documents.models import Document
from apps.events.models import Contest, Event, EventMaterial, Invitation, LetterBatch, Nominee
from apps.orders.models import Order, OrderAttachment
from apps.organizations.models import Membership, Municipality, Region, RegionMembership
from apps.organizations.roles import PERMISSIONS_BY_ROLE
from apps.organizations.views_base import declared_permission
from apps.pairs.models import Enrollment, Meeting, MeetingPlan, Pair, PairMentee, PlanTask, Programme
from apps.participants.models import (
    Consent,
    ImportRun,
    Participant,
    QuestionnaireTemplate,
)
from apps.questions.models import Question
from apps.regional.models import Indicator
from apps.regional.services import indicator_set_create_default
from apps.roadmap.models import Activity, Roadmap, Stage
from apps.surveys.models import SurveyForm
from apps.surveys.services import forms_create_standard
from apps.teachers.models import TEACHER_FORM, DutyConsent

from .factories import UserFactory
from .library.helpers import seed_library
from .partners.helpers import seed_partners
from .teachers.helpers import seed_teachers
from .urlwalk import project_routes

# Every view of the pairs app needs a programme and a pair to point at, the roadmap's a roadmap,
# the orders' an order: the module's world has them all, built once for every case of the module
# (tenant_a and tenant_b are its tenants).
pytestmark = pytest.mark.usefixtures("module_world")


# How to point each URL argument at an object of organisation B.
# A new view with a new argument fails the walk until it is added here.
OBJECT_OF_B = {
    "membership_id": lambda b: Membership.objects.get(organization=b.organization, user=b.mentor).pk,
    "participant_id": lambda b: Participant.objects.filter(organization=b.organization).first().pk,
    "consent_id": lambda b: (
        Consent.objects.filter(organization=b.organization).exclude(document="").first().pk
    ),
    "questionnaire_id": lambda b: (
        QuestionnaireTemplate.objects.filter(organization=b.organization).first().pk
    ),
    "question_id": lambda b: (
        Question.objects.filter(question_set__questionnaire__organization=b.organization).first().pk
    ),
    "run_id": lambda b: ImportRun.objects.filter(organization=b.organization).first().pk,
    "programme_id": lambda b: Programme.objects.filter(organization=b.organization).first().pk,
    "enrollment_id": lambda b: Enrollment.objects.filter(organization=b.organization).first().pk,
    "pair_id": lambda b: Pair.objects.filter(organization=b.organization).first().pk,
    "member_id": lambda b: PairMentee.objects.filter(organization=b.organization).first().pk,
    "action": lambda b: "approve",
    "meeting_id": lambda b: Meeting.objects.filter(organization=b.organization).first().pk,
    "meeting_plan_id": lambda b: _meeting_plan_of(b).pk,
    "task_id": lambda b: PlanTask.objects.filter(organization=b.organization).first().pk,
    "roadmap_id": lambda b: Roadmap.objects.get(organization=b.organization).pk,
    "stage_id": lambda b: Stage.objects.filter(roadmap__organization=b.organization).first().pk,
    "activity_id": lambda b: Activity.objects.filter(roadmap__organization=b.organization).first().pk,
    "document_id": lambda b: Document.objects.filter(organization=b.organization, kind="roadmap").get().pk,
    "order_id": lambda b: Order.objects.filter(organization=b.organization).first().pk,
    "attachment_id": lambda b: OrderAttachment.objects.get(organization=b.organization).pk,
    "kind": lambda b: "pairs",
    "code": lambda b: "consents",
    "form_id": lambda b: _survey_form_of(b).pk,
    "survey_question_id": lambda b: (
        Question.objects.filter(question_set__survey_form=_survey_form_of(b)).first().pk
    ),
    "duty_consent_id": lambda b: _teachers_of(b)["duty_consent_id"],
    "event_id": lambda b: Event.objects.get(organization=b.organization).pk,
    "invitation_id": lambda b: Invitation.objects.get(organization=b.organization).pk,
    "material_id": lambda b: EventMaterial.objects.get(organization=b.organization).pk,
    "contest_id": lambda b: Contest.objects.get(organization=b.organization).pk,
    "nominee_id": lambda b: Nominee.objects.get(organization=b.organization).pk,
    "batch_id": lambda b: LetterBatch.objects.get(organization=b.organization).pk,
    # An item of B's committee's roadmap assigned to B (the committee's pages read it too).
    "item_id": lambda b: AssignedItem.objects.get(organization=b.organization).pk,
    "partner_id": lambda b: seed_partners(b)["partner_id"],
    "agreement_id": lambda b: seed_partners(b)["agreement_id"],
    "news_id": lambda b: _public_of(b)["news_id"],
    "public_document_id": lambda b: _public_of(b)["public_document_id"],
    # The region's forms: B's municipality's region (made on demand, rolled back with the case).
    "set_id": lambda b: region_of(b).indicator_sets.first().pk,
    "indicator_id": lambda b: Indicator.objects.filter(indicator_set__region=region_of(b)).first().pk,
}


def region_of(tenant) -> Region:
    """The tenant's municipality in a region of its own, with the federal form. Read fresh from
    the database: the module's tenants outlive each case's rollback."""
    municipality = Municipality.objects.get(pk=tenant.organization.municipality_id)
    if municipality.parent_region_id is None:
        region = Region.objects.create(
            name=f"Область {municipality.slug}",
            centre_name=f"РЦН {municipality.slug}",
            slug=f"r-{municipality.slug}",
        )
        Municipality.objects.filter(pk=municipality.pk).update(parent_region=region)
        indicator_set_create_default(region=region)
        return region
    return Region.objects.get(pk=municipality.parent_region_id)


# Arguments that a namespace's views read differently: the teachers' pages open only pairs of
# the «Учитель – учитель» form, so B's pair there is B's teacher pair.
NAMESPACE_OBJECT_OF_B = {
    # B's library item shared with B's municipality: still nothing to A, in another municipality.
    "library": {"item_id": lambda b: seed_library(b)["shared"].pk},
    "committee_library": {"item_id": lambda b: seed_library(b)["shared"].pk},
    "teachers": {
        "pair_id": lambda b: _teachers_of(b)["pair_id"],
        "participant_id": lambda b: _teachers_of(b)["participant_id"],
    },
}


def _teachers_of(tenant):
    """The tenant's teacher pair, programme and consent (seeded once per case)."""
    consent = DutyConsent.objects.filter(organization=tenant.organization).exclude(document="").first()
    if consent is None:
        return seed_teachers(tenant)
    pair = Pair.objects.get(mentor=consent.mentor_id, programme__form__name=TEACHER_FORM)
    return {"pair_id": pair.pk, "duty_consent_id": consent.pk, "participant_id": pair.members.get().mentee_id}


def _meeting_plan_of(tenant):
    """A planned meeting of the tenant's seeded pair (the seed has none)."""
    pair = Pair.objects.filter(organization=tenant.organization).first()
    plan, _created = MeetingPlan.objects.get_or_create(
        organization=tenant.organization, pair=pair, kind="regular", planned_for=pair.programme.starts_on
    )
    return plan


def _public_of(tenant):
    """A news item and a document of the tenant's public section (made once per case)."""
    from django.core.files.base import ContentFile

    from apps.public.models import NewsItem, PublicDocument

    news = NewsItem.objects.filter(organization=tenant.organization).first() or NewsItem.objects.create(
        organization=tenant.organization, title="Новость", text="<p>Текст</p>", published_on=date(2026, 11, 1)
    )
    document = PublicDocument.objects.filter(organization=tenant.organization).first()
    if document is None:
        document = PublicDocument(
            organization=tenant.organization,
            kind="regulation",
            title="Положение",
            published_on=date(2026, 10, 1),
        )
        document.file.save("polozhenie.pdf", ContentFile(b"%PDF-1.4 public"), save=False)
        document.save()
    return {"news_id": news.pk, "public_document_id": document.pk}


def _survey_form_of(tenant):
    forms_create_standard(tenant.organization)
    return SurveyForm.objects.get(organization=tenant.organization, kind="mentor_satisfaction")


# URL arguments that name a kind of thing, not an object: they cannot belong to B.
NOT_OBJECTS = {"action", "kind", "code"}

# On committee pages the same arguments point at what B's municipality itself owns.
COMMITTEE_OBJECT_OF_B = {
    # The committee's page of one of its organisations, in aggregate: B's organisation.
    "organization_slug": lambda b: b.organization.slug,
    "roadmap_id": lambda b: (
        Roadmap.objects.get(organization=None, municipality=b.organization.municipality).pk
    ),
    "stage_id": lambda b: (
        Stage.objects.filter(roadmap__organization=None, roadmap__municipality=b.organization.municipality)
        .first()
        .pk
    ),
    "activity_id": lambda b: (
        Activity.objects.filter(roadmap__organization=None, roadmap__municipality=b.organization.municipality)
        .first()
        .pk
    ),
    "document_id": lambda b: (
        Document.objects.get(organization=None, municipality=b.organization.municipality).pk
    ),
    "event_id": lambda b: Event.objects.get(organization=None, municipality=b.organization.municipality).pk,
    "invitation_id": lambda b: (
        Invitation.objects.get(organization=None, municipality=b.organization.municipality).pk
    ),
    "material_id": lambda b: (
        EventMaterial.objects.get(organization=None, municipality=b.organization.municipality).pk
    ),
    "contest_id": lambda b: (
        Contest.objects.get(organization=None, municipality=b.organization.municipality).pk
    ),
    "batch_id": lambda b: (
        LetterBatch.objects.get(organization=None, municipality=b.organization.municipality).pk
    ),
}

# A committee's pages open only what the municipality itself owns: what an organisation of
# the same municipality owns (A's here: A's committee asks) is as foreign to them as B's.
ORGANIZATION_OBJECTS_ON_COMMITTEE_PAGES = {
    "document_id": [
        lambda a: Document.objects.get(organization=a.organization, kind="roadmap").pk,
        lambda a: Document.objects.get(organization=a.organization, kind="order").pk,
    ],
    "event_id": [lambda a: Event.objects.get(organization=a.organization).pk],
    "contest_id": [lambda a: Contest.objects.get(organization=a.organization).pk],
    "batch_id": [lambda a: LetterBatch.objects.get(organization=a.organization).pk],
}
# The same, for an argument that names different things in different namespaces.
NAMESPACE_ORGANIZATION_OBJECTS_ON_COMMITTEE_PAGES = {
    # The committee reads what its organisations share, never what they keep to themselves.
    "committee_library": {"item_id": [lambda a: seed_library(a)["private"].pk]},
}

# Pages outside any tenant, and why they may be open to everyone signed in (or to all).
NON_TENANT_ROUTES = {
    "home": {},  # redirects to the user's own workplace
    "healthz": {},  # says "ok"
    "login": {},
    "logout": {},
    "password_change": {},
    "password_change_done": {},
    "password_reset": {},
    "password_reset_done": {},
    "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "password_reset_complete": {},
    "set_language": {},
    # A person's own notifications, across their workplaces: never anyone else's.
    "reminders:list": {},
    "reminders:mark_all_read": {},
    "reminders:settings": {},
    "reminders:open": {"notification_id": 1},
    # A survey answered by a personal link, without an account: the token is the key.
    "survey_public:answer": {"token": "not-a-token"},
    "survey_public:done": {},
    # The API's schema and its documentation: what exists, nobody's data.
    "api:schema": {},
    "api:docs": {},
    # A person's own API tokens, across their workplaces: never anyone else's.
    "api_tokens:list": {},
    "api_tokens:revoke": {"token_id": 1},
    # The public sections «Наставничество»: open to everyone, published items only (apps/public).
    "public:committee": {"committee_slug": "nowhere"},
    "public:section": {"site_slug": "nowhere"},
    "public:embed": {"site_slug": "nowhere"},
    "public:news": {"site_slug": "nowhere"},
    "public:news_item": {"site_slug": "nowhere", "news_id": 1},
    "public:rss": {"site_slug": "nowhere"},
    "public:atom": {"site_slug": "nowhere"},
    "public:documents": {"site_slug": "nowhere"},
    "public:document": {"site_slug": "nowhere", "public_document_id": 1},
    "public:library_item": {"site_slug": "nowhere", "item_id": 1},
    "public:library_file": {"site_slug": "nowhere", "item_id": 1},
    "public:roadmap": {"site_slug": "nowhere"},
    "public:roadmap_pdf": {"site_slug": "nowhere"},
}


def _b_markers(tenant_b):
    """Strings that only B's pages would show (the slug is in the URL asked for, so it is no marker)."""
    return [
        tenant_b.organization.short_name,
        tenant_b.organization.municipality.committee_name,
        tenant_b.mentor.last_name,
        "БетовНаставляемый",  # B's participant
        tenant_b.director.username,
    ]


class Once(dict):
    """What a walk reads from the database, read once per key: the walk asks the same
    questions (B's first participant, a person's role in A, what a URL resolves to) for
    hundreds of URLs and people, and the answers do not change while it runs."""

    def __call__(self, key, read, *args):
        if key not in self:
            self[key] = read(*args)
        return self[key]


def _b_kwargs(route, tenant_b, slug, once=None):
    once = Once() if once is None else once
    tenant = tenant_b.organization.pk
    namespace = route.name.split(":")[0]
    kwargs = {}
    for name in route.kwargs:
        if name == "org_slug":
            kwargs[name] = slug
        elif name == "municipality_slug":
            kwargs[name] = slug or tenant_b.organization.municipality.slug
        elif name == "region_slug":
            with scopes_disabled():
                kwargs[name] = slug or once(("region", tenant), region_of, tenant_b).slug
        elif route.is_committee and name in COMMITTEE_OBJECT_OF_B:
            with scopes_disabled():
                kwargs[name] = once(("committee", name, tenant), COMMITTEE_OBJECT_OF_B[name], tenant_b)
        elif name in NAMESPACE_OBJECT_OF_B.get(namespace, {}):
            with scopes_disabled():
                kwargs[name] = once(
                    ("namespace", namespace, name, tenant), NAMESPACE_OBJECT_OF_B[namespace][name], tenant_b
                )
        elif name in OBJECT_OF_B:
            with scopes_disabled():
                kwargs[name] = once(("object", name, tenant), OBJECT_OF_B[name], tenant_b)
        else:
            pytest.fail(f"{route.name}: add how to build an object of B for argument {name!r} to OBJECT_OF_B")
    return kwargs


def _organization_objects_on_committee_pages(route, tenant_a, a_slug, once=None):
    """A's committee's URL with an object of its own organisation A in it."""
    urls = []
    namespace = route.name.split(":")[0]
    on_committee_pages = {
        **ORGANIZATION_OBJECTS_ON_COMMITTEE_PAGES,
        **NAMESPACE_ORGANIZATION_OBJECTS_ON_COMMITTEE_PAGES.get(namespace, {}),
    }
    for name, objects in on_committee_pages.items():
        if name in route.kwargs:
            for object_of in objects:
                with scopes_disabled():
                    kwargs = {**_b_kwargs(route, tenant_a, a_slug, once), name: object_of(tenant_a)}
                urls.append(reverse(route.name, kwargs=kwargs))
    return urls


def _expected_statuses(url, user, tenant_a, method, once=None):
    """404 for anything of B. On A's own URL with B's object inside, a role without the
    view's right gets 403 and a POST-only view refuses a GET with 405, both before any
    object is looked up: the same answer for any id, so nothing of B leaks."""
    once = Once() if once is None else once
    match = once(("resolve", url), resolve, url)
    if "region_slug" in match.kwargs:
        region_slug = match.kwargs["region_slug"]
        with scopes_disabled():
            in_region = once(
                ("in region", user.pk, region_slug),
                lambda: RegionMembership.objects.filter(user=user, region__slug=region_slug).exists(),
            )
        return ({404, 405} if method == "get" else {404}) if in_region else {404}
    a_municipality = tenant_a.organization.municipality
    if match.kwargs.get("municipality_slug") == a_municipality.slug:
        with scopes_disabled():
            in_committee = once(
                ("in committee", user.pk),
                lambda: a_municipality.committee_memberships.filter(user=user).exists(),
            )
        return ({404, 405} if method == "get" else {404}) if in_committee else {404}
    if match.kwargs.get("org_slug") != tenant_a.organization.slug:
        return {404}
    with scopes_disabled():
        role = once(
            ("role", user.pk),
            lambda: Membership.objects.get(organization=tenant_a.organization, user=user).role,
        )
    if declared_permission(match.func) not in PERMISSIONS_BY_ROLE[role]:
        return {403}
    return {404, 405} if method == "get" else {404}


def _assert_nothing_of_b(response, tenant_b, where, markers=None):
    body = response.content.decode(errors="replace")
    for marker in markers or _b_markers(tenant_b):
        assert marker not in body, f"{where}: the response shows B's {marker!r}"


def test_every_route_is_known():
    """A page outside the tenants must be registered with a reason."""
    routes = project_routes()
    assert routes, "the resolver returned no routes"
    outside = {r.name for r in routes if not (r.is_organization or r.is_committee or r.is_region)}
    assert outside == set(NON_TENANT_ROUTES), (
        "New pages outside /o/<org_slug>/, /m/<municipality_slug>/ and /r/<region_slug>/ must be listed in "
        f"NON_TENANT_ROUTES: {sorted(outside ^ set(NON_TENANT_ROUTES))}"
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_people_of_a_get_404_on_every_page_of_b(client, tenant_a, tenant_b, committee_user, method):
    urls_by_user = {}
    once = Once()
    markers = _b_markers(tenant_b)
    with scopes_disabled():
        # A's regional centre: B's region, and its own with B's form in the URL, are closed to it.
        region_user = UserFactory(username="rcn-a")
        RegionMembership.objects.create(region=region_of(tenant_a), user=region_user)
        region_of(tenant_b)
    for route in project_routes():
        if _is_api(route):
            continue  # walked with tokens below
        if route.is_organization:
            users = [tenant_a.director, tenant_a.curator, tenant_a.staff, tenant_a.mentor]
            # B's URL, and A's URL with B's object in it.
            url_variants = [
                reverse(route.name, kwargs=_b_kwargs(route, tenant_b, tenant_b.organization.slug, once))
            ]
            if route.kwargs - {"org_slug"} - NOT_OBJECTS:
                url_variants.append(
                    reverse(route.name, kwargs=_b_kwargs(route, tenant_b, tenant_a.organization.slug, once))
                )
        elif route.is_committee:
            users = [committee_user, tenant_a.director]
            url_variants = [reverse(route.name, kwargs=_b_kwargs(route, tenant_b, None, once))]
            if route.kwargs - {"municipality_slug"}:
                # A's committee, with B's object (or B's organisation's) in the URL.
                a_slug = tenant_a.organization.municipality.slug
                url_variants.append(reverse(route.name, kwargs=_b_kwargs(route, tenant_b, a_slug, once)))
                url_variants.extend(_organization_objects_on_committee_pages(route, tenant_a, a_slug, once))
        elif route.is_region:
            users = [region_user, committee_user, tenant_a.director]
            url_variants = [reverse(route.name, kwargs=_b_kwargs(route, tenant_b, None, once))]
            if route.kwargs - {"region_slug"}:
                with scopes_disabled():
                    a_region = region_of(tenant_a).slug
                url_variants.append(reverse(route.name, kwargs=_b_kwargs(route, tenant_b, a_region, once)))
        else:
            continue
        for user in users:
            urls_by_user.setdefault(user, []).extend(url_variants)
    # Each person signs in once and walks every URL of theirs: a sign-in costs as much as a page.
    walked = 0
    for user, urls in urls_by_user.items():
        client.force_login(user)
        for url in urls:
            response = getattr(client, method)(url)
            where = f"{method.upper()} {url} as {user.username}"
            expected = _expected_statuses(url, user, tenant_a, method, once)
            assert response.status_code in expected, f"{where}: {response.status_code}, expected {expected}"
            _assert_nothing_of_b(response, tenant_b, where, markers)
            walked += 1
    assert walked > 0


def _is_api(route) -> bool:
    return route.name.startswith("api:")


def _api_methods(url) -> list[str]:
    """GET and every method the API view declares."""
    view_class = resolve(url).func.view_class
    return sorted({"get", *(method.lower() for method in view_class.permissions)})


def _expected_api_statuses(url, user, tenant_a, method, once=None):
    """As for pages: 404 for anything of B; on A's own URL with B's object inside, a role
    without the method's right gets 403 and a method the view lacks 405, before any lookup."""
    once = Once() if once is None else once
    match = once(("resolve", url), resolve, url)
    if match.kwargs.get("org_slug") != tenant_a.organization.slug:
        return {404}
    with scopes_disabled():
        role = once(
            ("role", user.pk),
            lambda: Membership.objects.get(organization=tenant_a.organization, user=user).role,
        )
    permission = match.func.view_class.permissions.get(method.upper())
    if permission is None:
        return {405}
    if permission not in PERMISSIONS_BY_ROLE[role]:
        return {403}
    return {404}


def _api_client(user, **workplace):
    scopes = ["read"] if "municipality" in workplace or "region" in workplace else ["read", "write"]
    _token, secret = api_token_create(user=user, name="walk", scopes=scopes, days=1, **workplace)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_api_of_a_answers_404_for_everything_of_b(tenant_a, tenant_b, committee_user):
    """The API's routes, walked with tokens of A's people (and of A's committee and A's
    regional centre) against B. The regional centre's token opens no organisation's nor
    committee's route, not even A's own (`centre_urls`); no other token opens the region's."""
    a_municipality = tenant_a.organization.municipality
    clients = {
        user: _api_client(user, organization=tenant_a.organization)
        for user in (tenant_a.director, tenant_a.curator, tenant_a.staff, tenant_a.mentor)
    }
    committee = _api_client(committee_user, municipality=a_municipality)
    with scopes_disabled():
        a_region = region_of(tenant_a)
        region_of(tenant_b)
        region_user = UserFactory(username="rcn-api-a")
        RegionMembership.objects.create(region=a_region, user=region_user)
    centre = _api_client(region_user, region=a_region)
    once = Once()
    markers = _b_markers(tenant_b)
    walked = 0
    for route in filter(_is_api, project_routes()):
        if route.is_organization:
            urls = [reverse(route.name, kwargs=_b_kwargs(route, tenant_b, tenant_b.organization.slug, once))]
            a_url = reverse(route.name, kwargs=_b_kwargs(route, tenant_b, tenant_a.organization.slug, once))
            if route.kwargs - {"org_slug"} - NOT_OBJECTS:
                urls.append(a_url)
            people = list(clients.items()) + [(committee_user, committee)]
            centre_urls = list(dict.fromkeys([*urls, a_url]))
        elif route.is_committee:
            urls = [reverse(route.name, kwargs=_b_kwargs(route, tenant_b, None, once))]
            people = [(committee_user, committee), (tenant_a.director, clients[tenant_a.director])]
            centre_urls = [
                *urls,
                reverse(route.name, kwargs=_b_kwargs(route, tenant_b, a_municipality.slug, once)),
            ]
        elif route.is_region:
            urls = [reverse(route.name, kwargs=_b_kwargs(route, tenant_b, None, once))]
            if route.kwargs - {"region_slug"}:  # A's region with B's form in the URL
                urls.append(reverse(route.name, kwargs=_b_kwargs(route, tenant_b, a_region.slug, once)))
            people = [(committee_user, committee), (tenant_a.director, clients[tenant_a.director])]
            # The other tokens on A's region itself.
            urls_of_a = [reverse(route.name, kwargs=_b_kwargs(route, tenant_b, a_region.slug, once))]
            centre_urls = urls
            urls = list(dict.fromkeys([*urls, *urls_of_a]))
        else:
            continue
        visits = [(url, user, client) for url in urls for user, client in people]
        visits += [(url, region_user, centre) for url in centre_urls]
        for url, user, client in visits:
            for method in _api_methods(url):
                response = getattr(client, method)(url, {}, format="json")
                where = f"{method.upper()} {url} as {user.username}"
                expected = (
                    {404}
                    if user in (committee_user, region_user) or route.is_committee or route.is_region
                    else _expected_api_statuses(url, user, tenant_a, method, once)
                )
                assert response.status_code in expected, (
                    f"{where}: {response.status_code}, expected {expected}"
                )
                _assert_nothing_of_b(response, tenant_b, where, markers)
                walked += 1
    assert walked > 0


def test_pages_outside_tenants_show_nothing_of_b(client, tenant_a, tenant_b):
    client.force_login(tenant_a.director)
    for route in project_routes():
        if route.is_organization or route.is_committee or route.is_region:
            continue
        url = reverse(route.name, kwargs=NON_TENANT_ROUTES[route.name])
        response = client.get(url, follow=True)
        _assert_nothing_of_b(response, tenant_b, f"GET {url}")


def test_admin_is_for_superusers_only(client, tenant_a, tenant_b):
    url = reverse("admin:organizations_membership_changelist")
    client.force_login(tenant_a.director)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))

    # Superusers administer every tenant: the admin runs with scopes disabled.
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    body = client.get(url).content.decode()
    assert tenant_a.organization.short_name in body and tenant_b.organization.short_name in body
