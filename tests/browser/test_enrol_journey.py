"""A curator enrols people of a large base in a programme: the list of checkboxes is filtered
by the side chosen and by the name typed, and what is ticked is enrolled."""

from datetime import date

from playwright.sync_api import expect

from apps.pairs.models import Enrollment
from tests.factories import PASSWORD, ParticipantFactory, ProgrammeFactory


def test_curator_finds_and_enrols_a_mentor_and_a_mentee(page, sign_in, tenant_a):
    organization = tenant_a.organization
    programme = ProgrammeFactory(organization=organization, title="Ученик – ученик, 5-е классы")
    ParticipantFactory.create_batch(30, organization=organization, last_name="Аникина")
    mentor = ParticipantFactory(
        organization=organization, last_name="Тарасова", programme_role="mentor", birth_date=date(2008, 3, 3)
    )
    mentee = ParticipantFactory(organization=organization, last_name="Щербаков", first_name="Пётр")

    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(f"/o/{organization.slug}/programmes/{programme.pk}/")
    candidates = page.get_by_test_id("enrol-candidates")

    # As mentors: only people whose role allows it are shown.
    page.get_by_label("В роли").select_option("mentor")
    expect(candidates.get_by_label("Тарасова", exact=False)).to_be_visible()
    expect(candidates.get_by_label("Щербаков", exact=False)).to_be_hidden()
    candidates.get_by_label("Тарасова", exact=False).check()
    page.get_by_role("button", name="Включить", exact=True).click()
    expect(page.get_by_test_id("mentor-row")).to_contain_text("Тарасова")

    # As mentees: typing part of the name (with «е» for «ё») narrows the list at once.
    page.get_by_label("В роли").select_option("mentee")
    page.get_by_label("Найти по фамилии или имени").fill("щербаков петр")
    expect(candidates.locator(".form-check:visible")).to_have_count(1)
    candidates.get_by_label("Щербаков", exact=False).check()
    page.get_by_role("button", name="Включить", exact=True).click()
    expect(page.get_by_test_id("mentee-row")).to_contain_text("Щербаков")

    enrolled = set(Enrollment.objects.filter(programme=programme).values_list("participant_id", "side"))
    assert enrolled == {(mentor.pk, "mentor"), (mentee.pk, "mentee")}
