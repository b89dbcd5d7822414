"""The permission matrix: each role × each view. Anonymous visitors are sent to
sign in, outsiders get 404, a role without the right gets 403."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from apps.api.services import api_token_create
from apps.organizations.models import Membership, RegionMembership
from apps.pairs.models import Enrollment, Meeting, MeetingPlan, Pair, PairMentee, PlanTask, Programme
from apps.participants.models import (
    Consent,
    ImportRun,
    Participant,
    QuestionnaireTemplate,
)
from apps.questions.models import Question
from apps.roadmap.models import Roadmap

from .factories import UserFactory
from .library.helpers import seed_library
from .module_scope import added_to_module, signed_in_once, use_session
from .partners.helpers import seed_partners
from .test_isolation import _public_of, _teachers_of, region_of
from .urlwalk import project_routes

ROLES = ["director", "curator", "staff", "mentor"]


# Every view of the pairs app needs a programme and a pair to point at, the roadmap's a roadmap,
# the orders' an order: the module's world has them all, built once for every case of the module
# (tenant_a and tenant_b are its tenants).
pytestmark = pytest.mark.usefixtures("module_world")


@dataclass
class Visitors:
    """A's people and the outsider signed in, and their API tokens, once for the module."""

    outsider: object
    sessions: dict  # role (and "outsider") -> session key
    secrets: dict  # role (and "outsider": B's curator in B) -> API token secret


def _visitors(world) -> Visitors:
    a, b = world.a, world.b
    # What the matrix's views point at beyond the world (the teachers' pair, a partner, library
    # items, survey forms, the public section): made once here, found again by every case.
    _teachers_of(a)
    seed_partners(a)
    seed_library(a)
    _survey_form(a)
    _public_of(a)
    outsider = UserFactory(username="charlie")
    people = {role: a.member(role) for role in ROLES}
    sessions = signed_in_once([*people.values(), outsider])
    return Visitors(
        outsider=outsider,
        sessions={role: sessions[user.pk] for role, user in {**people, "outsider": outsider}.items()},
        secrets={
            **{role: _api_secret(user, a.organization) for role, user in people.items()},
            "outsider": _api_secret(b.curator, b.organization),
        },
    )


@pytest.fixture(scope="module")
def visitors(module_world, django_db_blocker) -> Visitors:
    return added_to_module(django_db_blocker, lambda: _visitors(module_world))


@pytest.fixture
def outsider(visitors, db):
    """Signed in, but a member of no organisation (charlie), made once for the module."""
    return visitors.outsider


ALL_ROLES = {"director": 200, "curator": 200, "staff": 200, "mentor": 200}
DIRECTOR_ONLY = {"director": 200, "curator": 403, "staff": 403, "mentor": 403}
TEAM_READERS = {"director": 200, "curator": 200, "staff": 200, "mentor": 403}
REGISTRY_KEEPERS = {"director": 403, "curator": 200, "staff": 200, "mentor": 403}
CURATOR_ONLY = {"director": 403, "curator": 200, "staff": 403, "mentor": 403}
PAIR_READERS = {"director": 200, "curator": 200, "staff": 403, "mentor": 403}
CURATOR_POSTS = {"director": 403, "curator": 405, "staff": 403, "mentor": 403}
MENTOR_ONLY = {"director": 403, "curator": 403, "staff": 403, "mentor": 200}
MENTOR_POSTS = {"director": 403, "curator": 403, "staff": 403, "mentor": 405}
ROADMAP_MANAGERS = {"director": 200, "curator": 200, "staff": 403, "mentor": 403}
ROADMAP_MANAGER_POSTS = {"director": 405, "curator": 405, "staff": 403, "mentor": 403}
ROADMAP_READER_POSTS = {"director": 405, "curator": 405, "staff": 405, "mentor": 403}
EVERYONE_POSTS = {"director": 405, "curator": 405, "staff": 405, "mentor": 405}
ORDER_READERS = {"director": 200, "curator": 200, "staff": 403, "mentor": 403}
ORDER_READER_POSTS = {"director": 405, "curator": 405, "staff": 403, "mentor": 403}
ORDER_DRAFTERS = {"director": 403, "curator": 200, "staff": 403, "mentor": 403}
DIRECTOR_POSTS = {"director": 405, "curator": 403, "staff": 403, "mentor": 403}


def _teachers(*keys):
    """A teacher pair, its programme and its mentor's consent (tests/teachers/helpers.py)."""
    return lambda tenant: {key: value for key, value in _teachers_of(tenant).items() if key in keys}


