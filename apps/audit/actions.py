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
    "programme.form_added": _("Form of mentoring added"),
    "programme.enrolled": _("Participant enrolled in a programme"),
    "programme.enrollment_changed": _("Enrolment changed"),
    "programme.matching_run": _("Pairs proposed by matching"),
    "programme.training_changed": _("«Школа наставников»: session or attendance changed"),
    "programme.preferences_changed": _("Survey after the group meeting recorded"),
    "pair.approved": _("Pair approved"),
    "pair.rejected": _("Proposal rejected"),
    "pair.lock_changed": _("Pair locked or unlocked"),
    "pair.activated": _("Pair started its work"),
    "pair.completed": _("Pair completed"),
    "pair.dissolved": _("Pair dissolved"),
    "pair.mentee_rematched": _("Mentee sent back for another mentor"),
    "pair.mentee_moved": _("Proposal edited: mentee moved to another mentor"),
    "pair.meeting_logged": _("Meeting logged"),
    "pair.meeting_planned": _("Meeting planned"),
    "pair.meeting_plan_cancelled": _("Planned meeting cancelled"),
    "pair.feedback_given": _("Feedback after a meeting recorded"),
    "pair.plan_changed": _("Individual development plan changed"),
    "pair.trial_continued": _("After the trial meeting: the pair continues"),
    "pair.trial_rematched": _("After the trial meeting: the mentee is matched again"),
    "pair.mentor_allowed_again": _("Mentor allowed again for a mentee in the next matching"),
    "participant.account_invited": _("Participant invited to the portal"),
    "participant.account_linked": _("Participant linked to a portal account"),
    "participant.account_unlinked": _("Participant's portal account unlinked"),
    "roadmap.created": _("Roadmap created"),
    "roadmap.changed": _("Roadmap header changed"),
    "roadmap.deleted": _("Roadmap deleted"),
    "roadmap.stage_changed": _("Roadmap stage added or changed"),
    "roadmap.activity_changed": _("Roadmap activity added or changed"),
    "roadmap.activity_deleted": _("Roadmap activity deleted"),
    "roadmap.progress_changed": _("Progress of a roadmap activity recorded"),
    "roadmap.evidence_downloaded": _("Evidence of a roadmap activity downloaded"),
    "document.downloaded": _("Document downloaded"),
    "order.created": _("Order drafted"),
    "order.edited": _("Order edited"),
    "order.submitted": _("Order submitted for approval"),
    "order.returned": _("Order returned for changes"),
    "order.approved": _("Order approved"),
    "order.cancelled": _("Order cancelled by a later order"),
    "order.template_changed": _("Wording of an order type changed"),
    "order.numbering_changed": _("Numbering of orders changed"),
    "monitoring.headcount_changed": _("Numbers of students and teachers changed"),
    "monitoring.exported": _("Committee dashboard exported to Excel"),
    "survey.forms_created": _("Standard survey forms created"),
    "survey.form_changed": _("Survey form changed"),
    "survey.question_changed": _("Survey question added or changed"),
    "survey.question_deleted": _("Survey question deleted"),
    "survey.invitations_created": _("Personal survey links created"),
    "survey.answered": _("Survey answered"),
    "order.attachment_downloaded": _("Attachment of an order downloaded"),
    "import.rejected_rows_downloaded": _("Rows with errors of an import downloaded"),
}

