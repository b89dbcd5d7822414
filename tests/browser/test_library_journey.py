"""Issue #18's library in a real browser: a curator adds a material with a file and shares it
with the municipality; a committee member finds it by another form of a Russian word
(«наставника» finds «наставнику») and features it; another organisation's curator sees it
first, with the author's name, and downloads its file."""

import re

from playwright.sync_api import expect

from apps.library import services
from apps.library.models import Item
from tests.conftest import make_tenant
from tests.factories import PASSWORD, CommitteeMembershipFactory


def test_a_shared_material_from_a_curator_to_the_committee_and_a_neighbour(page, sign_in, tenant_a, tmp_path):
    page.set_default_timeout(60_000)  # the shared machine is slow
    municipality = tenant_a.organization.municipality
    neighbour = make_tenant(
        municipality=municipality, short_name="МБОУ «Школа Гамма»", slug="gamma", surname_prefix="Гаммов"
    )
    committee_member = CommitteeMembershipFactory(municipality=municipality).user
    # What the neighbour shared before: the search must not find it, the featured item goes first.
    services.item_create(
        organization=neighbour.organization,
        actor=neighbour.curator,
        kind=Item.Kind.MATERIAL,
        title="График мероприятий",
        description="Сроки и ответственные",
        visibility=Item.Visibility.MUNICIPALITY,
    )
    memo = tmp_path / "pamyatka.pdf"
    memo.write_bytes(b"%PDF-1.4 pamyatka nastavniku")

    # The curator adds a material with its file and shares it with the municipality.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.get_by_test_id("nav-library").first.click()
    page.get_by_test_id("library-add-material").click()
    page.fill("input[name=title]", "Памятка наставнику: первая встреча")
    page.fill("textarea[name=description]", "Знакомство, цели и график встреч пары.")
    page.set_input_files("input[name=file]", str(memo))
    page.locator("input[name=stages][value='6']").check()
    page.locator("select[name=visibility]").select_option("municipality")
    page.get_by_test_id("library-save").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/library/\d+/$"))
    expect(page.get_by_test_id("library-file")).to_be_visible()
    page.context.clear_cookies()

    # A committee member finds it by another form of the word and features it.
    sign_in(committee_member.username, PASSWORD)
    page.goto(f"/m/{municipality.slug}/library/")
    expect(page.get_by_test_id("library-item")).to_have_count(2)
    page.get_by_test_id("library-search").fill("наставника")
    page.get_by_test_id("library-search-submit").click()
    expect(page.get_by_test_id("library-item")).to_have_count(1)
    expect(page).not_to_have_url(re.compile("наставника|%D0"))  # the words stay in the session
    page.get_by_test_id("library-item").click()
    expect(page.get_by_test_id("library-author")).to_have_text(tenant_a.organization.short_name)
    page.get_by_test_id("library-feature").click()
    expect(page.get_by_test_id("featured-badge")).to_be_visible()
    page.context.clear_cookies()

    # Another organisation's curator sees it first, read-only, and downloads the file.
    sign_in(neighbour.curator.username, PASSWORD)
    page.goto("/o/gamma/library/")
    first = page.get_by_test_id("library-item").first
    expect(first).to_contain_text("Памятка наставнику")
    expect(first.get_by_test_id("featured-badge")).to_be_visible()
    expect(first).to_contain_text(tenant_a.organization.short_name)
    first.click()
    expect(page.get_by_test_id("library-edit")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_test_id("library-file").click()
    path = tmp_path / "downloaded.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes() == memo.read_bytes()
