from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The families of reminder kinds (apps/reminders/kinds/), in the order of the settings page
# and of the digest's sections: each module registers its kinds when it is loaded.
KIND_FAMILIES = (
    "roadmap",
    "pairs",
    "participants",
    "orders",
    "meeting_plans",
    "teachers",
    "events",
    "partners",
)


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    verbose_name = _("Reminders")

    def ready(self):
        for family in KIND_FAMILIES:
            import_module(f"{self.name}.kinds.{family}")
