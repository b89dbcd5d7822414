from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`load_demo`): the only app that may import every other one."""

    name = "apps.demo"
    verbose_name = _("Demo")