def _partner(tenant):
    return {"partner_id": seed_partners(tenant)["partner_id"]}


def _participant(tenant):
    return {"participant_id": Participant.objects.filter(organization=tenant.organization).first().pk}


def _consent(tenant):
    consent = Consent.objects.filter(organization=tenant.organization).exclude(document="").first()
    return {"participant_id": consent.participant_id, "consent_id": consent.pk}


def _questionnaire(tenant):
    return {
        "questionnaire_id": QuestionnaireTemplate.objects.filter(organization=tenant.organization).first().pk
    }


def _question(tenant):
    question = Question.objects.filter(question_set__questionnaire__organization=tenant.organization).first()
    return {"questionnaire_id": question.question_set.questionnaire.pk, "question_id": question.pk}


def _import_run(tenant):
    return {"run_id": ImportRun.objects.filter(organization=tenant.organization).first().pk}


def _programme(tenant):
    return {"programme_id": Programme.objects.filter(organization=tenant.organization).first().pk}


def _enrollment(tenant):
    enrollment = Enrollment.objects.filter(organization=tenant.organization).first()
    return {"programme_id": enrollment.programme_id, "enrollment_id": enrollment.pk}


def _pair(tenant):
    return {"pair_id": Pair.objects.filter(organization=tenant.organization).first().pk}


def _pair_action(tenant):
    return {**_pair(tenant), "action": "lock"}


def _pair_member(tenant):
    member = PairMentee.objects.filter(organization=tenant.organization).first()
    return {"pair_id": member.pair_id, "member_id": member.pk}


def _meeting(tenant):
    meeting = Meeting.objects.filter(organization=tenant.organization).first()
    return {"pair_id": meeting.pair_id, "meeting_id": meeting.pk}


def _meeting_plan(tenant):
    pair = Pair.objects.filter(organization=tenant.organization).first()
    plan = MeetingPlan.objects.create(
        organization=tenant.organization, pair=pair, kind="regular", planned_for=pair.programme.starts_on
    )
    return {"pair_id": pair.pk, "meeting_plan_id": plan.pk}


def _plan_task(tenant):
    task = PlanTask.objects.filter(organization=tenant.organization).select_related("plan__member").first()
    return {"pair_id": task.plan.member.pair_id, "task_id": task.pk}


def _survey(tenant):
    enrollment = Enrollment.objects.filter(organization=tenant.organization).first()
    return {"programme_id": enrollment.programme_id, "participant_id": enrollment.participant_id}


def _mentor_membership(tenant):
    with scopes_disabled():
        return {
            "membership_id": Membership.objects.get(organization=tenant.organization, user=tenant.mentor).pk
        }


def _roadmap(tenant):
    return {"roadmap_id": Roadmap.objects.get(organization=tenant.organization).pk}


def _stage(tenant):
    roadmap = Roadmap.objects.get(organization=tenant.organization)
    return {"roadmap_id": roadmap.pk, "stage_id": roadmap.stages.first().pk}


def _activity(tenant):
    roadmap = Roadmap.objects.get(organization=tenant.organization)
    return {"roadmap_id": roadmap.pk, "activity_id": roadmap.activities.exclude(evidence_file="").first().pk}


def _document(tenant):
    from apps.documents.models import Document

    return {"document_id": Document.objects.get(organization=tenant.organization, kind="roadmap").pk}


def _order(tenant):
    from apps.orders.models import Order

    return {"order_id": Order.objects.filter(organization=tenant.organization, status="approved").first().pk}


def _order_action(tenant):
    return {**_order(tenant), "action": "submit"}


def _attachment(tenant):
    from apps.orders.models import OrderAttachment

    attachment = OrderAttachment.objects.get(organization=tenant.organization)
    return {"order_id": attachment.order_id, "attachment_id": attachment.pk}


def _order_template(tenant):
    return {"kind": "pairs"}


def _survey_form(tenant):
    from apps.surveys.models import SurveyForm
    from apps.surveys.services import forms_create_standard

    forms_create_standard(tenant.organization)
    return {
        "form_id": SurveyForm.objects.get(organization=tenant.organization, kind="mentor_satisfaction").pk
    }


def _survey_question(tenant):
    form = _survey_form(tenant)
    return {
        **form,
        "survey_question_id": Question.objects.filter(question_set__survey_form__pk=form["form_id"])
        .first()
        .pk,
    }


def _survey_results(tenant):
    return {**_programme(tenant), **_survey_form(tenant)}


def _news(tenant):
    from .test_isolation import _public_of

    return {"news_id": _public_of(tenant)["news_id"]}


