# The survey forms' questions move into the one question engine (apps/questions, issue #14):
# each form gets a question set, each question a row of questions.Question (type → kind,
# options → choices, required → is_required, the survey's scale 1…10 as scale_max), and each
# answer keeps its number or text and points to the new row. Nothing is lost.

# 1/3: the new keys, empty for now.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_tenant_model"),
        ("questions", "0001_question_engine"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyform",
            name="question_set",
            field=models.OneToOneField(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="survey_form",
                to="questions.questionset",
            ),
        ),
        migrations.AddField(
            model_name="surveyanswer",
            name="new_question",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="questions.question",
            ),
        ),
        migrations.AlterField(
            model_name="surveyanswer",
            name="question",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="answers",
                to="surveys.surveyquestion",
            ),
        ),
    ]
