"""The regional level: the regional centre's dashboard (municipalities in aggregate), the
region's monitoring forms (safe formulas, xlsx in the set's layout) and the committee's form."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from apps.audit.models import AuditEntry
from apps.documents.models import Document
from apps.documents.rendering import render_subject
from apps.monitoring.models import TargetSnapshot
from apps.monitoring.periods import parse_period, quarter_of
from apps.monitoring.services import snapshots_take
from apps.monitoring.targets import TARGETS
from apps.organizations.models import Organization
from apps.regional import formula, services
from apps.regional.counts import NAMES
from apps.regional.models import FormNote, Indicator
from apps.regional.selectors import Value, form_values
from tests.conftest import make_tenant
from tests.factories import (
    CommitteeMembershipFactory,
    MunicipalityFactory,
    ParticipantFactory,
    RegionFactory,
    RegionMembershipFactory,
)
from tests.monitoring.test_views import pdf_text


@pytest.fixture
def region(tenant_a):
    """Омская область: A's municipality and a second one with one school; B stays outside."""
    region = RegionFactory(name="Омская область", slug="omsk")
    municipality_a = tenant_a.organization.municipality
    municipality_a.parent_region = region
    municipality_a.name = "Калачинский муниципальный район"
    municipality_a.save()
    second = MunicipalityFactory(name="Оконешниковский муниципальный район", parent_region=region)
    make_tenant(municipality=second, short_name="МБОУ «Оконешниковская СОШ»", surname_prefix="Окунев")
    return region


@pytest.fixture
def region_user(region):
    return RegionMembershipFactory(region=region).user


@pytest.fixture
def federal_set(region):
    return services.indicator_set_create_default(region=region)


# The formula language


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('id')",
        "students.__class__",
        "max(students, 1)",
        "students ** 1000",
        "students > 1",
        "'text'",
        "unknown_count / 2",
        "students[0]",
        "lambda: 1",
        "",
        "(",
    ],
)
def test_it_refuses_anything_but_arithmetic_over_named_counts(text):
    with pytest.raises(ValidationError):
        formula.parse(text, NAMES)


def test_a_formula_reads_in_words_with_each_count_by_its_label():
    labels = {"student_mentors": "Обучающиеся-наставники", "students": "Обучающиеся"}
    words = formula.in_words("100 * (student_mentors + 1) / students", labels)
    assert words == "100 × («Обучающиеся-наставники» + 1) / «Обучающиеся»"
    assert formula.in_words("unknown_count / 2", labels) == "unknown_count / 2"


def test_it_evaluates_arithmetic_and_gives_no_value_for_a_division_by_zero():
    tree = formula.parse("100 * (student_mentors + 1) / students", NAMES)
    assert formula.evaluate(tree, {"student_mentors": 9, "students": 50}) == 20
    assert formula.evaluate(tree, {"student_mentors": 9, "students": 0}) is None
    assert formula.evaluate(formula.parse("-organizations + 3", NAMES), {"organizations": 1}) == 2


def test_states_are_green_at_the_target_amber_within_ten_points_red_further():
    indicator = Indicator(unit=Indicator.Unit.PERCENT, target=70)
    assert [Value(n, indicator).state for n in (70, 61, 59, None)] == ["green", "amber", "red", "none"]
    assert Value(5, Indicator(unit=Indicator.Unit.NUMBER, target=None)).state == "none"


# The regional centre's pages


