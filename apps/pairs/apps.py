from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    name = "apps.pairs"
    verbose_name = _("Pairs and groups")

    def ready(self):
        from apps.organizations import person_links

        from . import next_steps  # noqa: F401  (rules of the home page)
        from .services.accounts import ParticipantLinks

        person_links.register(ParticipantLinks())
