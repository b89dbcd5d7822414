from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel every app builds on: tenant models, tasks, uploads, xlsx, private storage.
    It imports no other app of the portal."""

    name = "apps.core"
    verbose_name = _("Core")

    def ready(self):
        from .redaction import install

        install()  # the tokens of personal links and password resets never reach the logs