def test_the_region_sees_its_municipalities_in_aggregate_and_nobody(
    client, region, region_user, tenant_a, tenant_b
):
    client.force_login(region_user)
    page = client.get(reverse("region:dashboard", args=[region.slug]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Калачинский муниципальный район" in content
    assert "Оконешниковский муниципальный район" in content
    assert page.context["overview"]["organizations"] == 2
    # No organisation's name (a committee's page shows those), no person, nothing of B's.
    for text in (
        "Школа Альфа",
        "Оконешниковская СОШ",
        "Альфов",
        "Окунев",
        "Школа Бета",
        tenant_b.organization.municipality.name,
    ):
        assert text not in content


def test_the_dashboard_costs_the_same_for_one_organisation_or_many(
    client, region, region_user, django_assert_max_num_queries
):
    def recount():  # the hourly beat: the dashboard reads the quarter's snapshots
        with scopes_disabled():
            ids = list(
                Organization.objects.filter(municipality__parent_region=region).values_list("pk", flat=True)
            )
            snapshots_take(organization_ids=ids, day=timezone.localdate())

    client.force_login(region_user)
    url = reverse("region:dashboard", args=[region.slug])
    recount()
    client.get(url)  # sessions and the like, once
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    municipality = MunicipalityFactory(parent_region=region)
    for index in range(4):
        make_tenant(municipality=municipality, surname_prefix=f"Новиков{index}")
    recount()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).context["overview"]["organizations"] == 6


def test_a_committee_is_not_the_region_and_the_region_is_no_committee(
    client, region, region_user, committee_user, tenant_a
):
    client.force_login(committee_user)
    assert client.get(reverse("region:dashboard", args=[region.slug])).status_code == 404
    client.force_login(region_user)
    municipality = tenant_a.organization.municipality
    assert client.get(reverse("committee:dashboard", args=[municipality.slug])).status_code == 404
    assert client.get(reverse("monitoring:dashboard", args=[tenant_a.organization.slug])).status_code == 404
    # Another region's member: 404 on this one.
    client.force_login(RegionMembershipFactory().user)
    assert client.get(reverse("region:dashboard", args=[region.slug])).status_code == 404


def test_the_federal_set_is_copied_with_its_indicators(client, region, region_user):
    client.force_login(region_user)
    response = client.post(reverse("region:set_create_default", args=[region.slug]))
    indicator_set = region.indicator_sets.get()
    assert response.url == reverse("region:form", args=[region.slug, indicator_set.pk])
    assert indicator_set.indicators.count() == 10
    assert "Р-145" in indicator_set.basis
    first = indicator_set.indicators.first()
    assert (first.formula, first.target) == ("100 * pupils_involved / students", 70)


def test_an_indicator_is_edited_and_a_wrong_formula_is_refused_in_words(
    client, region, region_user, federal_set
):
    client.force_login(region_user)
    indicator = federal_set.indicators.get(code="2")
    url = reverse("region:indicator_edit", args=[region.slug, federal_set.pk, indicator.pk])
    values = {
        "code": "2",
        "label": "Доля наставников-обучающихся",
        "formula": "students.__class__",
        "unit": "percent",
        "period": "quarter",
        "target": "15",
    }
    page = client.post(url, values)
    assert page.status_code == 200
    assert "Можно использовать только числа и названия счётчиков." in page.content.decode()
    indicator.refresh_from_db()
    assert indicator.target == 10
    values["formula"] = "100 * student_mentors / students"
    assert client.post(url, values).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.label, indicator.target) == ("Доля наставников-обучающихся", 15)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="regional.indicator_changed")
    assert entry.data == {"fields": ["label", "target"]}


def test_a_set_of_another_region_is_not_found(client, region, region_user):
    other = services.indicator_set_create_default(region=RegionFactory())
    client.force_login(region_user)
    assert client.get(reverse("region:form", args=[region.slug, other.pk])).status_code == 404
    indicator = other.indicators.first()
    url = reverse("region:indicator_edit", args=[region.slug, other.pk, indicator.pk])
    assert client.post(url, {"label": "x"}).status_code == 404


def _rows(content: bytes):
    return [list(row) for row in load_workbook(BytesIO(content)).active.iter_rows(values_only=True)]


def test_the_form_xlsx_reads_back_in_the_sets_layout(client, region, region_user, federal_set, tenant_a):
    client.force_login(region_user)
    url = reverse("region:form_export", args=[region.slug, federal_set.pk]) + "?period=2026"
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response.content)
    assert rows[0][0] == federal_set.title
    header = next(r for r in rows if r[0] == "№")
    assert header[-3:] == [
        "Калачинский муниципальный район",
        "Оконешниковский муниципальный район",
        "Итого по региону",
    ]
    organizations = next(r for r in rows if r[0] == "10")
    assert organizations[-3:] == [1, 1, 2]
    consents = next(r for r in rows if r[0] == "6")
    assert consents[4] == 100  # the target
    # The year's form has the yearly indicators; a quarter's leaves them out.
    assert any(r[0] == "1" for r in rows)
    quarter = _rows(client.get(url.replace("2026", "2026-Q4")).content)
    assert not any(r[0] == "1" for r in quarter)

    # The other layout: a municipality per row.
    federal_set.layout = "municipalities"
    federal_set.save()
    rows = _rows(client.get(url).content)
    header = next(r for r in rows if r[0] == "Муниципалитет")
    assert header[1].startswith("1. Доля обучающихся, вовлечённых")
    assert [r[0] for r in rows[rows.index(header) + 1 :]] == [
        "Калачинский муниципальный район",
        "Оконешниковский муниципальный район",
        "Итого по региону",
    ]
    assert (
        rows[-1][header.index("10. Число образовательных организаций, реализующих целевую модель, ед.")] == 2
    )


def test_the_pupils_involved_count_only_students_in_working_pairs(region, federal_set, tenant_a):
    with scopes_disabled():
        ParticipantFactory(organization=tenant_a.organization, category="student")
        data = form_values(
            federal_set, [tenant_a.organization.municipality], parse_period("2026"), parse_period("2026").end
        )
    involved = next(r for r in data["rows"] if r["indicator"].code == "1")
    assert involved["values"][0].number is not None


# The committee's form


