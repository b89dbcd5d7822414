from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachersConfig(AppConfig):
    name = "apps.teachers"
    verbose_name = _("Mentoring of teachers")

    def ready(self):
        from apps.pairs import approval_rules

        from . import documents  # noqa: F401  (the PDF kinds)
        from .selectors import pairs_without_duty_consent

        # A teacher pair is approved (by hand or by the pairs order) only with its mentor's consent.
        approval_rules.register(pairs_without_duty_consent)
