"""Schemathesis runs the whole OpenAPI schema (property-based) against the portal, in its WSGI
app mode, with a curator's token on the organisation's operations, a committee member's on
the committee's and a regional centre member's on the region's: no answer is a 5xx, and every
documented answer conforms to the schema.

The path's tenant is the token's and its ids are real rows of the tenant, so that the
generated queries and bodies reach the views behind the tenant check."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django_scopes import scopes_disabled
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from apps.orders.models import Order
from apps.organizations.models import RegionMembership
from apps.pairs.models import Pair, Programme
from apps.participants.models import ImportRun, Participant
from apps.roadmap.models import Activity, Roadmap
from apps.surveys.models import SurveyForm
from apps.surveys.services import forms_create_standard
from tests.factories import UserFactory
from tests.test_isolation import region_of

from .conftest import token_for

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


pytestmark = pytest.mark.usefixtures("module_world")  # tenant_a, tenant_b: the module's world


# The schema /api/v1/schema/ serves, generated at collection (no request: no database yet).
schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
)
APP = WSGIHandler()


@pytest.fixture
def keep_connection():
    """As Django's test client does: a request must not close the test's connection (its
    transaction holds the module's world)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, tenant_a, committee_user, settings):
    settings.API_RATE_LIMIT = 1_000_000  # the fuzzer's requests are not what the limit is for
    organization = tenant_a.organization
    with scopes_disabled():
        forms_create_standard(organization)
        roadmap = Roadmap.objects.get(organization=organization)
        region = region_of(tenant_a)
        centre_user = RegionMembership.objects.create(
            region=region, user=UserFactory(username="rcn-fuzz")
        ).user
        ids = {
            "participant_id": Participant.objects.filter(organization=organization).first().pk,
            "run_id": ImportRun.objects.filter(organization=organization).first().pk,
            "pair_id": Pair.objects.get(organization=organization).pk,
            "programme_id": Programme.objects.get(organization=organization).pk,
            "form_id": SurveyForm.objects.filter(organization=organization).first().pk,
            "roadmap_id": roadmap.pk,
            "activity_id": Activity.objects.filter(roadmap=roadmap).first().pk,
            "order_id": Order.objects.filter(organization=organization).first().pk,
            # The region's form: the committee's municipality reports in it too.
            "set_id": region.indicator_sets.first().pk,
        }
    return {
        "ids": ids,
        "org_slug": organization.slug,
        "municipality_slug": organization.municipality.slug,
        "region_slug": region.slug,
        "curator": token_for(tenant_a.curator, organization=organization),
        "committee": token_for(committee_user, municipality=organization.municipality, scopes=("read",)),
        "region": token_for(centre_user, region=region, scopes=("read",)),
    }


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_conforms_to_its_schema(case, world, keep_connection):
    parameters = case.path_parameters or {}
    for name in parameters:
        if name in ("org_slug", "municipality_slug", "region_slug"):
            parameters[name] = world[name]
        elif name in world["ids"]:
            parameters[name] = world["ids"][name]
    if "region_slug" in parameters:
        token = world["region"]
    else:
        token = world["committee" if "municipality_slug" in parameters else "curator"]
    response = case.call(app=APP, headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=CHECKS)
