from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from apps.questions.registry import OwnerSpec, register

        from .models import QUESTION_SET_OWNER, SCALE_MAX, SURVEY_KINDS, SurveyForm

        register(
            OwnerSpec(
                key=QUESTION_SET_OWNER,
                kinds=SURVEY_KINDS,
                extra_fields=("parameter", "audience"),
                fixed_scale_max=SCALE_MAX,
                changed_action="survey.question_changed",
                deleted_action="survey.question_deleted",
                radio_choices=True,
                keeps_answered=True,
            ),
            model=SurveyForm,
        )