def test_the_committee_writes_its_note_and_gets_the_pdf(
    client, region, committee_user, federal_set, tenant_a
):
    client.force_login(committee_user)
    municipality = tenant_a.organization.municipality
    url = reverse("committee_regional:form", args=[municipality.slug, federal_set.pk]) + "?period=2026"
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["data"]["municipalities"]) == 1
    # The formulas in words, not in the region's notation.
    html = page.content.decode()
    assert "100 × «Обучающиеся в работающих парах или группах (наставники или наставляемые)» / «" in html
    assert "pupils_involved" not in html
    response = client.post(url, {"note": "Охват вырос за счёт школ района.", "pdf": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        note = FormNote.objects.get(municipality=municipality, period="2026")
        assert note.note == "Охват вырос за счёт школ района."
        document = Document.objects.get(kind="regional_form", subject_id=note.pk)
    assert document.municipality == municipality and document.organization is None
    xlsx = client.get(reverse("committee_regional:form_export", args=[municipality.slug, federal_set.pk]))
    header = next(r for r in _rows(xlsx.content) if r[0] == "№")
    assert header[-1] == "Калачинский муниципальный район"


def test_the_form_pdf_has_the_note_and_the_chairs_signature(region, federal_set, tenant_a):
    municipality = tenant_a.organization.municipality
    municipality.chair_name = "Бутова Ю.И."
    municipality.save()
    with scopes_disabled():
        note = FormNote.objects.create(
            municipality=municipality, indicator_set=federal_set, period="2026", note="Справка комитета"
        )
        pdf, filename = render_subject(note, "regional_form")
    text = pdf_text(pdf)
    assert filename == f"regional-form-{municipality.slug}-2026.pdf"
    for expected in ("Справка комитета", "Бутова Ю.И.", "Председатель", "Аналитическая справка", "Р-145"):
        assert expected in text, expected
    assert "Альфов" not in text  # nobody of the organisation


def test_a_committee_outside_any_region_or_of_another_has_no_form(client, region, federal_set, tenant_b):
    user = CommitteeMembershipFactory(municipality=tenant_b.organization.municipality).user
    client.force_login(user)
    url = reverse("committee_regional:form", args=[tenant_b.organization.municipality.slug, federal_set.pk])
    assert client.get(url).status_code == 404
    forms = client.get(reverse("committee_regional:forms", args=[tenant_b.organization.municipality.slug]))
    assert list(forms.context["sets"]) == []


def test_the_dashboard_sums_the_snapshots_and_counts_afresh_only_the_organisations_without(
    client, region, region_user, tenant_a
):
    today = timezone.localdate()
    with scopes_disabled():
        TargetSnapshot.objects.bulk_create(
            TargetSnapshot(
                organization=tenant_a.organization,
                period=quarter_of(today),
                code=target.code,
                numerator=3,
                denominator=4,
                taken_at=timezone.now(),
            )
            for target in TARGETS
        )
    client.force_login(region_user)
    overview = client.get(reverse("region:dashboard", args=[region.slug])).context["overview"]
    kalachinsk = next(r for r in overview["rows"] if r["municipality"] == tenant_a.organization.municipality)
    assert [(v.numerator, v.denominator) for v in kalachinsk["targets"]] == [(3, 4)] * len(TARGETS)
    # The second municipality's school has no snapshot yet: counted afresh (its one mentee).
    second = next(r for r in overview["rows"] if r["municipality"] != tenant_a.organization.municipality)
    consents = next(v for v in second["targets"] if v.target.code == "consents")
    assert (consents.numerator, consents.denominator) == (1, 1)
    assert overview["taken_at"] is None  # not every organisation is from a snapshot


def test_young_specialists_are_the_targets_numbers_from_the_snapshot(region, federal_set, tenant_a):
    """Indicator 4 of the federal set reads the target «young_mentored»: what the hourly
    recount stored, no query of its own."""
    from apps.pairs.services.pairs import pair_approve
    from apps.regional.counts import counts_by_municipality
    from tests.teachers.helpers import consent_for, teacher_pair

    organization = tenant_a.organization
    today = timezone.localdate()
    with scopes_disabled():
        pair = teacher_pair(tenant_a, prefix="Регионов")
        consent_for(pair, tenant_a.curator)
        pair_approve(pair=pair, actor=tenant_a.curator)
        snapshots_take(organization_ids=[organization.pk], day=today)
        counts = counts_by_municipality(
            [(organization.pk, organization.municipality_id)], today, {"young_specialists"}
        )[organization.municipality_id]
        assert (counts["young_specialists_with_mentor"], counts["young_specialists"]) == (1, 1)
        # The snapshot is what is read: a stored figure shows through.
        TargetSnapshot.objects.filter(organization=organization, code="young_mentored").update(denominator=4)
        data = form_values(federal_set, [organization.municipality], parse_period("2026"), today)
    young = next(r for r in data["rows"] if r["indicator"].code == "4")
    assert young["values"][0].number == 25
