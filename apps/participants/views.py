from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import log_action
from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.core.xlsx import workbook_bytes
from apps.organizations.views_base import filters_from_session, filters_store, tenant_view

from . import services
from .consents import check_consent, consent_rule
from .forms import (
    AnswersForm,
    ConsentForm,
    ExtraInformationForm,
    LeaveForm,
    ParticipantForm,
    RegistryFilterForm,
    RevokeConsentForm,
    SensitiveAttributesForm,
)
from .models import (
    ANSWERED_BY_ROLE,
    Consent,
    Participant,
    QuestionnaireTemplate,
    SensitiveAttributes,
    Status,
)
from .selectors import participant_answers, participant_history, registry

PER_PAGE = 50


def _registry_filters(request, org_slug):
    return filters_from_session(request, RegistryFilterForm, key=f"participants:{org_slug}")


def _filtered_registry(request, filters):
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    return registry(organization=request.organization, **criteria)


@tenant_view(permission="participants.view")
def participant_list(request, org_slug):
    """The registry of participants (персонифицированный учёт)."""
    if request.GET.get("consent") in ("ok", "missing"):
        # A link that opens the registry filtered by consent (the home page's «Consent missing»):
        # the filter goes to the session like any other, the address stays clean.
        filters_store(request, key=f"participants:{org_slug}", data={"consent": request.GET["consent"]})
        return redirect(request.path)
    filters, redirect_after_post = _registry_filters(request, org_slug)
    if redirect_after_post:
        return redirect_after_post
    page = Paginator(_filtered_registry(request, filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "participants/list.html", {"page": page, "filters": filters})


@tenant_view(permission="participants.export")
def participant_export(request, org_slug):
    """The registry as filtered on screen, as an xlsx file."""
    filters, _redirect = _registry_filters(request, org_slug)
    participants = _filtered_registry(request, filters)
    header = [
        _("Surname"),
        _("Name"),
        _("Patronymic"),
        _("Birth date"),
        _("Category"),
        _("Class or group"),
        _("Role in the programme"),
        _("Status"),
        _("Consent"),
        _("E-mail"),
        _("Phone"),
        _("Partner organisation"),
    ]
    rows = [
        [
            p.last_name,
            p.first_name,
            p.patronymic,
            p.birth_date,
            p.get_category_display(),
            p.group_name,
            p.get_programme_role_display(),
            p.get_status_display(),
            _("yes") if p.consent_ok else _("no"),
            p.email,
            p.phone,
            p.partner.name if p.partner else "",
        ]
        for p in participants
    ]
    log_action(
        organization=request.organization,
        actor=request.user,
        action="participants.exported",
        data={"rows": len(rows)},
    )
    filename = f"registry-{request.organization.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(
        workbook_bytes(title=_("Registry"), header=header, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@tenant_view(permission="participants.change")
@idempotent
def participant_create(request, org_slug):
    form = ParticipantForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        participant = services.participant_create(
            organization=request.organization, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The participant is added. Record their consent next."))
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(request, "participants/form.html", {"form": form})


def _participant(participant_id):
    # Scoped to the organisation of the URL: another organisation's id is a 404.
    return get_object_or_404(
        Participant.objects.select_related("partner", "account"),
        pk=participant_id,
        anonymised_at__isnull=True,
    )


@tenant_view(permission="participants.view")
def participant_detail(request, org_slug, participant_id):
    """The participant's card: data, consents and what they lack, answers, history."""
    participant = _participant(participant_id)
    consents = list(participant.consents.select_related("created_by"))
    services.participant_record_view(participant=participant, actor=request.user)
    return render(
        request,
        "participants/detail.html",
        {
            "participant": participant,
            "consents": consents,
            "consent_check": check_consent(participant, consents),
            "consent_rule": consent_rule(participant),
            "answers": participant_answers(participant=participant),
            "extra_information": participant.extra_information.select_related("recorded_by"),
            "history": participant_history(participant=participant)[:50],
        },
    )


@tenant_view(permission="participants.change")
def participant_edit(request, org_slug, participant_id):
    participant = _participant(participant_id)
    if participant.status == Status.LEFT:
        # Their data are due for removal; bringing somebody back is recording them anew.
        messages.error(request, _("The participant has left the programme; their data cannot be changed."))
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    form = ParticipantForm(request.POST or None, instance=participant, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        services.participant_update(participant=participant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The changes are saved."))
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(request, "participants/form.html", {"form": form, "participant": participant})


@tenant_view(permission="participants.change")
def participant_answers_edit(request, org_slug, participant_id):
    participant = _participant(participant_id)
    # A mentee answers the mentee questionnaire, a mentor the mentor's; "both" answer both.
    questionnaires = QuestionnaireTemplate.objects.filter(
        organization=request.organization, kind__in=ANSWERED_BY_ROLE[participant.programme_role]
    ).prefetch_related("question_set__questions")
    questions = [q for questionnaire in questionnaires for q in questionnaire.questions.all()]
    answers = {a.question_id: a.value for a in participant.answers.all()}
    form = AnswersForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        services.answers_save(participant=participant, actor=request.user, values=form.values())
        messages.success(request, _("The answers are saved."))
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(
        request,
        "participants/answers.html",
        {"form": form, "participant": participant, "has_questions": questions},
    )


@tenant_view(permission="participants.change")
@idempotent
def extra_information_add(request, org_slug, participant_id):
    participant = _participant(participant_id)
    form = ExtraInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.extra_information_add(participant=participant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The information is recorded."))
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(
        request,
        "participants/simple_form.html",
        {"form": form, "participant": participant, "title": _("Extra information")},
    )


@tenant_view(permission="participants.sensitive")
def sensitive_attributes(request, org_slug, participant_id):
    """The participant's inclusion groups: the curator alone records and reads them."""
    participant = _participant(participant_id)
    current = SensitiveAttributes.objects.filter(participant=participant).first()
    initial = {field: getattr(current, field) for field in SensitiveAttributes.GROUPS} if current else {}
    if current:
        initial["consent"] = current.consent_id
    form = SensitiveAttributesForm(request.POST or None, initial=initial, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.sensitive_attributes_save(
                participant=participant, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The inclusion groups are saved."))
            return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(
        request,
        "participants/sensitive_form.html",
        {"form": form, "participant": participant, "current": current, "title": _("Inclusion groups")},
    )


@tenant_view(permission="participants.change")
def participant_leave(request, org_slug, participant_id):
    participant = _participant(participant_id)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.participant_leave(
            participant=participant,
            actor=request.user,
            left_on=form.cleaned_data["left_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("The participant has left the programme. Their personal data will be removed.")
        )
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(
        request,
        "participants/simple_form.html",
        {"form": form, "participant": participant, "title": _("Leaving the programme")},
    )


@tenant_view(permission="participants.change")
@idempotent
def consent_add(request, org_slug, participant_id):
    participant = _participant(participant_id)
    form = ConsentForm(
        request.POST or None, request.FILES or None, initial={"signed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(participant=participant, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("participants:detail", org_slug=org_slug, participant_id=participant.pk)
    return render(request, "participants/consent_form.html", {"form": form, "participant": participant})


def _consent(participant_id, consent_id):
    return get_object_or_404(
        Consent.objects.select_related("participant"), pk=consent_id, participant_id=participant_id
    )


@tenant_view(permission="participants.change")
def consent_revoke(request, org_slug, participant_id, consent_id):
    consent = _consent(participant_id, consent_id)
    form = RevokeConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consent_revoke(
            consent=consent,
            actor=request.user,
            revoked_on=form.cleaned_data["revoked_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("The consent is revoked. The personal data will be removed within 30 days.")
        )
        return redirect("participants:detail", org_slug=org_slug, participant_id=participant_id)
    return render(
        request,
        "participants/simple_form.html",
        {"form": form, "participant": consent.participant, "title": _("Revoking the consent")},
    )


@tenant_view(permission="participants.view")
def consent_document(request, org_slug, participant_id, consent_id):
    """The scan of a consent, for the organisation's own people only (no public URL)."""
    consent = _consent(participant_id, consent_id)
    if not consent.document:
        raise Http404
    consent.participant.log("consent.document_downloaded", actor=request.user, data={"consent": consent.pk})
    # Never cached: NoStoreMiddleware marks every response to a signed-in person, files too.
    return stored_file_response(consent.document)
