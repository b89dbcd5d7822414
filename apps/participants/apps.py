from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "apps.participants"
    verbose_name = _("Participants")

    def ready(self):
        from apps.questions.registry import OwnerSpec, register

        from . import next_steps  # noqa: F401  (rules of the home page)
        from .models import QUESTION_SET_OWNER, QuestionnaireTemplate

        register(
            OwnerSpec(
                key=QUESTION_SET_OWNER,
                extra_fields=("topic",),
                changed_action="questionnaire.changed",
                deleted_action="questionnaire.changed",
            ),
            model=QuestionnaireTemplate,
        )
