"""The curator's publishing pages at /o/<org_slug>/public/: the section's settings, news,
documents, the roadmap shown and winners' consents to publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.idempotency import idempotent
from apps.organizations.scoping import tenant_url
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text

from . import services
from .forms import DocumentForm, NewsForm, RoadmapPublishForm, SectionForm, WinnerConsentForm
from .models import NewsItem, PublicDocument, PublicSection, WinnerConsent


def _back(request):
    return redirect(tenant_url(request.organization, "public_admin:section"))


@tenant_view(permission="public.manage")
def section(request, **tenant):
    organization = request.organization
    # Created by the first save (section_update), not by opening the page.
    section = PublicSection.objects.filter(organization=organization).first() or PublicSection(
        organization=organization
    )
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The section is saved."))
            return _back(request)
    winners = list(services.winners(organization))
    consents = {c.nominee_id: c for c in WinnerConsent.objects.filter(nominee__in=winners)}
    for winner in winners:
        winner.publication_consent = consents.get(winner.pk)
    return render(
        request,
        "public/admin/section.html",
        {
            "section": section,
            "form": form,
            "news": list(NewsItem.objects.filter(organization=organization).order_by("-published_on", "-pk")),
            "documents": list(
                PublicDocument.objects.filter(organization=organization)
                .select_related("order")
                .order_by("-pk")
            ),
            "roadmap_form": RoadmapPublishForm(
                organization=organization, initial={"roadmap": section.roadmap_id}
            ),
            "winners": winners,
            "consent_form": WinnerConsentForm(),
        },
    )


@tenant_view(permission="public.manage")
@idempotent
def news_create(request, **tenant):
    form = NewsForm(request.POST or None, instance=NewsItem(organization=request.organization))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.news_create(
                organization=request.organization,
                actor=request.user,
                title=data["title"],
                text=data["text"],
                published_on=data["published_on"],
                about_results=data["about_results"],
                publish=data["publish"],
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The news item is saved."))
            return _back(request)
    return render(request, "public/admin/news_form.html", {"form": form, "item": None})


@tenant_view(permission="public.manage")
def news_edit(request, news_id, **tenant):
    item = get_object_or_404(NewsItem, pk=news_id)
    form = NewsForm(request.POST or None, instance=NewsItem.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.news_update(
                item=item,
                actor=request.user,
                title=data["title"],
                text=data["text"],
                published_on=data["published_on"],
                about_results=data["about_results"],
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The news item is saved."))
            return _back(request)
    return render(request, "public/admin/news_form.html", {"form": form, "item": item})


@require_POST
@tenant_view(permission="public.manage")
def news_publish(request, news_id, **tenant):
    item = get_object_or_404(NewsItem, pk=news_id)
    services.news_set_published(item=item, actor=request.user, published=request.POST.get("publish") == "1")
    return _back(request)


@tenant_view(permission="public.manage")
@idempotent
def document_create(request, **tenant):
    organization = request.organization
    form = DocumentForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_create(
                organization=organization,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                published_on=data["published_on"],
                upload=data.get("file"),
                order=data.get("order"),
                publish=data["publish"],
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The document is saved."))
            return _back(request)
    return render(request, "public/admin/document_form.html", {"form": form})


@require_POST
@tenant_view(permission="public.manage")
def document_publish(request, public_document_id, **tenant):
    document = get_object_or_404(PublicDocument, pk=public_document_id)
    services.document_set_published(
        document=document, actor=request.user, published=request.POST.get("publish") == "1"
    )
    return _back(request)


@require_POST
@tenant_view(permission="public.manage")
def roadmap_publish(request, **tenant):
    form = RoadmapPublishForm(request.POST, organization=request.organization)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return _back(request)
    try:
        services.roadmap_publish(
            organization=request.organization, actor=request.user, roadmap=form.cleaned_data["roadmap"]
        )
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    else:
        messages.success(request, _("The roadmap shown in the section is saved."))
    return _back(request)


@require_POST
@tenant_view(permission="public.manage")
def winner_consent(request, nominee_id, **tenant):
    nominee = get_object_or_404(services.winners(request.organization), pk=nominee_id)
    form = WinnerConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return _back(request)
    try:
        services.winner_consent_record(
            nominee=nominee, actor=request.user, signed_on=form.cleaned_data["signed_on"]
        )
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    else:
        messages.success(request, _("The consent is recorded: the name is published."))
    return _back(request)


@require_POST
@tenant_view(permission="public.manage")
def winner_consent_revoke(request, nominee_id, **tenant):
    """The winner withdrew their consent to publication (152-FZ, art. 10.1): the section names
    them no more; a new consent can be recorded later."""
    nominee = get_object_or_404(services.winners(request.organization), pk=nominee_id)
    consent = get_object_or_404(WinnerConsent, nominee=nominee)
    services.winner_consent_revoke(consent=consent, actor=request.user)
    messages.success(request, _("The consent is revoked: the name is no longer published."))
    return _back(request)
