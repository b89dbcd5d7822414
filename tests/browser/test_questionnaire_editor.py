"""The one question editor in a real browser, on a questionnaire and on a survey form: a field
is shown only for the answer types that use it, a question is moved, edited and deleted on the
same pages, with the same buttons."""

from playwright.sync_api import expect

from apps.participants.models import QuestionnaireTemplate
from apps.questions.models import Question
from apps.surveys import services
from apps.surveys.models import SurveyForm
from tests.factories import PASSWORD


def _move_up_and_edit(page, first, second):
    # The second question moved up becomes the first.
    page.get_by_test_id("question").nth(1).get_by_role("button", name="Выше").click()
    expect(page.get_by_test_id("question").first).to_contain_text(second.text)
    expect(page.get_by_test_id("question").nth(1)).to_contain_text(first.text)

    # Edited in place.
    page.get_by_test_id("question").first.get_by_role("link", name="Редактировать").click()
    page.fill("textarea[name=text], input[name=text]", f"{second.text} (уточнено)")
    page.get_by_test_id("question-save").click()
    expect(page.get_by_test_id("question").first).to_contain_text("(уточнено)")


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

    _move_up_and_edit(page, first, second)


def test_the_curator_edits_a_survey_form_with_the_same_editor(page, sign_in, tenant_a):
    organization = tenant_a.organization
    services.forms_create_standard(organization)
    form = SurveyForm.objects.get(organization=organization, kind="programme_quality")
    first, second = form.questions.order_by("position")[:2]
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(f"/o/{organization.slug}/surveys/forms/{form.pk}/")

    # A survey's scale is always 1…10: no maximum to give; choices only for «one choice».
    choices = page.get_by_test_id("question-field-choices_text")
    parameter = page.get_by_test_id("question-field-parameter")
    expect(page.get_by_test_id("question-field-scale_max")).to_have_count(0)
    expect(page.locator("select[name=kind] option")).to_have_count(3)
    page.select_option("select[name=kind]", "text")
    expect(choices).to_be_hidden()
    expect(parameter).to_be_hidden()
    page.select_option("select[name=kind]", "choice")
    expect(choices).to_be_visible()

    # Added with the editor's form: it goes last.
    page.fill("textarea[name=text]", "Что бы вы изменили в программе?")
    page.select_option("select[name=kind]", "text")
    page.get_by_test_id("question-add").get_by_role("button", name="Добавить").click()
    expect(page.get_by_test_id("question").last).to_contain_text("Что бы вы изменили в программе?")

    _move_up_and_edit(page, first, second)

    # An unanswered question is deleted after a confirmation.
    page.get_by_test_id("question").last.get_by_test_id("question-delete").click()
    page.get_by_test_id("question-delete-confirm").click()
    expect(page.get_by_test_id("question").filter(has_text="Что бы вы изменили")).to_have_count(0)
    assert not Question.objects.filter(question_set=form.question_set, text__startswith="Что бы").exists()
