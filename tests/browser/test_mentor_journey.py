"""A curator invites a mentor from the participant card; the mentor sets a password, signs in
on a phone (390 × 844), logs the trial meeting with feedback and decides to continue. Pages
a mentor or a curator uses do not scroll sideways on that phone."""

import re
from datetime import date

from django.core import mail
from playwright.sync_api import expect

from apps.pairs.models import Enrollment, Meeting, MeetingFeedback, Pair, PairMentee
from tests.browser.steps import PHONE, document_width, pages_wider_than_a_phone
from tests.factories import PASSWORD, ParticipantFactory, ProgrammeFactory

NEW_PASSWORD = "ochen-nadezhny-parol-2026"


def _working_pair(organization):
    """Зайцева mentors Никитина; their organisational meeting is held, the trial comes next."""
    programme = ProgrammeFactory(organization=organization, title="Учитель – ученик, 2026/2027")
    mentor = ParticipantFactory(
        organization=organization,
        last_name="Зайцева",
        first_name="Ольга",
        patronymic="Петровна",
        category="teacher",
        birth_date=date(1982, 4, 4),
        programme_role="mentor",
        email="zaytseva@example.org",
    )
    mentee = ParticipantFactory(organization=organization, last_name="Никитина", first_name="Алина")
    for person, side in ((mentor, "mentor"), (mentee, "mentee")):
        Enrollment.objects.create(
            organization=organization,
            programme=programme,
            participant=person,
            side=side,
            selection="selected",
        )
    pair = Pair.objects.create(organization=organization, programme=programme, mentor=mentor, status="active")
    PairMentee.objects.create(organization=organization, pair=pair, mentee=mentee)
    meeting = Meeting.objects.create(
        organization=organization, pair=pair, kind="organisational", held_on=date(2026, 9, 10)
    )
    meeting.attendees.set([mentor, mentee])
    return mentor, pair


def test_a_curator_invites_a_mentor_who_logs_the_trial_on_a_phone(
    browser, live_server, sign_in, page, tenant_a, settings
):
    settings.PORTAL_URL = live_server.url
    organization = tenant_a.organization
    mentor, pair = _working_pair(organization)

    # The curator invites the mentor from the participant card.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(f"/o/{organization.slug}/participants/{mentor.pk}/")
    page.get_by_test_id("account-manage").click()
    page.get_by_test_id("invite").click()
    expect(page.get_by_test_id("linked-account")).to_contain_text("zaytseva")
    [letter] = [m for m in mail.outbox if m.to == ["zaytseva@example.org"]]
    link = re.search(r"https?://\S+/accounts/reset/\S+", letter.body).group(0)
    assert link.startswith(live_server.url)  # absolute, on the portal's address
    mentor.refresh_from_db()
    username = mentor.account.username

    # The mentor sets a password and signs in on a phone.
    phone = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=PHONE)
    mobile = phone.new_page()
    mobile.set_default_timeout(10_000)
    mobile.goto(link)
    mobile.fill("input[name=new_password1]", NEW_PASSWORD)
    mobile.fill("input[name=new_password2]", NEW_PASSWORD)
    mobile.click("button[type=submit]")
    mobile.goto("/accounts/login/")
    mobile.fill("input[name=username]", username)
    mobile.fill("input[name=password]", NEW_PASSWORD)
    mobile.click("button[type=submit]")
    mobile.goto(f"/o/{organization.slug}/programmes/mine/")
    mobile.get_by_test_id("my-pair").click()

    # «Log a meeting» comes before the history; the next meeting of the sequence is offered.
    form_top = mobile.get_by_test_id("meeting-form").bounding_box()["y"]
    history_top = mobile.get_by_test_id("meetings").bounding_box()["y"]
    assert form_top < history_top
    assert document_width(mobile) <= PHONE["width"]
    expect(mobile.locator("select[name=kind]")).to_have_value("trial")
    mobile.fill("input[name=place]", "Кабинет 14")
    mobile.fill("textarea[name=notes]", "Пробное занятие по биологии")
    mobile.get_by_test_id("log-meeting").click()
    expect(mobile.get_by_test_id("meeting")).to_have_count(2)

    for _ in range(2):  # her own feedback and her mentee's, as told
        expect(mobile.locator("select[name=rating]").first).to_have_value("")  # nothing preselected
        mobile.locator("select[name=rating]").first.select_option("4")
        mobile.locator("input[name=comment]").first.fill("Интересно")
        mobile.get_by_test_id("give-feedback").first.click()
    expect(mobile.get_by_test_id("feedback-missing")).to_have_count(1)  # only the organisational one
    trial = Meeting.objects.get(pair=pair, kind="trial")
    assert MeetingFeedback.objects.filter(meeting=trial).count() == 2
    assert not trial.entered_by_curator

    # After the trial meeting she decides: the pair continues.
    mobile.get_by_test_id("trial-decision-form").get_by_label("Продолжать").check()
    mobile.get_by_test_id("decide").click()
    expect(mobile.get_by_test_id("trial-decision")).to_contain_text("Продолжать")
    assert document_width(mobile) <= PHONE["width"]
    pair.refresh_from_db()
    assert pair.trial_decision == "continue" and pair.trial_decided_by == mentor.account

    # She adds a task to her mentee's development plan and ticks it off with a thumb.
    plan = mobile.get_by_test_id("plan").first
    plan.locator("input[name=title]").fill("Подготовить доклад к школьной конференции")
    plan.get_by_test_id("add-task").click()
    toggle = mobile.get_by_test_id("plan").first.get_by_test_id("toggle-task")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    box = toggle.bounding_box()
    assert box["width"] >= 32 and box["height"] >= 32, box  # a finger's target, not a glyph's
    toggle.click()
    expect(mobile.get_by_test_id("plan").first.get_by_test_id("toggle-task")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(mobile.get_by_test_id("plan-completion").first).to_contain_text("100")
    assert document_width(mobile) <= PHONE["width"]
    phone.close()


def test_pages_of_mentors_and_curators_do_not_scroll_sideways_on_a_phone(browser, live_server, tenant_a):
    organization = tenant_a.organization
    mentor, pair = _working_pair(organization)
    mentor.account = tenant_a.mentor
    mentor.save()
    from apps.pairs.services.accounts import mentor_access_grant

    mentor_access_grant(participant=mentor)
    slug = organization.slug
    pages = {
        tenant_a.mentor: [
            f"/o/{slug}/",
            f"/o/{slug}/programmes/mine/",
            f"/o/{slug}/programmes/mine/{pair.pk}/",
            "/notifications/",
        ],
        tenant_a.curator: [
            f"/o/{slug}/",
            f"/o/{slug}/programmes/",
            f"/o/{slug}/programmes/board/",
            f"/o/{slug}/programmes/{pair.programme_id}/",
            f"/o/{slug}/programmes/{pair.programme_id}/training/",
            f"/o/{slug}/programmes/pairs/{pair.pk}/",
            f"/o/{slug}/participants/",
            f"/o/{slug}/participants/{mentor.pk}/",
            f"/o/{slug}/programmes/participants/{mentor.pk}/account/",
            f"/o/{slug}/members/",
            "/notifications/",
        ],
    }
    assert pages_wider_than_a_phone(browser, live_server.url, pages, PASSWORD) == []
