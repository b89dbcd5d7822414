"""Writes of the mentoring of teachers. Every function is atomic and leaves an audit entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.documents.services import document_request
from apps.orders.services import clean_html
from apps.organizations.models import Membership, Organization
from apps.organizations.roles import Role
from apps.pairs.models import WORKING_STATUSES, Pair
from apps.pairs.services.pairs import pair_dissolve
from apps.participants.models import Participant

from . import drafting, selectors
from .library import AGREEMENT_WORDING, PROGRAMME_TEMPLATE_FIELDS
from .models import (
    AGREEMENT_PDF,
    PROGRAMME_PDF,
    TEACHER_FORM,
    YOUNG_SPECIALIST_YEARS,
    AgreementWording,
    DutyConsent,
    PersonalisedProgramme,
    ProfessionalRequest,
    ProgrammeTemplate,
    Situation,
    SupplementaryAgreement,
    TeacherProfile,
)

# Teachers as mentees


@transaction.atomic
def teacher_profile_save(
    *,
    participant: Participant,
    actor,
    situation: str,
    started_on=None,
    experience_years: int = 0,
    position: str = "",
    new_role: str = "",
) -> TeacherProfile:
    """Put a teacher in the mentee bank, or change their category and experience."""
    if situation == Situation.YOUNG_SPECIALIST:
        if started_on is None:
            raise ValidationError({"started_on": _("Give the date a young specialist started teaching.")})
        if experience_years > YOUNG_SPECIALIST_YEARS:
            raise ValidationError(
                {"experience_years": _("A young specialist has at most 3 years of teaching experience.")}
            )
    profile = TeacherProfile.objects.filter(participant=participant).first() or TeacherProfile(
        participant=participant
    )
    values = {
        "situation": situation,
        "started_on": started_on,
        "experience_years": experience_years,
        "position": position.strip(),
        "new_role": new_role.strip(),
    }
    changed = (
        [name for name, value in values.items() if getattr(profile, name) != value] if profile.pk else []
    )
    created = profile.pk is None
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    participant.log("teacher.profile_changed", actor=actor, data={"fields": changed or list(values)})
    if created:  # a teacher entering the bank brings the requests of their questionnaire
        requests_from_questionnaire(participant=participant, actor=actor)
    return profile


@transaction.atomic
def professional_request_add(
    *, participant: Participant, actor, source: str, text: str
) -> ProfessionalRequest:
    request = ProfessionalRequest(participant=participant, source=source, text=text.strip())
    request.full_clean()
    request.save()
    participant.log("teacher.request_added", actor=actor, data={"source": source})
    return request


@transaction.atomic
def requests_from_questionnaire(*, participant: Participant, actor) -> int:
    """The teacher's answers to the questionnaire's «requests of the mentee» questions become
    professional requests from the questionnaire, each once (a several-choice answer gives one
    per choice). Returns how many were added."""
    source = ProfessionalRequest.Source.QUESTIONNAIRE
    have = set(participant.professional_requests.filter(source=source).values_list("text", flat=True))
    added = []
    for text in selectors.questionnaire_requests(participant):
        if text not in have:
            have.add(text)
            added.append(ProfessionalRequest(participant=participant, source=source, text=text))
    ProfessionalRequest.objects.bulk_create(added)
    if added:
        participant.log("teacher.requests_imported", actor=actor, data={"requests_added": len(added)})
    return len(added)


# The mentor's consent to the extra duties and the supplementary agreement


@transaction.atomic
def duty_consent_record(
    *, mentor: Participant, actor, signed_on, starts_on, ends_on, document=None
) -> DutyConsent:
    """The curator records a mentor's written consent to mentoring duties for a period."""
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The period ends after it starts.")})
    if signed_on > starts_on:
        raise ValidationError({"signed_on": _("The consent is given before the duties start.")})
    consent = DutyConsent(
        mentor=mentor,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=actor,
        document=document or "",
    )
    consent.full_clean()
    consent.save()
    consent.log("duty_consent.recorded", actor=actor, data={"participant": mentor.pk})
    return consent