def _public_document(tenant):
    from .test_isolation import _public_of

    return {"public_document_id": _public_of(tenant)["public_document_id"]}


def _nominee_only(tenant):
    from apps.events.models import Nominee

    return {"nominee_id": Nominee.objects.get(organization=tenant.organization).pk}


# (url name, extra kwargs from the tenant, expected status by role)
def _event(tenant):
    from apps.events.models import Event

    return {"event_id": Event.objects.get(organization=tenant.organization).pk}


def _invitation(tenant):
    from apps.events.models import Invitation

    invitation = Invitation.objects.get(organization=tenant.organization)
    return {"event_id": invitation.event_id, "invitation_id": invitation.pk}


def _material(tenant):
    from apps.events.models import EventMaterial

    material = EventMaterial.objects.get(organization=tenant.organization)
    return {"event_id": material.event_id, "material_id": material.pk}


def _contest(tenant):
    from apps.events.models import Contest

    return {"contest_id": Contest.objects.get(organization=tenant.organization).pk}


def _nominee(tenant):
    from apps.events.models import Nominee

    nominee = Nominee.objects.get(organization=tenant.organization)
    return {"contest_id": nominee.contest_id, "nominee_id": nominee.pk}


def _letter_batch(tenant):
    from apps.events.models import LetterBatch

    return {"batch_id": LetterBatch.objects.get(organization=tenant.organization).pk}


def _library_item(tenant):
    return {"item_id": seed_library(tenant)["shared"].pk}


LIBRARY_MANAGERS = {"director": 200, "curator": 200, "staff": 403, "mentor": 403}
LIBRARY_MANAGER_POSTS = {"director": 405, "curator": 405, "staff": 403, "mentor": 403}


def _assigned_item(tenant):
    from apps.assignments.models import AssignedItem

    return {"item_id": AssignedItem.objects.get(organization=tenant.organization).pk}


def _assigned_activity(tenant):
    from apps.assignments.models import AssignedItem

    return AssignedItem.objects.get(organization=tenant.organization).activity_id


