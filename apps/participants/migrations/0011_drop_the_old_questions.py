# The questionnaires' questions move into the one question engine (apps/questions, issue #14):
# each questionnaire gets a question set, each question a row of questions.Question with the
# same fields, and each answer keeps its value and points to the new row. Nothing is lost.

# 3/3: the answers' keys to the new rows only; the old questions' table goes.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("participants", "0010_move_questions_into_the_engine")]

    operations = [
        migrations.RemoveConstraint(model_name="answer", name="one_answer_per_question"),
        migrations.RemoveField(model_name="answer", name="question"),
        migrations.RenameField(model_name="answer", old_name="new_question", new_name="question"),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="answers", to="questions.question"
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                fields=("participant", "question"), name="one_answer_per_question"
            ),
        ),
        migrations.AlterField(
            model_name="questionnairetemplate",
            name="question_set",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questionnaire",
                to="questions.questionset",
            ),
        ),
        migrations.DeleteModel(name="Question"),
    ]