@transaction.atomic
def duty_consent_confirm(*, consent: DutyConsent, actor) -> DutyConsent:
    """The mentor confirms, signed in, the consent the curator recorded for them."""
    consent = DutyConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.mentor.account_id != actor.pk:
        raise PermissionDenied(_("Only the mentor confirms their own consent."))
    if consent.confirmed_at is None:
        consent.confirmed_at = timezone.now()
        consent.save(update_fields=["confirmed_at"])
        consent.log("duty_consent.confirmed", actor=actor)
    return consent


@transaction.atomic
def duty_consent_end_early(
    *, consent: DutyConsent, actor, notice_by: str, notice_on, ended_on, reason: str = ""
) -> DutyConsent:
    """Either side ends the duties early with notice (art. 351.8): the notice and its date
    are recorded, and the mentor's working and proposed teacher pairs end with the reason."""
    consent = DutyConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.ended_on is not None:
        return consent  # a double click
    if notice_by not in DutyConsent.Side.values:
        raise ValidationError({"notice_by": _("Say which side gave notice.")})
    if ended_on < notice_on:
        raise ValidationError({"ended_on": _("The duties end on or after the day of the notice.")})
    if not consent.starts_on <= ended_on <= consent.ends_on:
        raise ValidationError({"ended_on": _("The duties end within the period of the consent.")})
    consent.notice_by, consent.notice_on, consent.ended_on = notice_by, notice_on, ended_on
    consent.end_reason = reason.strip()
    consent.save(update_fields=["notice_by", "notice_on", "ended_on", "end_reason"])
    consent.log("duty_consent.ended", actor=actor, data={"side": notice_by, "reason": consent.end_reason})
    words = _("Mentoring duties ended early, notice of %(day)s by %(side)s") % {
        "day": f"{notice_on:%d.%m.%Y}",
        "side": DutyConsent.Side(notice_by).label,
    }
    pairs = Pair.objects.filter(
        mentor=consent.mentor,
        programme__form__name=TEACHER_FORM,
        status__in=(Pair.Status.PROPOSED, *WORKING_STATUSES),
        programme__ends_on__gte=consent.starts_on,
        programme__starts_on__lte=consent.ends_on,
    )
    for pair in pairs:
        pair_dissolve(pair=pair, actor=actor, reason=f"{words}. {consent.end_reason}".strip(" ."))
    return consent


def agreement_wording(organization) -> dict:
    """The organisation's wording of the supplementary agreement, or the portal's default."""
    own = AgreementWording.objects.filter(organization=organization).first()
    if own is None:
        return dict(AGREEMENT_WORDING)
    return {name: getattr(own, name) for name in AGREEMENT_WORDING}


@transaction.atomic
def agreement_wording_save(*, organization, actor, **texts) -> AgreementWording:
    wording = AgreementWording.objects.filter(organization=organization).first() or AgreementWording(
        organization=organization
    )
    for name in AGREEMENT_WORDING:
        value = texts[name].strip()
        if not value:
            raise ValidationError({name: _("This part of the agreement cannot be empty.")})
        setattr(wording, name, value)
    wording.save()
    wording.log("agreement.wording_changed", actor=actor, data={"fields": list(AGREEMENT_WORDING)})
    return wording


@transaction.atomic
def programme_template_save(*, organization, actor, situation: str, **texts) -> ProgrammeTemplate:
    """The organisation's wording of a situation's programme; the drafts made after it use it,
    the programmes drafted before keep their text."""
    template = ProgrammeTemplate.objects.filter(
        organization=organization, situation=situation
    ).first() or ProgrammeTemplate(organization=organization, situation=situation)
    for name in PROGRAMME_TEMPLATE_FIELDS:
        value = texts[name].strip()
        if not value or (name in ("forms", "results") and not selectors.template_lines(value)):
            raise ValidationError({name: _("This part of the template cannot be empty.")})
        setattr(template, name, value)
    template.full_clean()
    template.save()
    template.log("programme_template.changed", actor=actor, data={"kind": situation})
    return template