ORGANIZATION_VIEWS = [
    ("organizations:home", None, ALL_ROLES),
    ("organizations:profile", None, DIRECTOR_ONLY),
    ("organizations:members", None, TEAM_READERS),
    ("organizations:member_add", None, DIRECTOR_ONLY),
    ("organizations:member_edit", _mentor_membership, DIRECTOR_ONLY),
    ("audit:log", None, DIRECTOR_ONLY),
    ("participants:list", None, TEAM_READERS),
    ("participants:export", None, REGISTRY_KEEPERS),
    ("participants:create", None, REGISTRY_KEEPERS),
    ("participants:questionnaires", None, CURATOR_ONLY),
    ("participants:questionnaire", _questionnaire, CURATOR_ONLY),
    ("participants:question_delete", _question, CURATOR_ONLY),
    ("participants:question_edit", _question, CURATOR_ONLY),
    ("participants:question_move", _question, CURATOR_POSTS),
    ("participants:detail", _participant, TEAM_READERS),
    ("participants:edit", _participant, REGISTRY_KEEPERS),
    ("participants:answers", _participant, REGISTRY_KEEPERS),
    ("participants:extra_information", _participant, REGISTRY_KEEPERS),
    ("participants:sensitive", _participant, CURATOR_ONLY),
    ("participants:leave", _participant, REGISTRY_KEEPERS),
    ("participants:consent_add", _participant, REGISTRY_KEEPERS),
    ("participants:consent_revoke", _consent, REGISTRY_KEEPERS),
    ("participants:consent_document", _consent, TEAM_READERS),
    ("participants:import", None, REGISTRY_KEEPERS),
    ("participants:import_template", None, REGISTRY_KEEPERS),
    ("participants:import_run", _import_run, REGISTRY_KEEPERS),
    ("participants:import_confirm", _import_run, {**REGISTRY_KEEPERS, "curator": 302, "staff": 302}),
    ("participants:import_mapping", _import_run, REGISTRY_KEEPERS),
    ("participants:import_mapping_json", _import_run, REGISTRY_KEEPERS),
    ("participants:import_rejected", _import_run, REGISTRY_KEEPERS),
    ("pairs:programmes", None, PAIR_READERS),
    ("pairs:programme_create", None, CURATOR_ONLY),
    ("pairs:board", None, PAIR_READERS),
    ("pairs:forms", None, CURATOR_ONLY),
    ("pairs:programme", _programme, PAIR_READERS),
    ("pairs:pair", _pair, PAIR_READERS),
    # POST-only actions: GET answers 405 to those who may act, 403 to the others.
    ("pairs:enroll", _programme, CURATOR_POSTS),
    ("pairs:enrollment", _enrollment, CURATOR_POSTS),
    ("pairs:match", _programme, CURATOR_POSTS),
    ("pairs:pair_action", _pair_action, CURATOR_POSTS),
    ("pairs:rematch", _pair_member, CURATOR_POSTS),
    ("pairs:pair_meeting_add", _pair, CURATOR_POSTS),
    ("pairs:pair_feedback_add", _meeting, CURATOR_POSTS),
    ("pairs:pair_trial_decision", _pair, CURATOR_POSTS),
    ("pairs:move", _pair_member, CURATOR_POSTS),
    ("pairs:allow_mentor", _pair_member, CURATOR_POSTS),
    ("pairs:participant_account", _participant, PAIR_READERS),
    ("pairs:my_pairs", None, MENTOR_ONLY),
    ("pairs:my_pair", _pair, MENTOR_ONLY),
    ("pairs:meeting_add", _pair, MENTOR_POSTS),
    ("pairs:meeting_plan_add", _pair, MENTOR_POSTS),
    ("pairs:trial_decision", _pair, MENTOR_POSTS),
    ("pairs:meeting_plan_cancel", _meeting_plan, MENTOR_POSTS),
    ("pairs:feedback_add", _meeting, MENTOR_POSTS),
    ("pairs:plan_edit", _pair_member, MENTOR_POSTS),
    ("pairs:plan_task_toggle", _plan_task, MENTOR_POSTS),
    ("pairs:training", _programme, CURATOR_ONLY),
    ("pairs:survey", _survey, CURATOR_ONLY),
    ("roadmap:list", None, TEAM_READERS),
    ("roadmap:create", None, ROADMAP_MANAGER_POSTS),
    ("roadmap:import", None, ROADMAP_MANAGERS),
    ("roadmap:detail", _roadmap, TEAM_READERS),
    ("roadmap:timeline", _roadmap, TEAM_READERS),
    ("roadmap:header", _roadmap, ROADMAP_MANAGERS),
    ("roadmap:delete", _roadmap, ROADMAP_MANAGER_POSTS),
    ("roadmap:pdf", _roadmap, ROADMAP_READER_POSTS),
    ("roadmap:stage_add", _roadmap, ROADMAP_MANAGERS),
    ("roadmap:stage_edit", _stage, ROADMAP_MANAGERS),
    ("roadmap:stage_delete", _stage, ROADMAP_MANAGER_POSTS),
    ("roadmap:activity_add", _roadmap, ROADMAP_MANAGERS),
    ("roadmap:activity", _activity, TEAM_READERS),
    ("roadmap:activity_edit", _activity, ROADMAP_MANAGERS),
    ("roadmap:evidence", _activity, TEAM_READERS),
    # Items of the committee's roadmap assigned to the organisation: read by the roadmap's readers.
    ("assigned:list", None, TEAM_READERS),
    ("assigned:detail", _assigned_item, TEAM_READERS),
    ("assigned:file", _assigned_item, TEAM_READERS),
    # A document's kind decides who reads it: a roadmap's PDF is for the roadmap's readers; to
    # the others it is the 404 of a document that does not exist (its id cannot be probed).
    ("documents:status", _document, {**TEAM_READERS, "mentor": 404}),
    ("documents:download", _document, {**TEAM_READERS, "mentor": 404}),
    ("documents:retry", _document, EVERYONE_POSTS),
    ("orders:list", None, ORDER_READERS),
    ("orders:create", None, ORDER_DRAFTERS),
    ("orders:templates", None, ORDER_READERS),
    ("orders:template_edit", _order_template, ORDER_READERS),
    ("orders:numbering", None, DIRECTOR_ONLY),
    ("orders:detail", _order, ORDER_READERS),
    # An approved order cannot be edited: the page sends the curator back to the order.
    ("orders:edit", _order, {**ORDER_DRAFTERS, "curator": 302}),
    ("orders:regenerate", _order, {**ORDER_DRAFTERS, "curator": 302}),
    ("orders:action", _order_action, ORDER_READER_POSTS),
    ("orders:pdf", _order, ORDER_READER_POSTS),
    ("orders:attachment_add", _order, {**ORDER_DRAFTERS, "curator": 405}),
    ("orders:attachment", _attachment, ORDER_READERS),
    ("monitoring:dashboard", None, ORDER_READERS),
    ("monitoring:target", lambda tenant: {"code": "consents"}, ORDER_READERS),
    ("monitoring:headcount", None, DIRECTOR_ONLY),
    ("monitoring:reports", None, ORDER_READERS),
    ("monitoring:report_generate", None, ORDER_READER_POSTS),
    ("surveys:index", None, PAIR_READERS),
    ("surveys:programme", _programme, PAIR_READERS),
    ("surveys:forms", None, CURATOR_ONLY),
    ("surveys:form", _survey_form, CURATOR_ONLY),
    ("surveys:question_add", _survey_form, CURATOR_ONLY),
    ("surveys:question", _survey_question, CURATOR_ONLY),
    ("surveys:question_move", _survey_question, CURATOR_POSTS),
    ("surveys:question_delete", _survey_question, CURATOR_ONLY),
    ("surveys:invite", _programme, CURATOR_ONLY),
    ("surveys:results", _survey_results, PAIR_READERS),
    ("surveys:mine", None, ALL_ROLES),
    # Only a participant of the programme's pairs answers: the seeded mentor user is one.
    ("surveys:my_answer", _survey_results, {"director": 404, "curator": 404, "staff": 404, "mentor": 200}),
    ("teachers:bank", None, PAIR_READERS),
    ("teachers:profile", _teachers("participant_id"), CURATOR_ONLY),
    ("teachers:request_add", _teachers("participant_id"), CURATOR_POSTS),
    ("teachers:requests_import", _teachers("participant_id"), CURATOR_POSTS),
    ("teachers:consents", None, PAIR_READERS),
    ("teachers:consent_create", None, CURATOR_ONLY),
    ("teachers:wording", None, CURATOR_ONLY),
    ("teachers:programme_templates", None, CURATOR_ONLY),
    ("teachers:consent", _teachers("duty_consent_id"), PAIR_READERS),
    ("teachers:consent_scan", _teachers("duty_consent_id"), PAIR_READERS),
    ("teachers:agreement", _teachers("duty_consent_id"), CURATOR_POSTS),
    ("teachers:consent_end", _teachers("duty_consent_id"), CURATOR_POSTS),
    ("teachers:my_consents", None, MENTOR_ONLY),
    ("teachers:my_consent_confirm", _teachers("duty_consent_id"), MENTOR_POSTS),
    # The seeded consent has no agreement yet: the mentor's own page answers 404.
    ("teachers:my_agreement", _teachers("duty_consent_id"), {**MENTOR_ONLY, "mentor": 404}),
    ("teachers:programme", _teachers("pair_id"), PAIR_READERS),
    ("teachers:programme_draft", _teachers("pair_id"), CURATOR_POSTS),
    ("teachers:programme_edit", _teachers("pair_id"), CURATOR_ONLY),
    ("teachers:programme_approve", _teachers("pair_id"), DIRECTOR_POSTS),
    ("teachers:programme_pdf", _teachers("pair_id"), ORDER_READER_POSTS),
    ("events:list", None, TEAM_READERS),
    ("events:create", None, ROADMAP_MANAGERS),
    ("events:detail", _event, TEAM_READERS),
    ("events:invite", _event, ROADMAP_MANAGER_POSTS),
    ("events:attendance", _event, ROADMAP_MANAGERS),
    ("events:mark", _invitation, ROADMAP_MANAGER_POSTS),
    ("events:hold", _event, ROADMAP_MANAGER_POSTS),
    ("events:cancel", _event, ROADMAP_MANAGER_POSTS),
    ("events:material_add", _event, ROADMAP_MANAGER_POSTS),
    ("events:material", _material, TEAM_READERS),
    ("events:invitations_pdf", _event, ROADMAP_MANAGER_POSTS),
    ("events:mine", None, ALL_ROLES),
    ("events:contests", None, TEAM_READERS),
    ("events:contest_create", None, ROADMAP_MANAGERS),
    ("events:contest", _contest, TEAM_READERS),
    # Only the contest's jurors score (the seeded jury is the director): to others it is a 404.
    ("events:contest_score", _contest, {"director": 200, "curator": 404, "staff": 404, "mentor": 404}),
    ("events:contest_advance", _contest, ROADMAP_MANAGER_POSTS),
    ("events:contest_letters", _contest, ROADMAP_MANAGER_POSTS),
    ("events:contest_propose", _contest, CURATOR_ONLY),
    ("events:nominee_file", _nominee, TEAM_READERS),
    ("events:letter_batches", None, ROADMAP_MANAGERS),
    ("events:letters", _letter_batch, ROADMAP_MANAGERS),
    ("events:letters_render", _letter_batch, ROADMAP_MANAGER_POSTS),
    ("events:letters_order", _letter_batch, CURATOR_POSTS),
    ("library:list", None, ALL_ROLES),
    ("library:detail", _library_item, ALL_ROLES),
    ("library:file", _library_item, ALL_ROLES),
    ("library:create", None, LIBRARY_MANAGERS),
    ("library:edit", _library_item, LIBRARY_MANAGERS),
    ("library:delete", _library_item, LIBRARY_MANAGER_POSTS),
    # Copying a programme creates one: the right of those who keep the programmes.
    ("library:copy", _library_item, CURATOR_POSTS),
    ("partners:list", None, TEAM_READERS),
    ("partners:create", None, REGISTRY_KEEPERS),
    ("partners:detail", _partner, TEAM_READERS),
    ("partners:edit", _partner, REGISTRY_KEEPERS),
    ("partners:agreement_create", _partner, REGISTRY_KEEPERS),
    ("partners:agreement_edit", seed_partners, REGISTRY_KEEPERS),
    ("partners:agreement_scan", seed_partners, TEAM_READERS),
    ("public_admin:section", None, ROADMAP_MANAGERS),
    ("public_admin:news_create", None, ROADMAP_MANAGERS),
    ("public_admin:news_edit", _news, ROADMAP_MANAGERS),
    ("public_admin:news_publish", _news, ROADMAP_MANAGER_POSTS),
    ("public_admin:document_create", None, ROADMAP_MANAGERS),
    ("public_admin:document_publish", _public_document, ROADMAP_MANAGER_POSTS),
    ("public_admin:roadmap_publish", None, ROADMAP_MANAGER_POSTS),
    ("public_admin:winner_consent", _nominee_only, ROADMAP_MANAGER_POSTS),
    ("public_admin:winner_consent_revoke", _nominee_only, ROADMAP_MANAGER_POSTS),
]


