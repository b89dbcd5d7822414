from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "apps.assignments"
    verbose_name = _("Items the committee assigns to its organisations")
