"""The seven stages of the target model of mentoring (../shared/DOMAIN.md)."""

from django.utils.translation import gettext_lazy as _

STAGES = [
    _("Preparation: orders, regulation, roadmap, curator"),
    _("Mentee base: questionnaires and consents"),
    _("Mentor base: questionnaires, consents, partners"),
    _("Selecting and training mentors"),
    _("Forming pairs and groups"),
    _("Work of pairs and groups: meetings and feedback"),
    _("Completion: monitoring, rewards, reports"),
]
