"""Issue #17 in a real browser. A curator creates the final event for a programme, invites its
pairs, marks the attendance on a phone-sized screen and sees the final-event target move; the
committee runs a municipal contest with a nomination from an organisation, its jury scores it,
and the winners' letters are downloaded and read."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from apps.pairs.models import Pair
from tests.factories import PASSWORD, CommitteeMembershipFactory


def test_the_final_event_from_creation_to_the_target(page, sign_in, tenant_a, pairs_seeded):
    page.set_default_timeout(60_000)  # the shared machine is slow
    pair = Pair.objects.get(organization=tenant_a.organization)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    yesterday = timezone.localtime() - timedelta(days=1)

    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav a[href$='/events/']").click()
    page.get_by_test_id("event-create").click()
    page.locator("select[name=kind]").select_option("final_event")
    page.fill("input[name=title]", "Итоговое мероприятие программы")
    page.fill("input[name=starts_at]", yesterday.strftime("%Y-%m-%dT14:00"))
    page.fill("input[name=place]", "Актовый зал")
    page.locator("select[name=programmes]").select_option(index=0)
    page.get_by_test_id("event-save").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/events/\d+/$"))

    invite = page.get_by_test_id("invite-form")
    invite.locator("select[name=via]").select_option("pairs")
    invite.locator("select[name=programme]").select_option(index=1)
    page.get_by_test_id("invite-submit").click()
    expect(page.get_by_test_id("invited-count")).to_have_text("2")

    # After the event, on a phone: tick who came, each tick saved without a reload.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_test_id("attendance-link").click()
    row = page.get_by_test_id("attendance-row").filter(has_text=pair.mentor.last_name)
    with page.expect_response(lambda r: "/attendance/" in r.url and r.request.method == "POST"):
        row.locator("input[type=checkbox]").check()
    expect(
        page.get_by_test_id("attendance-row").filter(has_text=pair.mentor.last_name).locator("input")
    ).to_be_checked()
    page.get_by_test_id("hold-submit").click()
    expect(page.get_by_test_id("event-status")).to_have_text("Проведено")
    expect(page.get_by_test_id("attendance-summary")).to_contain_text("1 из 2")

    # The target moves: the pair took part in the final event.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/o/alpha/monitoring/")
    card = page.locator("[data-testid=target][data-code=final_event]")
    expect(card).to_contain_text("1 / 1")
    expect(card.get_by_test_id("final-event-source")).to_contain_text("итогового мероприятия")


def test_a_municipal_contest_from_nomination_to_the_winners_letters(
    page, sign_in, tenant_a, pairs_seeded, pdf_download_text
):
    page.set_default_timeout(90_000)  # issuing the letters renders both files in the request (eager tasks)
    municipality = tenant_a.organization.municipality
    chair = CommitteeMembershipFactory(municipality=municipality).user
    pair = Pair.objects.get(organization=tenant_a.organization)

    # The committee opens the contest, its chair the jury.
    sign_in(chair.username, PASSWORD)
    page.goto(f"/m/{municipality.slug}/events/contests/new/")
    page.fill("input[name=title]", "Муниципальный конкурс наставников")
    page.locator("input[name=nominations][value=municipal_mentor]").check()
    page.locator("select[name=jury]").select_option(index=0)
    page.get_by_test_id("contest-save").click()
    expect(page.get_by_test_id("contest-stage")).to_have_text("Приём номинаций")
    contest_url = page.url
    page.context.clear_cookies()

    # The organisation's curator proposes a mentor of its base.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto("/o/alpha/events/contests/")
    page.get_by_role("link", name="Муниципальный конкурс наставников").click()
    page.get_by_test_id("propose").click()
    page.locator("select[name=participant]").select_option(label=pair.mentor.full_name)
    page.fill("textarea[name=text]", "Подготовила призёров олимпиады")
    page.get_by_test_id("propose-submit").click()
    expect(page.get_by_test_id("nominee-row")).to_contain_text(pair.mentor.full_name)
    page.context.clear_cookies()

    # The committee sees the name and the nomination only, closes the nominations, scores, publishes.
    sign_in(chair.username, PASSWORD)
    page.goto(contest_url)
    expect(page.get_by_test_id("nominee-row")).to_contain_text(pair.mentor.full_name)
    expect(page.get_by_test_id("nominee-row")).not_to_contain_text("олимпиады")
    page.get_by_test_id("advance").click()
    page.get_by_test_id("score-link").click()
    for field in page.get_by_test_id("score-form").locator("input[type=number]").all():
        field.fill("9")
    page.get_by_test_id("score-submit").click()
    page.goto(contest_url)
    page.get_by_test_id("advance").click()
    expect(page.get_by_test_id("contest-stage")).to_have_text("Итоги опубликованы")
    expect(page.get_by_test_id("nominee-place")).to_have_text("1")
    page.fill("input[name=signer_name]", "Председатель П.П.")
    page.get_by_test_id("winners-letters").click()
    expect(page.get_by_test_id("letter-row")).to_contain_text(pair.mentor.full_name)
    text = pdf_download_text(page.get_by_test_id("document-download").first, "letters.pdf")
    assert pair.mentor.last_name in text and "ДИПЛОМ" in text
