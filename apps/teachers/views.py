"""Pages of the mentoring of teachers: the bank of mentee teachers, the mentors' consents and
supplementary agreements, the personalised programmes (ППН), and a mentor's own consents.
The «куратор персонализированных программ» of the recommendations is the curator role."""

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.documents.services import document_request, latest_document
from apps.documents.views import document_file_response
from apps.orders.views import EDITOR_SCROLL_MARKER_STYLE
from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text
from apps.pairs.models import Pair
from apps.participants.models import Participant

from . import selectors, services
from .forms import (
    DutyConsentForm,
    EndEarlyForm,
    ProfileForm,
    ProgrammeDraftForm,
    ProgrammeEditForm,
    ProgrammeTemplateForm,
    RequestForm,
    WordingForm,
)
from .models import (
    AGREEMENT_PDF,
    PROGRAMME_PDF,
    DutyConsent,
    PersonalisedProgramme,
    Situation,
    SupplementaryAgreement,
)


@tenant_view(permission="pairs.view")
def bank(request, org_slug):
    """The bank of mentee teachers and the teacher pairs with their programmes."""
    return render(
        request,
        "teachers/bank.html",
        {
            "teachers": selectors.teacher_bank(),
            "pairs": selectors.teacher_pairs(),
            "to_profile": selectors.teachers_to_profile()[:200],
            "can_manage": request_has_permission(request, "pairs.manage"),
        },
    )


