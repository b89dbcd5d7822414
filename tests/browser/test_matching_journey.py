"""A curator runs «Suggest pairs» and approves a proposal on the board; the mentor then plans
the first meeting, marks it held and records the feedback of both, in a real browser."""

from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from apps.pairs.models import Enrollment, Meeting, MeetingPlan, MentoringForm, Programme
from apps.pairs.services.programmes import forms_create_standard
from tests.factories import PASSWORD, ConsentFactory, ParticipantFactory


def test_curator_matches_and_approves_then_the_mentor_logs_a_meeting(page, sign_in, tenant_a):
    organization = tenant_a.organization
    forms_create_standard(organization=organization)
    programme = Programme.objects.create(
        organization=organization,
        title="Ученик – ученик, 7-е классы",
        form=MentoringForm.objects.get(organization=organization, name="Ученик – ученик"),
        academic_year=2026,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 31),
    )
    mentor = ParticipantFactory(
        organization=organization,
        last_name="Соколова",
        programme_role="mentor",
        birth_date=date(2008, 2, 2),
        account=tenant_a.mentor,  # the mentor's portal login
    )
    mentee = ParticipantFactory(organization=organization, last_name="Лисицын")
    ConsentFactory(participant=mentor, given_by="subject", representative_name="", representative_relation="")
    ConsentFactory(participant=mentor)
    ConsentFactory(participant=mentee)
    for person, side in ((mentor, "mentor"), (mentee, "mentee")):
        Enrollment.objects.create(
            organization=organization,
            programme=programme,
            participant=person,
            side=side,
            selection="selected",
        )

    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav a[href$='/programmes/']").click()
    page.get_by_role("link", name=programme.title, exact=False).click()
    page.get_by_test_id("suggest-pairs").click()

    proposed = page.get_by_test_id("board-column-proposed").get_by_test_id("pair-card")
    expect(proposed).to_have_count(1)
    expect(proposed).to_contain_text("Соколова")
    expect(proposed).to_contain_text("Лисицын")
    proposed.get_by_test_id("approve").click()  # htmx: the card is swapped in place
    expect(page.get_by_test_id("pair-status")).to_have_text("Утверждена")

    page.reload()
    expect(page.get_by_test_id("board-column-approved").get_by_test_id("pair-card")).to_have_count(1)
    expect(page.get_by_test_id("board-column-proposed").get_by_test_id("pair-card")).to_have_count(0)

    # The mentor signs in, finds the pair, plans the first meeting for today, marks it held
    # (the meeting form comes filled from the plan) and records both attendees' feedback.
    page.context.clear_cookies()
    sign_in(tenant_a.mentor.username, PASSWORD)
    page.locator("nav a[href$='/programmes/mine/']").click()
    page.get_by_test_id("my-pair").click()
    page.select_option("select[name=plan-kind]", "organisational")
    page.fill("input[name=plan-planned_for]", timezone.localdate().isoformat())
    page.fill("input[name=plan-starts_at]", "15:00")
    page.fill("input[name=plan-place]", "Кабинет 21")
    page.get_by_test_id("plan-meeting").click()
    expect(page.get_by_test_id("meeting-plan")).to_have_count(1)
    expect(page.get_by_test_id("meeting-plan")).to_contain_text("15:00")
    page.get_by_test_id("mark-held").click()
    expect(page.locator("select[name=kind]")).to_have_value("organisational")
    expect(page.locator("input[name=place]")).to_have_value("Кабинет 21")
    page.fill("textarea[name=notes]", "Познакомились, договорились о целях")
    page.get_by_test_id("log-meeting").click()
    expect(page.get_by_test_id("meeting")).to_have_count(1)
    expect(page.get_by_test_id("meeting-plan")).to_have_count(0)
    assert MeetingPlan.objects.get().meeting == Meeting.objects.get(pair__programme=programme)
    expect(page.get_by_test_id("pair-status")).to_have_text("Работает")
    for _ in range(2):  # the mentor's and the mentee's feedback; no rating is preselected
        page.locator("select[name=rating]").first.select_option("5")
        page.get_by_test_id("give-feedback").click()
    expect(page.get_by_test_id("feedback-missing")).to_have_count(0)
    expect(page.get_by_test_id("meeting")).to_contain_text("★ 5")
