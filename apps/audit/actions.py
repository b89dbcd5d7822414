"""Every audit action code, with the label a director reads. Apps add theirs here."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "organization.profile_changed": _("Organisation profile changed"),
    "membership.added": _("Member added"),
    "membership.changed": _("Member's role or access changed"),
    "membership.invitation_sent": _("Invitation to set a password sent"),
    # Personal data of participants: every action, reads included (152-ФЗ).
    "participant.created": _("Participant added"),
    "participant.changed": _("Participant's data changed"),
    "participant.viewed": _("Participant's card opened"),
    "participant.left": _("Participant left the programme"),
    "participant.answers_changed": _("Questionnaire answers changed"),
    "participant.extra_information_added": _("Extra information added"),
    "participant.anonymised": _("Personal data removed by the retention rules"),
    "participants.exported": _("Registry exported to Excel"),
    "consent.recorded": _("Consent recorded"),
    "consent.revoked": _("Consent revoked"),
    "consent.document_downloaded": _("Consent document downloaded"),
    "questionnaire.changed": _("Questionnaire changed"),
    "partner.created": _("Partner organisation added"),
    "programme.created": _("Programme created"),
    "programme.enrolled": _("Participant enrolled in a programme"),
    "programme.enrollment_changed": _("Enrolment changed"),
    "programme.matching_run": _("Pairs proposed by matching"),
    "pair.approved": _("Pair approved"),
    "pair.rejected": _("Proposal rejected"),
    "pair.lock_changed": _("Pair locked or unlocked"),
    "pair.activated": _("Pair started its work"),
    "pair.completed": _("Pair completed"),
    "pair.dissolved": _("Pair dissolved"),
    "pair.mentee_rematched": _("Mentee sent back for another mentor"),
    "pair.meeting_logged": _("Meeting logged"),
    "pair.feedback_given": _("Feedback after a meeting recorded"),
    "pair.plan_changed": _("Individual development plan changed"),
}
