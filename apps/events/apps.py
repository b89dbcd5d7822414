from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "apps.events"
    verbose_name = _("Events, contests and letters")

    def ready(self):
        from . import documents, signals  # noqa: F401  (the PDF kinds; the roadmap's fallback)
