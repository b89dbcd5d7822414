from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "apps.library"
    verbose_name = _("Library of materials, cases and programmes")

    def ready(self):
        from apps.participants.retention import participant_anonymised

        from .services import participant_off_cases

        # Anonymised by retention: named by no case any more, and no case of theirs published.
        def off_cases(sender, participant, **kwargs):
            participant_off_cases(participant=participant)

        participant_anonymised.connect(off_cases, dispatch_uid="library.participant_off_cases", weak=False)
