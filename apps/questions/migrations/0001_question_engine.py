# The one question engine of the questionnaires and the surveys (issue #14).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organizations", "0003_tenant_model"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuestionSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("owner_kind", models.CharField(max_length=32, verbose_name="owner")),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "question set",
                "verbose_name_plural": "question sets",
            },
        ),
        migrations.CreateModel(
            name="Question",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                ("text", models.CharField(max_length=500, verbose_name="question")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "Text"),
                            ("choice", "One choice"),
                            ("multiple", "Several choices"),
                            ("scale", "Scale"),
                            ("yes_no", "Yes or no"),
                            ("number", "Number"),
                            ("date", "Date"),
                        ],
                        default="text",
                        max_length=8,
                        verbose_name="answer type",
                    ),
                ),
                ("choices", models.JSONField(blank=True, default=list, verbose_name="choices")),
                ("scale_max", models.PositiveSmallIntegerField(default=5, verbose_name="scale maximum")),
                ("is_required", models.BooleanField(default=False, verbose_name="required")),
                (
                    "topic",
                    models.CharField(
                        choices=[
                            ("interests", "Interests"),
                            ("requests", "Requests of the mentee"),
                            ("competencies", "Competencies of the mentor"),
                            ("experience", "Experience"),
                            ("preferred_form", "Preferred form of mentoring"),
                            ("availability", "Availability"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=16,
                        verbose_name="topic",
                    ),
                ),
                (
                    "parameter",
                    models.SlugField(
                        blank=True,
                        help_text="For the evaluation: a code such as academic_results; answers before and after are compared by it.",
                        verbose_name="parameter",
                    ),
                ),
                (
                    "audience",
                    models.CharField(
                        blank=True,
                        choices=[("mentor", "Mentor"), ("mentee", "Mentee")],
                        default="",
                        max_length=6,
                        verbose_name="asked of",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "question_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="questions.questionset",
                    ),
                ),
            ],
            options={
                "verbose_name": "question",
                "verbose_name_plural": "questions",
                "ordering": ["position", "pk"],
                "indexes": [
                    models.Index(fields=["question_set", "position"], name="questions_q_questio_e03cd0_idx")
                ],
            },
        ),
    ]
