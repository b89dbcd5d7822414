"""Writes of the surveys: the standard forms, the curator's edits, personal links, answers.

Every change leaves an audit entry; an answer's entry names the form and the programme,
never the respondent or what they answered. No token is ever logged or audited.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.tasks import send_email
from apps.audit.services import apply_changes, log_action
from apps.organizations.models import Organization
from apps.questions.models import Question
from apps.questions.validation import answer_clean

from .defaults import STANDARD_FORMS
from .models import (
    SCALE_MAX,
    RespondentRole,
    Stage,
    SurveyAnswer,
    SurveyForm,
    SurveyInvitation,
    SurveyResponse,
)
from .selectors.recipients import Recipient, answered_respondents, programme_recipients
from .tokens import DEFAULT_VALID_DAYS, MAX_VALID_DAYS, InvitationUnavailable, token_hash, token_make

# --- Forms and questions ------------------------------------------------------------------


@transaction.atomic
def forms_create_standard(organization, *, actor=None) -> list[SurveyForm]:
    """The five standard forms with their questions, for the kinds the organisation lacks
    (so it is safe to call again: existing forms, edited or not, stay as they are)."""
    # Two first visits at once would both create the forms: the second waits for the first.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    existing = set(SurveyForm.objects.filter(organization=organization).values_list("kind", flat=True))
    created = []
    for kind, spec in STANDARD_FORMS.items():
        if kind in existing:
            continue
        form = SurveyForm.objects.create(
            organization=organization, kind=kind, title=spec["title"], intro=spec["intro"]
        )
        Question.objects.bulk_create(
            Question(
                question_set=form.question_set,
                position=position,
                text=text,
                kind=kind,
                choices=choices,
                scale_max=SCALE_MAX,
                parameter=parameter,
                audience=audience,
                is_required=required,
            )
            for position, (text, kind, choices, parameter, audience, required) in enumerate(
                spec["questions"], start=1
            )
        )
        created.append(form)
    if created:
        log_action(
            organization=organization,
            actor=actor,
            action="survey.forms_created",
            data={"kinds": [f.kind for f in created]},
        )
    return created


FORM_FIELDS = ("title", "intro", "is_active")


@transaction.atomic
def form_update(*, form: SurveyForm, actor, **values) -> SurveyForm:
    stored = SurveyForm.objects.select_for_update().get(pk=form.pk)
    changed = apply_changes(stored, values, FORM_FIELDS)
    if changed:
        stored.full_clean()
        stored.save(update_fields=changed)
        stored.log("survey.form_changed", actor=actor, data={"fields": changed})
    return stored


# --- Personal links ---------------------------------------------------------------------


@dataclass
class IssuedLink:
    invitation: SurveyInvitation
    token: str  # shown once to the curator and e-mailed; never stored
    recipient: Recipient
    emailed: bool = False


@dataclass
class InvitationBatch:
    issued: list[IssuedLink] = field(default_factory=list)
    skipped: list[tuple[Recipient, str]] = field(default_factory=list)

    @property
    def emailed(self) -> int:
        return sum(1 for link in self.issued if link.emailed)


def stage_check(form: SurveyForm, stage: str) -> None:
    if form.has_stages and stage not in (Stage.BEFORE, Stage.AFTER):
        raise ValidationError(_("Choose the stage: before or after the programme."))
    if not form.has_stages and stage:
        raise ValidationError(_("Only the evaluation has stages."))


@transaction.atomic
def invitations_create(
    *,
    programme,
    form: SurveyForm,
    recipients: Iterable[Recipient],
    actor,
    stage: str = "",
    valid_days: int = DEFAULT_VALID_DAYS,
    link_for: Callable[[str], str] | None = None,
) -> InvitationBatch:
    """One personal link per recipient, valid `valid_days` days and once. Recipients must be
    members of the programme's pairs; those the form is not for, and those who have already
    answered it at this stage, are skipped. With `link_for` (token -> absolute URL) an e-mail
    is queued to each recipient who has an address, after the commit."""
    if form.organization_id != programme.organization_id:
        raise ValidationError(_("The form belongs to another organisation."))
    if not form.is_active:
        raise ValidationError(_("The form is closed: open it for answers first."))
    stage_check(form, stage)
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError(_("A link is valid from 1 to %(days)d days.") % {"days": MAX_VALID_DAYS})

    eligible = {r.key: r for r in programme_recipients(programme)}
    answered = answered_respondents(form=form, programme=programme, stage=stage)
    batch, seen = InvitationBatch(), set()
    expires_at = timezone.now() + timedelta(days=valid_days)
    for asked in recipients:
        recipient = eligible.get(asked.key)
        if recipient is None:
            raise ValidationError(
                _("Only members of the programme's pairs and groups can be asked: %(name)s is not one.")
                % {"name": asked.participant.short_name}
            )
        if recipient.key in seen:
            continue
        seen.add(recipient.key)
        if recipient.role not in form.roles:
            batch.skipped.append(
                (
                    recipient,
                    _("the form is for mentees only")
                    if recipient.role == RespondentRole.MENTOR
                    else _("the form is for mentors only"),
                )
            )
            continue
        if recipient.participant.pk in answered:
            batch.skipped.append((recipient, _("has already answered")))
            continue
        token = token_make()
        invitation = SurveyInvitation(
            form=form,
            programme=programme,
            participant=recipient.participant,
            respondent_role=recipient.role,
            pair=recipient.pair_for(form),
            stage=stage,
            token_hash=token_hash(token),
            expires_at=expires_at,
            created_by=actor,
        )
        batch.issued.append(IssuedLink(invitation=invitation, token=token, recipient=recipient))
    SurveyInvitation.objects.bulk_create([link.invitation for link in batch.issued])

    if link_for is not None:
        for link in batch.issued:
            link.emailed = _queue_invitation_email(link, link_for(link.token))
    programme.log(
        "survey.invitations_created",
        actor=actor,
        data={"form": form.pk, "stage": stage, "links": len(batch.issued), "emailed": batch.emailed},
    )
    return batch


def _queue_invitation_email(link: IssuedLink, url: str) -> bool:
    participant = link.invitation.participant
    if not participant.email:
        return False
    context = {
        "first_name": participant.first_name,
        "organization": link.invitation.organization,
        "form": link.invitation.form,
        "url": url,
        "expires_at": link.invitation.expires_at,
    }
    subject = "".join(render_to_string("surveys/invitation_subject.txt", context).splitlines())
    body = render_to_string("surveys/invitation_email.txt", context)
    send_email.delay(subject=subject, body=body, to=[participant.email])
    return True


# --- Answers ----------------------------------------------------------------------------


def _answers_build(*, form: SurveyForm, role: str, values: dict) -> list[SurveyAnswer]:
    """Answers from {question: value}; checks again what the page's form checked, with the
    one validator of answers (apps/questions/validation.py)."""
    answers = []
    for question in form.questions.all():
        if not question.is_asked_of(role):
            continue
        value = answer_clean(question, values.get(question))
        if value is None:
            if question.is_required:
                raise ValidationError(_("Answer the question «%(text)s».") % {"text": question.text})
            continue
        answer = SurveyAnswer(question=question)  # its organisation comes with its response
        if question.kind == Question.Kind.SCALE:
            answer.number = value
        else:
            answer.text = value
        answers.append(answer)
    return answers


def _response_create(*, form, programme, role, respondent, pair, stage, values, invitation, actor):
    answers = _answers_build(form=form, role=role, values=values)
    response = SurveyResponse(
        form=form,
        programme=programme,
        invitation=invitation,
        respondent=respondent,
        respondent_role=role,
        pair=pair,
        stage=stage,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise InvitationUnavailable(InvitationUnavailable.ANSWERED) from None
    for answer in answers:
        answer.response = response
    SurveyAnswer.objects.bulk_create(answers)
    form.log("survey.answered", actor=actor, data={"programme": programme.pk, "stage": stage})
    return response


@transaction.atomic
def response_submit_by_invitation(*, invitation: SurveyInvitation, values: dict) -> SurveyResponse:
    """Save the answers given by a personal link and spend the link, in one transaction;
    a second submission of the same link (even at the same moment) is refused."""
    invitation = (
        SurveyInvitation.objects.select_for_update().select_related("form", "programme").get(pk=invitation.pk)
    )
    if invitation.used_at is not None:
        raise InvitationUnavailable(InvitationUnavailable.USED)
    if invitation.is_expired:
        raise InvitationUnavailable(InvitationUnavailable.EXPIRED)
    if not invitation.form.is_active:
        raise InvitationUnavailable(InvitationUnavailable.CLOSED)
    response = _response_create(
        form=invitation.form,
        programme=invitation.programme,
        role=invitation.respondent_role,
        respondent=invitation.participant,
        pair=invitation.pair,
        stage=invitation.stage,
        values=values,
        invitation=invitation,
        actor=None,
    )
    invitation.used_at = response.submitted_at
    invitation.save(update_fields=["used_at"])
    return response


@transaction.atomic
def response_submit_signed_in(*, survey, values: dict, actor) -> SurveyResponse:
    """Answers of a signed-in participant (an OwnSurvey of selectors.own_surveys.own_surveys)."""
    if survey.answered:
        raise InvitationUnavailable(InvitationUnavailable.ANSWERED)
    if not survey.form.is_active:
        raise InvitationUnavailable(InvitationUnavailable.CLOSED)
    return _response_create(
        form=survey.form,
        programme=survey.programme,
        role=survey.role,
        respondent=survey.participant,
        pair=survey.pair,
        stage=survey.stage,
        values=values,
        invitation=None,
        actor=actor,
    )
