# The questionnaires' questions move into the one question engine (apps/questions, issue #14):
# each questionnaire gets a question set, each question a row of questions.Question with the
# same fields, and each answer keeps its value and points to the new row. Nothing is lost.

# 1/3: the new keys, empty for now.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0008_import_run_names_and_resubmissions"),
        ("questions", "0001_question_engine"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionnairetemplate",
            name="question_set",
            field=models.OneToOneField(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questionnaire",
                to="questions.questionset",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="new_question",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="questions.question",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="participants.question",
            ),
        ),
    ]
