"""Every audit action code, with the label a director reads. Apps add theirs here."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "organization.profile_changed": _("Organisation profile changed"),
    "membership.added": _("Member added"),
    "membership.changed": _("Member's role or access changed"),
    "membership.invitation_sent": _("Invitation to set a password sent"),
}
