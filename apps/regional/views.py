"""The regional centre's pages (/r/<region_slug>/: the municipalities in aggregate, the region's
monitoring forms and their indicators) and the committee's form for its municipality
(/m/<municipality_slug>/regional-forms/: its numbers, its analytical note, the PDF)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.services import log_action
from apps.core.idempotency import idempotent
from apps.documents.services import document_request, latest_document
from apps.monitoring.periods import parse_period, quarter_of, report_as_of
from apps.organizations.models import Municipality
from apps.organizations.views_base import form_errors_text, tenant_view

from . import selectors, services
from .counts import COUNTS
from .documents import KIND
from .export import form_workbook
from .forms import IndicatorForm, IndicatorSetForm, NoteForm
from .models import FormNote, Indicator, IndicatorSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request):
    """The period asked for (?period=2026-Q4 or 2026), else the running quarter."""
    text = request.GET.get("period") or quarter_of(timezone.localdate())
    try:
        return parse_period(text)
    except ValueError:
        messages.error(request, _("A period is YYYY-Qn, YYYY or an academic year YYYY/YY."))
        return parse_period(quarter_of(timezone.localdate()))


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The regional centre


@tenant_view(permission="region.view")
def region_dashboard(request, region_slug):
    today = timezone.localdate()
    overview = selectors.region_overview(request.region, today)
    sets = IndicatorSet.objects.filter(region=request.region)
    return render(request, "regional/dashboard.html", {"overview": overview, "as_of": today, "sets": sets})


@require_POST
@tenant_view(permission="region.forms")
@idempotent
def set_create_default(request, region_slug):
    indicator_set = services.indicator_set_create_default(region=request.region, actor=request.user)
    messages.success(
        request, _("The federal set of indicators is copied: edit it to the region's regulation.")
    )
    return redirect("region:form", region_slug=region_slug, set_id=indicator_set.pk)


@tenant_view(permission="region.view")
def region_form(request, region_slug, set_id):
    indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=request.region)
    period = _period(request)
    municipalities = list(Municipality.objects.filter(parent_region=request.region).order_by("name"))
    data = selectors.form_values(
        indicator_set, municipalities, period, report_as_of(period, timezone.localdate())
    )
    return render(request, "regional/form.html", {"data": data, "counts": COUNTS})


@tenant_view(permission="region.view")
def region_form_export(request, region_slug, set_id):
    indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=request.region)
    period = _period(request)
    municipalities = list(Municipality.objects.filter(parent_region=request.region).order_by("name"))
    data = selectors.form_values(
        indicator_set, municipalities, period, report_as_of(period, timezone.localdate())
    )
    log_action(
        organization=None,
        municipality=None,
        region=request.region,
        actor=request.user,
        action="regional.form_exported",
        target=indicator_set,
        data={"period": period.label},
    )
    return _xlsx(
        form_workbook(owner_name=request.region.centre_name, data=data),
        f"form-{region_slug}-{period.label}.xlsx",
    )


@tenant_view(permission="region.forms")
def set_edit(request, region_slug, set_id):
    indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=request.region)
    form = IndicatorSetForm(request.POST or None, instance=IndicatorSet.objects.get(pk=indicator_set.pk))
    if request.method == "POST" and form.is_valid():
        services.indicator_set_update(indicator_set=indicator_set, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The form is saved."))
        return redirect("region:form", region_slug=region_slug, set_id=set_id)
    return render(request, "regional/set_edit.html", {"form": form, "indicator_set": indicator_set})


@tenant_view(permission="region.forms")
@idempotent
def indicator_add(request, region_slug, set_id):
    indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=request.region)
    return _indicator_page(request, indicator_set, None)


@tenant_view(permission="region.forms")
def indicator_edit(request, region_slug, set_id, indicator_id):
    indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=request.region)
    indicator = get_object_or_404(Indicator, pk=indicator_id, indicator_set=indicator_set)
    return _indicator_page(request, indicator_set, indicator)


def _indicator_page(request, indicator_set, indicator):
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        services.indicator_save(
            indicator_set=indicator_set, indicator=indicator, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The indicator is saved."))
        return redirect("region:form", region_slug=request.region.slug, set_id=indicator_set.pk)
    if request.method == "POST":
        messages.error(request, form_errors_text(form))
    return render(
        request,
        "regional/indicator_edit.html",
        {"form": form, "indicator_set": indicator_set, "indicator": indicator, "counts": COUNTS},
    )


@require_POST
@tenant_view(permission="region.forms")
def indicator_delete(request, region_slug, set_id, indicator_id):
    indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=request.region)
    indicator = get_object_or_404(Indicator, pk=indicator_id, indicator_set=indicator_set)
    services.indicator_delete(indicator=indicator, actor=request.user)
    messages.success(request, _("The indicator is removed from the form."))
    return redirect("region:form", region_slug=region_slug, set_id=set_id)


# The committee: its municipality's column of the region's form


def _committee_set(request, set_id) -> IndicatorSet:
    """A form of the municipality's own region; any other set is a 404."""
    region_id = request.municipality.parent_region_id
    if region_id is None:
        raise Http404
    return get_object_or_404(IndicatorSet, pk=set_id, region_id=region_id)


@tenant_view(permission="committee.view")
def committee_forms(request, municipality_slug):
    """The region's forms this committee reports in (none when it belongs to no region)."""
    region_id = request.municipality.parent_region_id
    sets = IndicatorSet.objects.filter(region_id=region_id) if region_id else IndicatorSet.objects.none()
    return render(request, "regional/committee_forms.html", {"sets": sets})


@tenant_view(permission="committee.view")
def committee_form(request, municipality_slug, set_id):
    indicator_set = _committee_set(request, set_id)
    period = _period(request)
    municipality = request.municipality
    note = FormNote.objects.filter(
        organization=None, municipality=municipality, indicator_set=indicator_set, period=period.label
    ).first()
    form = NoteForm(request.POST or None, initial={"note": note.note if note else ""})
    if request.method == "POST":
        if form.is_valid():
            note = services.form_note_save(
                municipality=municipality,
                indicator_set=indicator_set,
                period=period.label,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            if "pdf" in request.POST:
                document_request(subject=note, kind=KIND, actor=request.user)
                messages.success(request, _("The form is being generated as PDF."))
            else:
                messages.success(request, _("The analytical note is saved."))
            return redirect(
                reverse("committee_regional:form", args=[municipality_slug, set_id])
                + f"?period={period.label}"
            )
        messages.error(request, form_errors_text(form))
    data = selectors.form_values(
        indicator_set, [municipality], period, report_as_of(period, timezone.localdate())
    )
    document = latest_document(note, KIND) if note else None
    return render(
        request,
        "regional/committee_form.html",
        {"data": data, "form": form, "note": note, "document": document},
    )


@tenant_view(permission="committee.view")
def committee_form_export(request, municipality_slug, set_id):
    indicator_set = _committee_set(request, set_id)
    period = _period(request)
    municipality = request.municipality
    data = selectors.form_values(
        indicator_set, [municipality], period, report_as_of(period, timezone.localdate())
    )
    log_action(
        organization=None,
        municipality=municipality,
        actor=request.user,
        action="regional.form_exported",
        target=indicator_set,
        data={"period": period.label},
    )
    return _xlsx(
        form_workbook(owner_name=municipality.committee_name, data=data),
        f"form-{municipality_slug}-{period.label}.xlsx",
    )
