"""A curator makes the personal links of a programme; a mentee opens theirs in a real browser,
without an account, answers, sends, and is thanked; the link then says it was used."""

from playwright.sync_api import expect

from apps.surveys import services
from apps.surveys.models import SurveyForm, SurveyResponse
from tests.factories import PASSWORD
from tests.surveys.conftest import build_programme


def test_a_mentee_answers_by_the_personal_link(page, sign_in, tenant_a):
    organization = tenant_a.organization
    services.forms_create_standard(organization)
    built = build_programme(organization, mentees=1, mentors=1, surname="Лисицына")
    mentee = built.mentees[0]
    form = SurveyForm.objects.get(organization=organization, kind="mentee_satisfaction")

    # The curator makes the links and copies the mentee's.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(f"/o/{organization.slug}/surveys/programmes/{built.programme.pk}/")
    page.get_by_test_id("invite").click()
    page.select_option("select[name=form]", str(form.pk))
    page.get_by_test_id("create-links").click()
    row = page.get_by_test_id("link-row").filter(has_text=mentee.last_name)
    expect(row).to_have_count(1)
    link = row.get_by_test_id("personal-link").input_value()
    assert "/s/" in link

    # The mentee, with no account, opens it.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_test_id("greeting")).to_contain_text(mentee.first_name)
    expect(page.locator("body")).not_to_contain_text(mentee.last_name)
    questions = list(form.questions.all())
    expect(page.get_by_test_id("survey-question")).to_have_count(len(questions))
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == "scale":
            page.locator(f"input[name={name}][value='9'] + label").click()
        elif question.kind == "choice":
            page.locator(f"input[name={name}]").first.check()
        else:
            page.fill(f"textarea[name={name}]", "Наставник всегда помогал")
    page.get_by_test_id("submit-answers").click()

    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    response = SurveyResponse.objects.get(form=form, respondent=mentee)
    assert response.answers.filter(number=9).count() == sum(1 for q in questions if q.kind == "scale")
    assert response.answers.filter(text="Наставник всегда помогал").exists()

    # The link works once.
    answer = page.goto(link)
    assert answer.status == 410
    expect(page.get_by_test_id("invitation-used")).to_be_visible()
    expect(page.get_by_test_id("survey-answer-form")).to_have_count(0)
