# The survey forms' questions move into the one question engine (apps/questions, issue #14):
# each form gets a question set, each question a row of questions.Question (type → kind,
# options → choices, required → is_required, the survey's scale 1…10 as scale_max), and each
# answer keeps its number or text and points to the new row. Nothing is lost.

# 3/3: the answers' keys to the new rows only; the old questions' table goes.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_move_questions_into_the_engine")]

    operations = [
        migrations.RemoveConstraint(model_name="surveyanswer", name="one_answer_per_survey_question"),
        migrations.RemoveField(model_name="surveyanswer", name="question"),
        migrations.RenameField(model_name="surveyanswer", old_name="new_question", new_name="question"),
        migrations.AlterField(
            model_name="surveyanswer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_answers",
                to="questions.question",
            ),
        ),
        migrations.AddConstraint(
            model_name="surveyanswer",
            constraint=models.UniqueConstraint(
                fields=("response", "question"), name="one_answer_per_survey_question"
            ),
        ),
        migrations.AlterField(
            model_name="surveyform",
            name="question_set",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="survey_form",
                to="questions.questionset",
            ),
        ),
        migrations.DeleteModel(name="SurveyQuestion"),
    ]
