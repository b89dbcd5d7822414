"""Every form of the portal that creates something carries a one-time token, and the view it
posts to uses it up (apps/core/idempotency.py). A new creating form belongs in FORMS."""

import re
from html import unescape

import pytest
from django.urls import resolve, reverse

from apps.core.idempotency import FIELD
from apps.orders.models import Order
from apps.pairs.models import Meeting, Pair, Programme
from apps.participants.models import Participant, QuestionnaireTemplate
from apps.roadmap.models import Roadmap
from apps.roadmap.selectors import current_academic_year
from apps.surveys.models import SurveyForm
from apps.surveys.services import forms_create_standard
from tests.partners.helpers import seed_partners
from tests.roadmap.test_importing import seed_docx

TOKEN = re.compile(rf'name="{FIELD}" value="[^"]+"')
ACTION = re.compile(r'action="([^"]*)"')


pytestmark = pytest.mark.usefixtures("module_world")  # tenant_a, tenant_b: the module's world


@pytest.fixture
def world(module_world, tenant_a):
    """The module's world, its pair working (its forms show only then), as URL arguments."""
    organization = tenant_a.organization
    pair = Pair.objects.get(organization=organization, mentor__account=tenant_a.mentor)
    pair.status = Pair.Status.ACTIVE
    pair.save()
    forms_create_standard(organization=organization)
    roadmap = Roadmap.objects.get(organization=organization)
    orders = module_world.orders["a"]
    return {
        "org_slug": organization.slug,
        "pair_id": pair.pk,
        "member_id": pair.members.get().pk,
        "meeting_id": Meeting.objects.filter(pair=pair).first().pk,
        "programme_id": Programme.objects.filter(organization=organization).first().pk,
        "participant_id": Participant.objects.filter(organization=organization).first().pk,
        "questionnaire_id": QuestionnaireTemplate.objects.filter(organization=organization).first().pk,
        "roadmap_id": roadmap.pk,
        "survey_form_id": SurveyForm.objects.filter(organization=organization).first().pk,
        "draft_id": orders["draft"].pk,
        "approved_id": orders["approved"].pk,
        "partner_id": seed_partners(tenant_a)["partner_id"],
    }


# (who, the page with the form, the form's mark in its opening tag, the URL it posts to)
FORMS = [
    ("mentor", "pairs:my_pair", 'id="log-meeting"', "pairs:meeting_add"),
    ("mentor", "pairs:my_pair", 'data-testid="meeting-plan-form"', "pairs:meeting_plan_add"),
    ("mentor", "pairs:my_pair", 'class="row g-1">', "pairs:plan_edit"),
    ("mentor", "pairs:my_pair", "/feedback/", "pairs:feedback_add"),
    ("curator", "pairs:programme_create", 'class="max-w-44"', "pairs:programme_create"),
    ("curator", "pairs:programme", "/enroll/", "pairs:enroll"),
    ("curator", "pairs:training", "novalidate", "pairs:training"),
    ("curator", "pairs:forms", "novalidate", "pairs:forms"),
    ("curator", "participants:create", 'class="max-w-44"', "participants:create"),
    ("curator", "participants:extra_information", 'class="max-w-36"', "participants:extra_information"),
    ("curator", "participants:consent_add", "multipart", "participants:consent_add"),
    ("curator", "partners:create", 'data-testid="partner-form"', "partners:create"),
    ("curator", "partners:agreement_create", 'data-testid="agreement-form"', "partners:agreement_create"),
    ("curator", "participants:import", "multipart", "participants:import"),
    ("curator", "participants:questionnaire", "novalidate", "participants:questionnaire"),
    ("director", "organizations:member_add", 'class="max-w-36"', "organizations:member_add"),
    ("curator", "roadmap:list", 'data-testid="roadmap-create"', "roadmap:create"),
    ("curator", "roadmap:stage_add", '<form method="post">', "roadmap:stage_add"),
    ("curator", "roadmap:activity_add", 'data-testid="activity-form"', "roadmap:activity_add"),
    ("curator", "surveys:question_add", "novalidate", "surveys:question_add"),
    ("curator", "surveys:invite", "novalidate", "surveys:invite"),
    ("curator", "orders:create", 'data-testid="order-draft-form"', "orders:create"),
    ("curator", "orders:detail", "/attachments/", "orders:attachment_add"),
    ("curator", "orders:detail", "/do/correct/", "orders:action"),
]
URL_ARGUMENTS = {  # which of the world's ids each URL takes, beside org_slug
    "pairs:my_pair": ["pair_id"],
    "pairs:programme": ["programme_id"],
    "pairs:training": ["programme_id"],
    "participants:extra_information": ["participant_id"],
    "participants:consent_add": ["participant_id"],
    "participants:questionnaire": ["questionnaire_id"],
    "roadmap:stage_add": ["roadmap_id"],
    "roadmap:activity_add": ["roadmap_id"],
    "surveys:question_add": [("form_id", "survey_form_id")],
    "surveys:invite": ["programme_id"],
    "partners:agreement_create": ["partner_id"],
}


