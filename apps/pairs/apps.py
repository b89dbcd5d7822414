from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    name = "apps.pairs"
    verbose_name = _("Pairs and groups")

    def ready(self):
        from . import next_steps  # noqa: F401  (rules of the home page)