@tenant_view(permission="pairs.manage")
def profile_edit(request, org_slug, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, anonymised_at__isnull=True)
    profile = getattr(participant, "teacher_profile", None)
    initial = (
        {name: getattr(profile, name) for name in ProfileForm.base_fields} if profile is not None else {}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.teacher_profile_save(participant=participant, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The teacher's profile is saved."))
            return redirect("teachers:bank", org_slug=org_slug)
    return render(
        request,
        "teachers/profile.html",
        {
            "participant": participant,
            "form": form,
            "request_form": RequestForm(),
            "requests": participant.professional_requests.all(),
            "questionnaire_requests": selectors.questionnaire_requests(participant),
        },
    )


@require_POST
@tenant_view(permission="pairs.manage")
@idempotent
def request_add(request, org_slug, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, anonymised_at__isnull=True)
    form = RequestForm(request.POST)
    if form.is_valid():
        services.professional_request_add(participant=participant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The request is added."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("teachers:profile", org_slug=org_slug, participant_id=participant.pk)


@require_POST
@tenant_view(permission="pairs.manage")
def requests_import(request, org_slug, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, anonymised_at__isnull=True)
    added = services.requests_from_questionnaire(participant=participant, actor=request.user)
    messages.success(request, _("Requests taken from the questionnaire: %(n)s.") % {"n": added})
    return redirect("teachers:profile", org_slug=org_slug, participant_id=participant.pk)


# Consents and agreements


def _consent(duty_consent_id) -> DutyConsent:
    return get_object_or_404(DutyConsent.objects.select_related("mentor"), pk=duty_consent_id)


@tenant_view(permission="pairs.view")
def consent_list(request, org_slug):
    consents = DutyConsent.objects.select_related("mentor", "agreement").order_by(
        "mentor__last_name", "-starts_on"
    )
    return render(
        request,
        "teachers/consents.html",
        {"consents": consents, "can_manage": request_has_permission(request, "pairs.manage")},
    )


@tenant_view(permission="pairs.manage")
@idempotent
def consent_create(request, org_slug):
    form = DutyConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.duty_consent_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("teachers:consent", org_slug=org_slug, duty_consent_id=consent.pk)
    return render(request, "teachers/consent_create.html", {"form": form})


@tenant_view(permission="pairs.view")
def consent_detail(request, org_slug, duty_consent_id):
    consent = _consent(duty_consent_id)
    agreement = SupplementaryAgreement.objects.filter(consent=consent).first()
    return render(
        request,
        "teachers/consent_detail.html",
        {
            "consent": consent,
            "agreement": agreement,
            "document": latest_document(agreement, AGREEMENT_PDF) if agreement else None,
            "end_form": EndEarlyForm(),
            "can_manage": request_has_permission(request, "pairs.manage"),
        },
    )


@tenant_view(permission="pairs.view")
def consent_scan(request, org_slug, duty_consent_id):
    """The signed copy, for the organisation's own people only (private storage)."""
    consent = _consent(duty_consent_id)
    if not consent.document:
        raise Http404
    consent.log("duty_consent.document_downloaded", actor=request.user)
    return stored_file_response(consent.document)


@require_POST
@tenant_view(permission="pairs.manage")
def agreement_generate(request, org_slug, duty_consent_id):
    consent = _consent(duty_consent_id)
    agreement = services.agreement_create(consent=consent, actor=request.user)
    if request.htmx:
        document = latest_document(agreement, AGREEMENT_PDF)
        return render(request, "documents/_status.html", {"document": document})
    messages.success(
        request,
        _("The supplementary agreement № %(number)s is being generated.") % {"number": agreement.number},
    )
    return redirect("teachers:consent", org_slug=org_slug, duty_consent_id=consent.pk)


@require_POST
@tenant_view(permission="pairs.manage")
def consent_end(request, org_slug, duty_consent_id):
    consent = _consent(duty_consent_id)
    form = EndEarlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            services.duty_consent_end_early(consent=consent, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("The early end is recorded; the mentor's teacher pairs are ended."))
    return redirect("teachers:consent", org_slug=org_slug, duty_consent_id=consent.pk)


@tenant_view(permission="pairs.manage")
def wording_edit(request, org_slug):
    form = WordingForm(request.POST or None, initial=services.agreement_wording(request.organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_wording_save(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The wording of the agreement is saved."))
            return redirect("teachers:consents", org_slug=org_slug)
    return render(request, "teachers/wording.html", {"form": form})


@tenant_view(permission="pairs.manage")
def programme_templates(request, org_slug):
    """The organisation's templates of personalised programmes, one per situation; a new draft
    starts from the template of its mentee's situation."""
    situation = request.POST.get("situation") or request.GET.get("situation") or Situation.YOUNG_SPECIALIST
    if situation not in Situation.values:
        raise Http404
    template = selectors.programme_template(request.organization, situation)
    initial = {
        **template,
        "situation": situation,
        "forms": "\n".join(template["forms"]),
        "results": "\n".join(template["results"]),
    }
    form = ProgrammeTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_template_save(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The template is saved: new drafts start from it."))
            return redirect(
                f"{reverse('teachers:programme_templates', args=[org_slug])}?situation={situation}"
            )
    return render(
        request,
        "teachers/programme_templates.html",
        {"form": form, "situation": situation, "situations": Situation.choices},
    )


# A mentor's own consents


@tenant_view(permission="pairs.own")
def my_consents(request, org_slug):
    consents = list(DutyConsent.objects.filter(mentor__account=request.user).select_related("agreement"))
    agreements = [consent.agreement for consent in consents if getattr(consent, "agreement", None)]
    ready = selectors.agreements_ready(agreements)
    for consent in consents:
        consent.agreement_ready = (
            getattr(consent, "agreement", None) is not None and consent.agreement.pk in ready
        )
    return render(request, "teachers/my_consents.html", {"consents": consents})


@tenant_view(permission="pairs.own")
def my_agreement(request, org_slug, duty_consent_id):
    """The mentor's own supplementary agreement, once generated: theirs only, else 404."""
    consent = get_object_or_404(
        DutyConsent.objects.select_related("agreement"), pk=duty_consent_id, mentor__account=request.user
    )
    agreement = getattr(consent, "agreement", None)
    document = latest_document(agreement, AGREEMENT_PDF) if agreement else None
    return document_file_response(request, document)


@require_POST
@tenant_view(permission="pairs.own")
def my_consent_confirm(request, org_slug, duty_consent_id):
    consent = get_object_or_404(DutyConsent, pk=duty_consent_id, mentor__account=request.user)
    try:
        services.duty_consent_confirm(consent=consent, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Your consent is confirmed."))
    return redirect("teachers:my_consents", org_slug=org_slug)


# The personalised programme (ППН)


def _pair(pair_id) -> Pair:
    return get_object_or_404(
        Pair.objects.select_related("programme__form", "mentor"),
        pk=pair_id,
        programme__form__name=selectors.TEACHER_FORM,
    )


def _programme_page(org_slug, pair):
    return redirect("teachers:programme", org_slug=org_slug, pair_id=pair.pk)


@tenant_view(permission="pairs.view")
def programme_detail(request, org_slug, pair_id):
    pair = _pair(pair_id)
    programme = PersonalisedProgramme.objects.filter(pair=pair).select_related("approved_by").first()
    return render(
        request,
        "teachers/programme_detail.html",
        {
            "pair": pair,
            "mentees": [m.mentee for m in pair.members.select_related("mentee") if m.left_at is None],
            "programme": programme,
            "document": latest_document(programme, PROGRAMME_PDF) if programme else None,
            "draft_form": ProgrammeDraftForm(initial={"situation": programme.situation if programme else ""}),
            "can_manage": request_has_permission(request, "pairs.manage"),
            "can_approve": request_has_permission(request, "orders.approve"),
            "problems": selectors.pairs_without_duty_consent([pair]).get(pair.pk, []),
        },
    )


@require_POST
@tenant_view(permission="pairs.manage")
def programme_draft(request, org_slug, pair_id):
    pair = _pair(pair_id)
    form = ProgrammeDraftForm(request.POST)
    situation = form.cleaned_data["situation"] if form.is_valid() else None
    try:
        services.programme_draft(pair=pair, actor=request.user, situation=situation or None)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    else:
        messages.success(
            request, _("The programme is drafted from the pair's plan and requests: check and edit it.")
        )
    return _programme_page(org_slug, pair)


@csp_update({"style-src-attr": ["'unsafe-hashes'", EDITOR_SCROLL_MARKER_STYLE]})
@tenant_view(permission="pairs.manage")
def programme_edit(request, org_slug, pair_id):
    pair = _pair(pair_id)
    programme = get_object_or_404(PersonalisedProgramme, pair=pair)
    if programme.status == PersonalisedProgramme.Status.APPROVED:
        messages.error(request, _("An approved programme cannot be changed."))
        return _programme_page(org_slug, pair)
    form = ProgrammeEditForm(request.POST or None, initial={"title": programme.title, "body": programme.body})
    if request.method == "POST" and form.is_valid():
        services.programme_update(programme=programme, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The programme is saved."))
        return _programme_page(org_slug, pair)
    return render(
        request, "teachers/programme_edit.html", {"pair": pair, "programme": programme, "form": form}
    )


@require_POST
@tenant_view(permission="orders.approve")
def programme_approve(request, org_slug, pair_id):
    pair = _pair(pair_id)
    programme = get_object_or_404(PersonalisedProgramme, pair=pair)
    try:
        services.programme_approve(programme=programme, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request, validation_error_text(error) if isinstance(error, ValidationError) else str(error)
        )
    else:
        messages.success(request, _("The programme is approved."))
    return _programme_page(org_slug, pair)


@require_POST
@tenant_view(permission="pairs.view")
def programme_pdf(request, org_slug, pair_id):
    pair = _pair(pair_id)
    programme = get_object_or_404(PersonalisedProgramme, pair=pair)
    document = document_request(subject=programme, kind=PROGRAMME_PDF, actor=request.user)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    return _programme_page(org_slug, pair)