@transaction.atomic
def agreement_create(*, consent: DutyConsent, actor, dated=None) -> SupplementaryAgreement:
    """Number and date the supplementary agreement of a consent, its text from the
    organisation's wording, and queue its PDF. Once made it keeps its number and wording."""
    # Two agreements made at once wait for each other and get two numbers.
    organization = Organization.objects.select_for_update().get(pk=consent.organization_id)
    consent = DutyConsent.objects.select_for_update().get(pk=consent.pk)
    agreement = SupplementaryAgreement.objects.filter(consent=consent).first()
    if agreement is None:
        dated = dated or timezone.localdate()
        count = SupplementaryAgreement.objects.filter(
            organization=organization, dated__year=dated.year
        ).count()
        agreement = SupplementaryAgreement.objects.create(
            consent=consent,
            number=f"{count + 1}-Н/{dated:%y}",
            dated=dated,
            created_by=actor,
            **agreement_wording(organization),
        )
        consent.log("agreement.created", actor=actor, data={"number": agreement.number})
    document_request(subject=agreement, kind=AGREEMENT_PDF, actor=actor)
    return agreement


# The personalised programme (ППН)


def _require_teacher_pair(pair: Pair) -> None:
    if pair.programme.form.name != TEACHER_FORM:
        raise ValidationError(
            _("A personalised programme is written for a pair of the «Учитель – учитель» form.")
        )


@transaction.atomic
def programme_draft(*, pair: Pair, actor, situation: str | None = None) -> PersonalisedProgramme:
    """Write (or write again, while a draft) the pair's ППН from its plans, its mentees'
    requests and the template of their situation."""
    _require_teacher_pair(pair)
    programme = PersonalisedProgramme.objects.select_for_update().filter(pair=pair).first()
    if programme is not None and programme.status == PersonalisedProgramme.Status.APPROVED:
        raise ValidationError(_("An approved programme is not written again."))
    title, body, situation = drafting.draft(pair, situation=situation)
    if programme is None:
        programme = PersonalisedProgramme(pair=pair, created_by=actor)
    programme.title, programme.body, programme.situation = title, clean_html(body), situation
    programme.save()
    pair.log("ppn.drafted", actor=actor, data={"kind": situation})
    return programme


@transaction.atomic
def programme_update(
    *, programme: PersonalisedProgramme, actor, title: str, body: str
) -> PersonalisedProgramme:
    if programme.status == PersonalisedProgramme.Status.APPROVED:
        raise ValidationError(_("An approved programme cannot be changed."))
    programme.title, programme.body = title.strip(), clean_html(body)
    programme.save(update_fields=["title", "body"])
    programme.pair.log("ppn.changed", actor=actor, data={"fields": ["title", "body"]})
    return programme


@transaction.atomic
def programme_approve(*, programme: PersonalisedProgramme, actor) -> PersonalisedProgramme:
    """The director's approval mark («УТВЕРЖДАЮ»): the date and the director; then the PDF."""
    programme = PersonalisedProgramme.objects.select_for_update().get(pk=programme.pk)
    is_director = Membership.objects.filter(
        organization=programme.organization, user=actor, role=Role.DIRECTOR, is_active=True
    ).exists()
    if not is_director:
        raise PermissionDenied(_("Only the director approves a personalised programme."))
    if programme.status == PersonalisedProgramme.Status.APPROVED:
        return programme
    if not programme.body.strip():
        raise ValidationError(_("The programme has no text."))
    programme.status = PersonalisedProgramme.Status.APPROVED
    programme.approved_by, programme.approved_on = actor, timezone.localdate()
    programme.save(update_fields=["status", "approved_by", "approved_on"])
    programme.pair.log("ppn.approved", actor=actor)
    document_request(subject=programme, kind=PROGRAMME_PDF, actor=actor)
    return programme
