"""The survey pages cost the same number of queries for a few people and for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.pairs.models import PairMentee
from tests.factories import ParticipantFactory

from .conftest import build_programme, respond

PAGES = ["index", "forms", "programme", "invite", "results", "mine"]


def _url(name, tenant, programme, form):
    kwargs = {"org_slug": tenant.organization.slug}
    if name in ("programme", "invite", "results"):
        kwargs["programme_id"] = programme.pk
    if name == "results":
        kwargs["form_id"] = form.pk
    return reverse(f"surveys:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_does_not_grow_with_people_and_answers(client, tenant_a, standard_forms, name):
    form = standard_forms["programme_quality"]
    built = build_programme(tenant_a.organization, mentees=3, mentors=1)
    # The curator is also a mentee with an account (their own surveys are listed on "mine").
    me = ParticipantFactory(organization=tenant_a.organization, account=tenant_a.curator)
    PairMentee.objects.create(organization=tenant_a.organization, pair=built.pairs[0], mentee=me)
    for mentee in built.mentees:
        respond(form, built.programme, mentee, "mentee")
    client.force_login(tenant_a.curator)
    url = _url(name, tenant_a, built.programme, form)
    client.get(url)  # warm up

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for _ in range(25):
        mentee = ParticipantFactory(organization=tenant_a.organization)
        PairMentee.objects.create(organization=tenant_a.organization, pair=built.pairs[0], mentee=mentee)
        respond(form, built.programme, mentee, "mentee")
    build_programme(tenant_a.organization, mentees=2, mentors=1)  # another programme
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries) <= 20
