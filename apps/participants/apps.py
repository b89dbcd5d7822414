from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "apps.participants"
    verbose_name = _("Participants")

    def ready(self):
        from . import next_steps  # noqa: F401  (rules of the home page)
