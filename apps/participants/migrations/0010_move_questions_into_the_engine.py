# The questionnaires' questions move into the one question engine (apps/questions, issue #14):
# each questionnaire gets a question set, each question a row of questions.Question with the
# same fields, and each answer keeps its value and points to the new row. Nothing is lost.

# 2/3: the rows move (a migration of its own: PostgreSQL checks the new keys at its commit).

from django.db import migrations


FIELDS = ("position", "text", "kind", "topic", "choices", "scale_max", "is_required")


def move_questions(apps, schema_editor):
    Template = apps.get_model("participants", "QuestionnaireTemplate")
    OldQuestion = apps.get_model("participants", "Question")
    Answer = apps.get_model("participants", "Answer")
    QuestionSet = apps.get_model("questions", "QuestionSet")
    Question = apps.get_model("questions", "Question")
    for template in Template._base_manager.order_by("pk"):
        question_set = QuestionSet._base_manager.create(
            organization_id=template.organization_id, owner_kind="questionnaire"
        )
        template.question_set = question_set
        template.save(update_fields=["question_set"])
        for old in OldQuestion._base_manager.filter(questionnaire_id=template.pk).order_by("pk"):
            new = Question._base_manager.create(
                organization_id=old.organization_id,
                question_set=question_set,
                **{name: getattr(old, name) for name in FIELDS},
            )
            Answer._base_manager.filter(question_id=old.pk).update(new_question_id=new.pk)


def move_questions_back(apps, schema_editor):
    Template = apps.get_model("participants", "QuestionnaireTemplate")
    OldQuestion = apps.get_model("participants", "Question")
    Answer = apps.get_model("participants", "Answer")
    Question = apps.get_model("questions", "Question")
    for template in Template._base_manager.exclude(question_set=None).order_by("pk"):
        for new in Question._base_manager.filter(question_set_id=template.question_set_id).order_by("pk"):
            old = OldQuestion._base_manager.create(
                organization_id=new.organization_id,
                questionnaire_id=template.pk,
                **{name: getattr(new, name) for name in FIELDS},
            )
            Answer._base_manager.filter(new_question_id=new.pk).update(question_id=old.pk)


class Migration(migrations.Migration):
    dependencies = [("participants", "0009_questions_in_the_question_engine")]

    operations = [migrations.RunPython(move_questions, move_questions_back)]
