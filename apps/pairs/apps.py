from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    name = "apps.pairs"
    verbose_name = _("Pairs and groups")

    def ready(self):
        from apps.organizations import person_links
        from apps.participants.retention import participant_anonymised

        from . import next_steps  # noqa: F401  (rules of the home page)
        from .services.accounts import ParticipantLinks
        from .services.pairs import participant_off_pairs

        # The team pages link members to participants through this app.
        person_links.register(ParticipantLinks())

        # Anonymised by retention: off every pair, proposal and list.
        def off_pairs(sender, participant, **kwargs):
            participant_off_pairs(participant=participant)

        participant_anonymised.connect(off_pairs, dispatch_uid="pairs.participant_off_pairs", weak=False)