def _page_url(name: str, mark: str, world: dict) -> str:
    kwargs = {"org_slug": world["org_slug"]}
    for argument in URL_ARGUMENTS.get(name, []):
        key, source = argument if isinstance(argument, tuple) else (argument, argument)
        kwargs[key] = world[source]
    if name == "orders:detail":  # a draft takes attachments, an approved order a correction
        kwargs["order_id"] = world["approved_id" if "correct" in mark else "draft_id"]
    return reverse(name, kwargs=kwargs) + ("?kind=final_event" if name == "orders:create" else "")


def _opening_tag(form: str) -> str:
    return form.split(">", 1)[0] + ">"


@pytest.mark.parametrize(("role", "page", "mark", "posts_to"), FORMS, ids=[f[3] + ":" + f[2] for f in FORMS])
def test_every_creating_form_carries_a_token_its_view_uses_up(
    client, tenant_a, world, role, page, mark, posts_to
):
    client.force_login(tenant_a.member(role))
    url = _page_url(page, mark, world)
    response = client.get(url)
    assert response.status_code == 200

    forms = re.findall(r"<form[^>]*>.*?</form>", response.content.decode(), re.S)
    form = next((form for form in forms if mark in _opening_tag(form)), None)
    assert form, f"no form marked {mark} on {url}"
    assert TOKEN.search(form), f"the form marked {mark} on {url} has no {FIELD}"
    action = ACTION.search(_opening_tag(form))
    match = resolve(unescape(action.group(1)) if action else url.split("?")[0])
    assert match.view_name == posts_to
    assert getattr(match.func, "idempotent", False), f"{posts_to} does not use the form's token up"


def test_a_roadmap_import_confirmed_twice_creates_one_roadmap(client, tenant_a, world):
    """The preview's «Create the roadmap» button, sent twice with its token."""
    client.force_login(tenant_a.curator)
    url = reverse("roadmap:import", kwargs={"org_slug": world["org_slug"]})
    seed = seed_docx("000")
    seed.name = "lyceum.docx"
    year = current_academic_year() + 1
    preview = client.post(url, {"file": seed, "year": year})
    token = re.search(rf'name="{FIELD}" value="([^"]+)"', preview.content.decode()).group(1)

    first = client.post(url, {"confirm": "1", FIELD: token})
    again = client.post(url, {"confirm": "1", FIELD: token})

    roadmap = Roadmap.objects.get(organization=tenant_a.organization, academic_year=year)
    assert (
        first.url
        == again.url
        == reverse("roadmap:detail", kwargs={"org_slug": world["org_slug"], "roadmap_id": roadmap.pk})
    )


def test_a_correction_asked_twice_is_one_new_draft(client, tenant_a, world):
    client.force_login(tenant_a.curator)
    detail = reverse(
        "orders:detail", kwargs={"org_slug": world["org_slug"], "order_id": world["approved_id"]}
    )
    correct = reverse(
        "orders:action",
        kwargs={"org_slug": world["org_slug"], "order_id": world["approved_id"], "action": "correct"},
    )
    token = re.search(rf'name="{FIELD}" value="([^"]+)"', client.get(detail).content.decode()).group(1)
    before = Order.objects.filter(organization=tenant_a.organization).count()

    responses = [client.post(correct, {FIELD: token}) for _ in range(2)]

    assert Order.objects.filter(organization=tenant_a.organization).count() == before + 1
    assert responses[0].url == responses[1].url
