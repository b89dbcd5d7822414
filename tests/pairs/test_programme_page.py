"""A programme's page: its rows are written in Python (apps/pairs/programme_rows.py); what a
curator edits and what a director reads stay as they were in the template."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.pairs.models import Enrollment
from tests.factories import ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(tenant_a):
    organization = tenant_a.organization
    with scopes_disabled():
        programme = ProgrammeFactory(organization=organization)
        mentor = ParticipantFactory(
            organization=organization, last_name="<b>Шнырёва</b>", category="teacher", programme_role="mentor"
        )
        mentee = ParticipantFactory(organization=organization, last_name="Квакшина", group_name="7Б")
        ParticipantFactory(organization=organization, last_name="Жмыхова", group_name="")
        Enrollment.objects.create(
            organization=organization,
            programme=programme,
            participant=mentor,
            side=Enrollment.Side.MENTOR,
            selection=Enrollment.Selection.SELECTED,
            trained_on=date(2026, 10, 5),
            capacity=3,
        )
        Enrollment.objects.create(
            organization=organization,
            programme=programme,
            participant=mentee,
            side="mentee",
            needs_support=True,
        )
    return programme


def _page(client, user, programme):
    client.force_login(user)
    url = reverse(
        "pairs:programme", kwargs={"org_slug": programme.organization.slug, "programme_id": programme.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_curator_edits_each_mentor_in_a_row_of_inputs(client, tenant_a, programme):
    page = _page(client, tenant_a.curator, programme)
    with scopes_disabled():
        enrollment = programme.enrollments.get(side="mentor")

    assert '<option value="selected" selected>' in page
    assert '<option value="candidate">' in page
    assert (
        f'form="enrollment-{enrollment.pk}"' in page and 'value="2026-10-05"' in page and 'value="3"' in page
    )
    edit_url = reverse(
        "pairs:enrollment",
        kwargs={
            "org_slug": programme.organization.slug,
            "programme_id": programme.pk,
            "enrollment_id": enrollment.pk,
        },
    )
    assert f'id="enrollment-{enrollment.pk}" action="{edit_url}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    # A name is text, never markup.
    assert "&lt;b&gt;Шнырёва&lt;/b&gt;" in page and "<b>Шнырёва</b>" not in page
    assert "7Б" in page and "без пары: сопровождение" in page.lower()


def test_the_curator_sees_who_can_still_join_with_the_sides_open_to_them(client, tenant_a, programme):
    page = _page(client, tenant_a.curator, programme)

    assert 'data-filter-text="жмыхова' in page
    table, offered = page.split('data-testid="enrol-candidates"')
    assert "Квакшина" in table and "Квакшина" not in offered  # enrolled: in the table, not offered
    assert 'data-sides="mentee"' in page or 'data-sides="mentor mentee"' in page


def test_the_director_reads_the_rows_without_inputs(client, tenant_a, programme):
    page = _page(client, tenant_a.director, programme)

    assert "<select" not in page.split("<tbody>")[1]
    assert "05.10.2026" in page and "Отобран" in page
    assert "enrol-candidates" not in page
