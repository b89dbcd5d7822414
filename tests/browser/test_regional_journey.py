"""A member of the regional centre opens the region's dashboard (municipalities in aggregate,
nobody named), edits an indicator of the region's form and downloads the form as xlsx."""

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.participants.models import Participant
from apps.regional.services import indicator_set_create_default
from tests.factories import PASSWORD, RegionFactory, RegionMembershipFactory


def test_regional_member_edits_an_indicator_and_downloads_the_form(page, sign_in, tenant_a):
    region = RegionFactory(name="Омская область", slug="omsk")
    municipality = tenant_a.organization.municipality
    municipality.parent_region = region
    municipality.save()
    indicator_set = indicator_set_create_default(region=region)
    user = RegionMembershipFactory(region=region).user
    user.set_password(PASSWORD)
    user.save()

    sign_in(user.username, PASSWORD)
    rows = page.get_by_test_id("region-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(municipality.name)
    body = page.content()
    assert tenant_a.organization.short_name not in body
    for person in Participant.objects.filter(organization=tenant_a.organization):
        assert person.last_name not in body

    page.get_by_test_id("region-form-link").click()
    expect(page.get_by_test_id("form-title")).to_have_text(indicator_set.title)
    row = page.get_by_test_id("form-row").filter(has_text="Доля обучающихся — наставников")
    row.get_by_test_id("indicator-edit").click()
    page.fill("input[name=formula]", "students.__class__")
    page.get_by_test_id("indicator-save").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    page.fill("input[name=formula]", "100 * student_mentors / students")
    page.fill("input[name=target]", "15")
    page.fill("input[name=label]", "Доля обучающихся-наставников (региональная цель)")
    page.get_by_test_id("indicator-save").click()
    expect(page.get_by_test_id("form-table")).to_contain_text(
        "Доля обучающихся-наставников (региональная цель)"
    )

    with page.expect_download() as download_info:
        page.get_by_test_id("form-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(BytesIO(file.read())).active.iter_rows(values_only=True))
    edited = next(r for r in rows if r[0] == "2")
    assert edited[1] == "Доля обучающихся-наставников (региональная цель)"
    assert edited[4] == 15
    assert rows[rows.index(next(r for r in rows if r[0] == "№"))][-1] == municipality.name
