from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "apps.regional"
    verbose_name = _("Regional monitoring")

    def ready(self):
        from . import documents  # noqa: F401  (the form's PDF kind)
