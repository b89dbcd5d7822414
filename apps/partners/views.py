"""Partner pages of an organisation (/o/<org_slug>/partners/) and the committee's list of its
municipality's partners (/m/<municipality_slug>/partners/, no person on it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import tenant_view

from . import selectors, services
from .forms import AgreementForm, PartnerForm, StatusFilterForm
from .models import Status
from .selectors import NO_AGREEMENT


@tenant_view(permission="partners.view")
def partner_list(request, org_slug):
    # The filter names a status, never a person: it may stay in the URL.
    status_form = StatusFilterForm(request.GET or None)
    status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
    partners = list(selectors.organization_partners(request.organization, status=status))
    return render(
        request,
        "partners/list.html",
        {
            "partners": partners,
            "status_form": status_form,
            "status": status,
            "status_labels": {**dict(Status.choices), NO_AGREEMENT: _("No agreement")},
            "can_manage": request_has_permission(request, "partners.manage"),
        },
    )


@tenant_view(permission="partners.manage")
@idempotent
def partner_create(request, org_slug):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partner organisation is added. Now add its agreement."))
            return redirect("partners:detail", org_slug=org_slug, partner_id=partner.pk)
    return render(request, "partners/form.html", {"form": form, "partner": None})


@tenant_view(permission="partners.view")
def partner_detail(request, org_slug, partner_id):
    partner = selectors.organization_partner(request.organization, partner_id)
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            "agreements": selectors.partner_agreements(partner),
            "people": selectors.partner_people(partner),
            "today": timezone.localdate(),
            "can_manage": request_has_permission(request, "partners.manage"),
            "can_open_people": request_has_permission(request, "participants.view"),
        },
    )


@tenant_view(permission="partners.manage")
def partner_edit(request, org_slug, partner_id):
    partner = selectors.organization_partner(request.organization, partner_id)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.partner_update(partner=partner, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The partner's details are saved."))
            return redirect("partners:detail", org_slug=org_slug, partner_id=partner.pk)
    return render(request, "partners/form.html", {"form": form, "partner": partner})


@tenant_view(permission="partners.manage")
@idempotent
def agreement_create(request, org_slug, partner_id):
    partner = selectors.organization_partner(request.organization, partner_id)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_create(partner=partner, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement is added."))
            return redirect("partners:detail", org_slug=org_slug, partner_id=partner.pk)
    return render(
        request, "partners/agreement_form.html", {"form": form, "partner": partner, "agreement": None}
    )


@tenant_view(permission="partners.manage")
def agreement_edit(request, org_slug, partner_id, agreement_id):
    partner = selectors.organization_partner(request.organization, partner_id)
    agreement = selectors.partner_agreement(partner, agreement_id)
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scan = data.pop("scan", None)
        try:
            services.agreement_update(
                agreement=agreement,
                actor=request.user,
                scan=scan if hasattr(scan, "content_type") else None,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect("partners:detail", org_slug=org_slug, partner_id=partner.pk)
    return render(
        request, "partners/agreement_form.html", {"form": form, "partner": partner, "agreement": agreement}
    )


@tenant_view(permission="partners.view")
def agreement_scan(request, org_slug, partner_id, agreement_id):
    partner = selectors.organization_partner(request.organization, partner_id)
    agreement = selectors.partner_agreement(partner, agreement_id)
    if not agreement.scan:
        raise Http404
    partner.log("partner.agreement_scan_downloaded", actor=request.user, target=agreement)
    return stored_file_response(agreement.scan, filename=agreement.scan_name)


@tenant_view(permission="partners.view")
def committee_partner_list(request, municipality_slug):
    rows = selectors.municipality_partners(request.municipality)
    return render(request, "partners/committee_list.html", {"rows": rows})