# --- The details of an entry (its `data`), in words: apps/audit/details.py reads these. ---------
# A key of `data` by its label. tests/audit/test_details.py walks every `.log(..., data={...})`
# of the apps and fails on a key missing here.
DATA_LABELS = {
    # what changed
    "fields": _("Changed"),
    "questions": _("Answers to questions"),
    "from": _("Was"),
    "to": _("Now"),
    "status": _("Status"),
    "event": _("Completed by"),
    "kind": _("Kind"),
    "kinds": _("Forms"),
    "reason": _("Reason"),
    "role": _("Role"),
    "is_active": _("Access"),
    "given_by": _("Given by"),
    "side": _("Side"),
    "source": _("Source"),
    "stage": _("Stage"),
    "evidence_file": _("Evidence file"),
    "locked": _("Locked"),
    "done": _("Done"),
    "added": _("Added"),
    # plain values
    "year": _("Year"),
    "number": _("Number"),
    "title": _("Title"),
    "name": _("Form of mentoring"),
    "deleted": _("Deleted"),
    "activities": _("Activities"),
    "stages": _("Stages"),
    "rows": _("Rows"),
    "count": _("Preferences ranked"),
    "links": _("Links"),
    "emailed": _("Sent by e-mail"),
    "proposed_pairs": _("Pairs proposed"),
    "unpaired": _("Left without a pair"),
    "replaced": _("Proposals replaced"),
    "replaced_by": _("Replaced by"),
    "kept": _("Kept"),
    "removed": _("Removed"),
    "as_of": _("As of"),
    # rows named by their number
    "consent": _("Consent"),
    "participant": _("Participant"),
    "mentee": _("Mentee"),
    "meeting": _("Meeting"),
    "plan": _("Planned meeting"),
    "task": _("Task"),
    "task_added": _("Task added"),
    "question": _("Question"),
    "added_question": _("Question added"),
    "deleted_question": _("Question deleted"),
    "changed_question": _("Question changed"),
    "moved_question": _("Question moved"),
    "form": _("Survey form"),
    "chooser": _("Who chose"),
    "author": _("Author"),
    "attachment": _("Attachment"),
    "programme": _("Programme"),
}

# Keys whose value is the number of a row: shown as «№ 12».
ROW_KEYS = {
    "consent",
    "participant",
    "mentee",
    "meeting",
    "plan",
    "task",
    "task_added",
    "question",
    "added_question",
    "deleted_question",
    "changed_question",
    "moved_question",
    "questions",
    "form",
    "chooser",
    "author",
    "attachment",
    "programme",
}

# Values that are a model field's choices: (action, or the prefix of actions ending in ".", key)
# -> "app_label.Model.field" (read through the app registry: audit imports no feature app).
VALUE_CHOICES = {
    ("pair.", "from"): "pairs.Pair.status",
    ("pair.", "to"): "pairs.Pair.status",
    ("pair.meeting_logged", "kind"): "pairs.Meeting.kind",
    ("pair.meeting_planned", "kind"): "pairs.MeetingPlan.kind",
    ("pair.meeting_plan_cancelled", "kind"): "pairs.MeetingPlan.kind",
    ("roadmap.progress_changed", "status"): "roadmap.Activity.status",
    ("roadmap.progress_changed", "event"): "roadmap.Activity.event",
    ("roadmap.created", "source"): "roadmap.Roadmap.source",
    ("order.", "kind"): "orders.Order.kind",
    ("membership.", "role"): "organizations.Membership.role",
    ("consent.recorded", "given_by"): "participants.Consent.given_by",
    ("participant.extra_information_added", "source"): "participants.ExtraInformation.source",
    ("programme.enrolled", "side"): "pairs.Enrollment.side",
    ("survey.", "stage"): "surveys.SurveyInvitation.stage",
    ("survey.forms_created", "kinds"): "surveys.SurveyForm.kind",
}

# Codes written as plain strings, not choices of a field.
VALUE_LABELS = {
    ("participant.anonymised", "reason"): {
        "consent revoked": _("the consent was revoked"),
        "participant left, purpose reached": _("the participant left, the purpose of processing is reached"),
    },
    ("document.downloaded", "kind"): {
        "roadmap": _("roadmap"),
        "order": _("order"),
        "monitoring_report": _("monitoring report"),
    },
    ("roadmap.changed", "replaced_by"): {"import": _("import")},
}

# Whose fields a "fields" list names, where it is not the entry's target.
FIELDS_OF = {
    "programme.enrollment_changed": "pairs.Enrollment",
    "questionnaire.changed": "questions.Question",
    "survey.question_changed": "questions.Question",
}

# Field names in "fields" lists that are not model fields.
FIELD_LABELS = {"deadline": _("deadline")}

# Actions whose values are [before, after].
TRANSITIONS = {"membership.changed"}
