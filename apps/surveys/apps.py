from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from .redaction import install

        install()  # the tokens of personal links never reach the logs
