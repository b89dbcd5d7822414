"""Who may do what: the curator manages forms and links, the director and the curator read
results, staff and mentors get 403; outsiders 404, anonymous visitors are sent to sign in."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from apps.surveys import services
from apps.surveys.models import SurveyForm
from tests.conftest import Tenant, make_tenant_a, make_tenant_b
from tests.module_scope import built_for_module

from .conftest import build_programme

MANAGERS = {"director": 403, "curator": 200, "staff": 403, "mentor": 403}
MANAGER_POSTS = {"director": 403, "curator": 405, "staff": 403, "mentor": 403}
READERS = {"director": 200, "curator": 200, "staff": 403, "mentor": 403}
EVERYONE = {"director": 200, "curator": 200, "staff": 200, "mentor": 200}


@dataclass
class World:
    a: Tenant
    b: Tenant
    standard_forms: dict
    objects: dict
    b_objects: dict


def _objects(organization, **programme) -> dict:
    """The organisation's standard forms, and the ids of a programme, its evaluation form and
    the form's first question: what the pages' URLs point at."""
    services.forms_create_standard(organization)
    built = build_programme(organization, **programme)
    form = SurveyForm.objects.get(organization=organization, kind="evaluation")
    return {
        "programme_id": built.programme.pk,
        "form_id": form.pk,
        "survey_question_id": form.questions.first().pk,
    }


def build_world() -> World:
    a, b = make_tenant_a(), make_tenant_b()
    objects = _objects(a.organization)
    b_objects = _objects(b.organization, surname="Бетов")
    standard_forms = {f.kind: f for f in SurveyForm.objects.filter(organization=a.organization)}
    return World(a=a, b=b, standard_forms=standard_forms, objects=objects, b_objects=b_objects)


# Every case reads the same two organisations, their forms and programmes: built once for the
# module (tests/module_scope.py) in place of the suite's world, so tenant_a and tenant_b are its
# tenants; each case still rolls back what it writes.
@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    yield from built_for_module(django_db_blocker, build_world)


pytestmark = pytest.mark.usefixtures("module_world")


@pytest.fixture
def standard_forms(module_world, db):
    return module_world.standard_forms


@pytest.fixture
def objects(module_world, db):
    return module_world.objects


VIEWS = [
    ("surveys:index", [], READERS),
    ("surveys:forms", [], MANAGERS),
    ("surveys:form", ["form_id"], MANAGERS),
    ("surveys:question_add", ["form_id"], MANAGERS),
    ("surveys:question", ["form_id", "survey_question_id"], MANAGERS),
    ("surveys:question_move", ["form_id", "survey_question_id"], MANAGER_POSTS),
    ("surveys:question_delete", ["form_id", "survey_question_id"], MANAGERS),
    ("surveys:programme", ["programme_id"], READERS),
    ("surveys:invite", ["programme_id"], MANAGERS),
    ("surveys:results", ["programme_id", "form_id"], READERS),
    ("surveys:mine", [], EVERYONE),
]


def _url(name, kwargs, tenant, objects):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **{k: objects[k] for k in kwargs}})


@pytest.mark.parametrize("name,kwargs,expected", VIEWS, ids=[v[0] for v in VIEWS])
@pytest.mark.parametrize("role", ["director", "curator", "staff", "mentor"])
def test_role_gets_expected_status(client, tenant_a, objects, name, kwargs, expected, role):
    client.force_login(tenant_a.member(role))
    assert client.get(_url(name, kwargs, tenant_a, objects)).status_code == expected[role]


@pytest.mark.parametrize("name,kwargs,expected", VIEWS, ids=[v[0] for v in VIEWS])
def test_anonymous_is_sent_to_sign_in(client, tenant_a, objects, name, kwargs, expected):
    url = _url(name, kwargs, tenant_a, objects)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name,kwargs,expected", VIEWS, ids=[v[0] for v in VIEWS])
def test_outsider_gets_404(client, tenant_a, outsider, objects, name, kwargs, expected):
    client.force_login(outsider)
    assert client.get(_url(name, kwargs, tenant_a, objects)).status_code == 404


WITH_OBJECTS = [v for v in VIEWS if v[1]]


@pytest.mark.parametrize("name,kwargs,expected", WITH_OBJECTS, ids=[v[0] for v in WITH_OBJECTS])
def test_objects_of_another_organisation_are_not_found(
    client, module_world, tenant_a, tenant_b, objects, name, kwargs, expected
):
    """A's pages with B's programme, form or question in the URL answer 404, for everyone allowed."""
    b_objects = module_world.b_objects
    allowed = [role for role in ("director", "curator") if expected[role] in (200, 405)]
    assert allowed
    for role in allowed:
        client.force_login(tenant_a.member(role))
        response = client.get(_url(name, kwargs, tenant_a, b_objects))
        assert response.status_code in ({404, 405} if expected[role] == 405 else {404})
        assert b"\xd0\x91\xd0\xb5\xd1\x82\xd0\xbe\xd0\xb2" not in response.content  # «Бетов»


def test_staff_and_mentors_cannot_create_links_by_post(client, tenant_a, objects, standard_forms):
    for role in ("director", "staff", "mentor"):
        client.force_login(tenant_a.member(role))
        response = client.post(
            reverse(
                "surveys:invite",
                kwargs={"org_slug": tenant_a.organization.slug, "programme_id": objects["programme_id"]},
            ),
            {"form": standard_forms["programme_quality"].pk, "valid_days": 30, "recipients": []},
        )
        assert response.status_code == 403


def test_my_answer_of_someone_without_a_place_in_the_pairs_is_not_found(client, tenant_a, objects):
    client.force_login(tenant_a.staff)
    url = reverse(
        "surveys:my_answer",
        kwargs={
            "org_slug": tenant_a.organization.slug,
            "programme_id": objects["programme_id"],
            "form_id": objects["form_id"],
        },
    )
    assert client.get(url).status_code == 404
