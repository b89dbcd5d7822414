from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "apps.roadmap"
    verbose_name = _("Roadmaps")

    def ready(self):
        from . import documents, next_steps, signals  # noqa: F401  (PDF kind, home-page rules, portal events)