REGISTRY_KEEPER_POSTS = {"director": 403, "curator": 400, "staff": 400, "mentor": 403}
MENTOR_API_POSTS = {"director": 403, "curator": 403, "staff": 403, "mentor": 400}
# The API (apps/api), with a token of the person in the organisation: (url name, extra kwargs,
# method, expected status by role). A POST sends an empty body: 400 to those who may write.
API_VIEWS = [
    ("api:participants", None, "get", TEAM_READERS),
    ("api:participants", None, "post", REGISTRY_KEEPER_POSTS),
    ("api:participant", _participant, "get", TEAM_READERS),
    ("api:participant", _participant, "patch", {**REGISTRY_KEEPERS, "curator": 200, "staff": 200}),
    ("api:consents", _participant, "get", TEAM_READERS),
    ("api:consents", _participant, "post", REGISTRY_KEEPER_POSTS),
    ("api:imports", None, "post", REGISTRY_KEEPER_POSTS),
    ("api:import_job", _import_run, "get", REGISTRY_KEEPERS),
    # The seeded run has errors: it is never imported.
    ("api:import_confirm", _import_run, "post", {**REGISTRY_KEEPERS, "curator": 409, "staff": 409}),
    ("api:programmes", None, "get", PAIR_READERS),
    ("api:pairs", None, "get", PAIR_READERS),
    ("api:meetings", _pair, "get", PAIR_READERS),
    ("api:meetings", _pair, "post", MENTOR_API_POSTS),
    ("api:survey_results", _survey_results, "get", PAIR_READERS),
    ("api:roadmaps", None, "get", TEAM_READERS),
    ("api:stages", _roadmap, "get", TEAM_READERS),
    ("api:activities", _roadmap, "get", TEAM_READERS),
    # Staff record the activities they are responsible for: not this one.
    (
        "api:activity_progress",
        _activity,
        "post",
        {"director": 400, "curator": 400, "staff": 403, "mentor": 403},
    ),
    ("api:orders", None, "get", ORDER_READERS),
    ("api:order_pdf", _order, "post", {"director": 202, "curator": 202, "staff": 403, "mentor": 403}),
]


