# The survey forms' questions move into the one question engine (apps/questions, issue #14):
# each form gets a question set, each question a row of questions.Question (type → kind,
# options → choices, required → is_required, the survey's scale 1…10 as scale_max), and each
# answer keeps its number or text and points to the new row. Nothing is lost.

# 2/3: the rows move (a migration of its own: PostgreSQL checks the new keys at its commit).

from django.db import migrations


SAME = ("position", "text", "parameter", "audience")
RENAMED = (("type", "kind"), ("options", "choices"), ("required", "is_required"))
SCALE_MAX = 10


def move_questions(apps, schema_editor):
    SurveyForm = apps.get_model("surveys", "SurveyForm")
    SurveyQuestion = apps.get_model("surveys", "SurveyQuestion")
    SurveyAnswer = apps.get_model("surveys", "SurveyAnswer")
    QuestionSet = apps.get_model("questions", "QuestionSet")
    Question = apps.get_model("questions", "Question")
    for form in SurveyForm._base_manager.order_by("pk"):
        question_set = QuestionSet._base_manager.create(
            organization_id=form.organization_id, owner_kind="survey_form"
        )
        form.question_set = question_set
        form.save(update_fields=["question_set"])
        for old in SurveyQuestion._base_manager.filter(form_id=form.pk).order_by("pk"):
            new = Question._base_manager.create(
                organization_id=old.organization_id,
                question_set=question_set,
                scale_max=SCALE_MAX,
                **{name: getattr(old, name) for name in SAME},
                **{new_name: getattr(old, name) for name, new_name in RENAMED},
            )
            SurveyAnswer._base_manager.filter(question_id=old.pk).update(new_question_id=new.pk)


def move_questions_back(apps, schema_editor):
    SurveyForm = apps.get_model("surveys", "SurveyForm")
    SurveyQuestion = apps.get_model("surveys", "SurveyQuestion")
    SurveyAnswer = apps.get_model("surveys", "SurveyAnswer")
    Question = apps.get_model("questions", "Question")
    for form in SurveyForm._base_manager.exclude(question_set=None).order_by("pk"):
        for new in Question._base_manager.filter(question_set_id=form.question_set_id).order_by("pk"):
            old = SurveyQuestion._base_manager.create(
                organization_id=new.organization_id,
                form_id=form.pk,
                **{name: getattr(new, name) for name in SAME},
                **{name: getattr(new, new_name) for name, new_name in RENAMED},
            )
            SurveyAnswer._base_manager.filter(new_question_id=new.pk).update(question_id=old.pk)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_questions_in_the_question_engine")]

    operations = [migrations.RunPython(move_questions, move_questions_back)]
