"""The curator edits a questionnaire in a real browser: a field is shown only for the answer
types that use it, a question is edited and moved."""

from playwright.sync_api import expect

from apps.participants.models import QuestionnaireTemplate
from tests.factories import PASSWORD


def test_the_curator_sees_only_the_fields_of_the_answer_type_and_moves_a_question(page, sign_in, tenant_a):
    questionnaire = QuestionnaireTemplate.objects.get(organization=tenant_a.organization, kind="mentee")
    first, second = questionnaire.questions.order_by("position")[:2]
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(f"/o/{tenant_a.organization.slug}/participants/questionnaires/{questionnaire.pk}/")

    choices = page.get_by_test_id("question-field-choices_text")
    scale = page.get_by_test_id("question-field-scale_max")
    page.select_option("select[name=kind]", "text")
    expect(choices).to_be_hidden()
    expect(scale).to_be_hidden()
    page.select_option("select[name=kind]", "scale")
    expect(choices).to_be_hidden()
    expect(scale).to_be_visible()
    page.select_option("select[name=kind]", "multiple")
    expect(choices).to_be_visible()
    expect(scale).to_be_hidden()

    # The second question moved up becomes the first.
    page.get_by_test_id("question").nth(1).get_by_role("button", name="Выше").click()
    expect(page.get_by_test_id("question").first).to_contain_text(second.text)
    expect(page.get_by_test_id("question").nth(1)).to_contain_text(first.text)

    # Edited in place.
    page.get_by_test_id("question").first.get_by_role("link", name="Редактировать").click()
    page.fill("textarea[name=text], input[name=text]", f"{second.text} (уточнено)")
    page.get_by_test_id("question-save").click()
    expect(page.get_by_test_id("question").first).to_contain_text("(уточнено)")