def _url(name, extra, tenant):
    kwargs = {"org_slug": tenant.organization.slug}
    if extra:
        kwargs |= extra(tenant)
    return reverse(name, kwargs=kwargs)


def test_matrix_lists_every_organization_view():
    routes = {r.name for r in project_routes() if r.is_organization}
    assert routes == {name for name, _, _ in ORGANIZATION_VIEWS} | {view[0] for view in API_VIEWS}


def _api_secret(user, organization):
    _token, secret = api_token_create(
        user=user, name="matrix", scopes=["read", "write"], days=1, organization=organization
    )
    return secret


def _api_client(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


API_IDS = [f"{v[0]}-{v[2]}" for v in API_VIEWS]


@pytest.mark.parametrize("name,extra,method,expected", API_VIEWS, ids=API_IDS)
@pytest.mark.parametrize("role", ROLES)
def test_api_role_gets_expected_status(tenant_a, visitors, name, extra, method, expected, role):
    client = _api_client(visitors.secrets[role])  # a token of the person in A
    body_format = "multipart" if name == "api:imports" else "json"  # a file upload
    response = getattr(client, method)(_url(name, extra, tenant_a), {}, format=body_format)
    assert response.status_code == expected[role], response.content[:300]


@pytest.mark.parametrize("name,extra,method,expected", API_VIEWS, ids=API_IDS)
def test_api_without_a_token_is_401(client, tenant_a, name, extra, method, expected):
    assert getattr(client, method)(_url(name, extra, tenant_a)).status_code == 401


@pytest.mark.parametrize("name,extra,method,expected", API_VIEWS, ids=API_IDS)
def test_api_outsider_gets_404(tenant_a, tenant_b, visitors, name, extra, method, expected):
    # B's curator, with a token of B, on A's addresses.
    client = _api_client(visitors.secrets["outsider"])
    assert getattr(client, method)(_url(name, extra, tenant_a), {}, format="json").status_code == 404


@pytest.mark.parametrize("name,extra,expected", ORGANIZATION_VIEWS, ids=[v[0] for v in ORGANIZATION_VIEWS])
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_expected_status(client, tenant_a, visitors, name, extra, expected, role):
    use_session(client, visitors.sessions[role])  # signed in as A's person of that role
    response = client.get(_url(name, extra, tenant_a))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("name,extra,expected", ORGANIZATION_VIEWS, ids=[v[0] for v in ORGANIZATION_VIEWS])
def test_anonymous_is_sent_to_sign_in(client, tenant_a, name, extra, expected):
    url = _url(name, extra, tenant_a)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name,extra,expected", ORGANIZATION_VIEWS, ids=[v[0] for v in ORGANIZATION_VIEWS])
def test_outsider_gets_404(client, tenant_a, visitors, name, extra, expected):
    use_session(client, visitors.sessions["outsider"])
    assert client.get(_url(name, extra, tenant_a)).status_code == 404


def test_inactive_member_gets_404(client, tenant_a):
    with scopes_disabled():
        Membership.objects.filter(user=tenant_a.curator).update(is_active=False)
    client.force_login(tenant_a.curator)
    assert client.get(_url("organizations:home", None, tenant_a)).status_code == 404


def test_committee_organization_page(client, tenant_a, tenant_b, committee_user, outsider):
    """An organisation's aggregate page: its own committee only; another's organisation is 404."""
    slug = tenant_a.organization.municipality.slug
    url = reverse(
        "committee_monitoring:organization",
        kwargs={"municipality_slug": slug, "organization_slug": tenant_a.organization.slug},
    )
    assert client.get(url).status_code == 302
    for user in (outsider, tenant_a.director, tenant_a.curator):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(committee_user)
    assert client.get(url).status_code == 200
    foreign = reverse(
        "committee_monitoring:organization",
        kwargs={"municipality_slug": slug, "organization_slug": tenant_b.organization.slug},
    )
    assert client.get(foreign).status_code == 404


def test_committee_dashboard(client, tenant_a, committee_user, outsider):
    url = reverse(
        "committee:dashboard", kwargs={"municipality_slug": tenant_a.organization.municipality.slug}
    )
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(tenant_a.director)  # a director is no committee member
    assert client.get(url).status_code == 404
    client.force_login(committee_user)
    assert client.get(url).status_code == 200


# The committee's assigned items: (url name, kwargs, status for its member on GET).
COMMITTEE_ASSIGNED_VIEWS = [
    ("committee_assigned:list", None, 200),
    ("committee_assigned:assign", None, 405),
    ("committee_assigned:activity", lambda tenant: {"activity_id": _assigned_activity(tenant)}, 200),
    ("committee_assigned:withdraw", _assigned_item, 405),
]


@pytest.mark.parametrize(
    "name,extra,expected", COMMITTEE_ASSIGNED_VIEWS, ids=[v[0] for v in COMMITTEE_ASSIGNED_VIEWS]
)
def test_committee_assigned_items(client, tenant_a, committee_user, outsider, name, extra, expected):
    kwargs = {"municipality_slug": tenant_a.organization.municipality.slug}
    if extra:
        with scopes_disabled():
            kwargs.update(extra(tenant_a))
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(tenant_a.director)  # a director is no committee member
    assert client.get(url).status_code == 404
    client.force_login(committee_user)
    assert client.get(url).status_code == expected


# The regional level: the regional centre's pages answer its members only (a committee, a
# director, an outsider: 404, as for any other tenant); the committee's form, its members only.
REGION_VIEWS = [
    ("region:dashboard", False, 200),
    ("region:set_create_default", False, 405),
    ("region:form", True, 200),
    ("region:form_export", True, 200),
    ("region:set_edit", True, 200),
    ("region:indicator_add", True, 200),
    ("region:indicator_edit", True, 200),
    ("region:indicator_delete", True, 405),
    ("region_audit:log", False, 200),
]
COMMITTEE_REGIONAL_VIEWS = [
    ("committee_regional:forms", False),
    ("committee_regional:form", True),
    ("committee_regional:form_export", True),
]


def _region_url(name, with_set, region):
    kwargs = {"region_slug": region.slug}
    if with_set:
        indicator_set = region.indicator_sets.first()
        kwargs["set_id"] = indicator_set.pk
        if "indicator" in name and name != "region:indicator_add":
            kwargs["indicator_id"] = indicator_set.indicators.first().pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name,with_set,expected", REGION_VIEWS, ids=[v[0] for v in REGION_VIEWS])
def test_region_pages_answer_the_regional_centre_only(
    client, tenant_a, committee_user, outsider, name, with_set, expected
):
    with scopes_disabled():
        region = region_of(tenant_a)
        url = _region_url(name, with_set, region)
        member = RegionMembership.objects.create(region=region, user=UserFactory(username="rcn-matrix")).user
    assert client.get(url).status_code == 302
    for person in (outsider, committee_user, tenant_a.director):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == expected


@pytest.mark.parametrize(
    "name,with_set", COMMITTEE_REGIONAL_VIEWS, ids=[v[0] for v in COMMITTEE_REGIONAL_VIEWS]
)
def test_the_committees_form_answers_its_committee_only(client, tenant_a, committee_user, name, with_set):
    with scopes_disabled():
        region = region_of(tenant_a)
        kwargs = {"municipality_slug": tenant_a.organization.municipality.slug}
        if with_set:
            kwargs["set_id"] = region.indicator_sets.first().pk
        member = RegionMembership.objects.create(region=region, user=UserFactory(username="rcn-matrix")).user
    url = reverse(name, kwargs=kwargs)
    for person in (member, tenant_a.director):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(committee_user)
    assert client.get(url).status_code == 200


# The regional centre's API (a token of the region): (url name, with a form's id). Its member's
# token reads; without a token 401; the tokens of an organisation, a committee, another
# region and an outsider 404, as the pages answer; nothing under r/ writes (405).
REGION_API_VIEWS = [
    ("api:region_municipalities", False),
    ("api:region_totals", False),
    ("api:region_forms", False),
    ("api:region_form", True),
]


def test_matrix_lists_every_region_api_view():
    routes = {r.name for r in project_routes() if r.is_region and r.name.startswith("api:")}
    assert routes == {name for name, _ in REGION_API_VIEWS}


def _token_client(user, **workplace):
    _token, secret = api_token_create(user=user, name="matrix", scopes=["read"], days=1, **workplace)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.mark.parametrize("name,with_set", REGION_API_VIEWS, ids=[v[0] for v in REGION_API_VIEWS])
def test_region_api_answers_the_regional_centre_only(
    client, tenant_a, tenant_b, committee_user, name, with_set
):
    with scopes_disabled():
        region = region_of(tenant_a)
        other_region = region_of(tenant_b)
        member = RegionMembership.objects.create(region=region, user=UserFactory(username="rcn-api")).user
        elsewhere = RegionMembership.objects.create(
            region=other_region, user=UserFactory(username="rcn-b")
        ).user
    kwargs = {"region_slug": region.slug}
    if with_set:
        kwargs["set_id"] = region.indicator_sets.first().pk
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 401
    strangers = [
        _token_client(tenant_a.director, organization=tenant_a.organization),
        _token_client(committee_user, municipality=tenant_a.organization.municipality),
        _token_client(tenant_b.curator, organization=tenant_b.organization),
        _token_client(elsewhere, region=other_region),
    ]
    for stranger in strangers:
        assert stranger.get(url).status_code == 404
    own = _token_client(member, region=region)
    assert own.get(url).status_code == 200
    assert own.post(url, {}, format="json").status_code == 405
