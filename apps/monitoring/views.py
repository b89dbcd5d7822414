"""Monitoring pages: the organisation's dashboard and the lists behind its targets, the
committee's dashboard of its organisations (aggregates only) with its xlsx export, and the
reports of both as PDF."""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.services import log_action
from apps.core.academic_year import academic_year_of
from apps.core.links import address_of_each
from apps.documents.services import latest_document
from apps.organizations.scoping import owner_of, request_has_permission, tenant_url
from apps.organizations.views_base import form_errors_text, tenant_view

from . import drilldown, selectors, services
from .export import committee_workbook
from .forms import HeadcountForm, ReportForm, YearChoiceForm
from .models import Headcount, MonitoringReport
from .periods import comparison_day, quarter_of
from .targets import TARGETS_BY_CODE


@tenant_view(permission="monitoring.view")
def dashboard(request, org_slug):
    today = timezone.localdate()
    data = selectors.organization_dashboard(request.organization, today)
    return render(request, "monitoring/dashboard.html", {"data": data, "as_of": today})


@tenant_view(permission="monitoring.view")
def target_detail(request, org_slug, code):
    """The list behind a target, inside the organisation: who or what is missing."""
    target = TARGETS_BY_CODE.get(code)
    if target is None:
        raise Http404
    rows = drilldown.rows_for(code, request.organization, timezone.localdate())
    return render(request, "monitoring/target.html", {"target": target, "rows": rows})


@tenant_view(permission="monitoring.headcount")
def headcount(request, org_slug):
    year = academic_year_of(timezone.localdate())
    instance = Headcount.objects.filter(organization=request.organization, academic_year=year).first()
    form = HeadcountForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.headcount_save(
            organization=request.organization, academic_year=year, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The numbers are saved."))
        return redirect("monitoring:dashboard", org_slug=org_slug)
    return render(request, "monitoring/headcount.html", {"form": form, "year": year})


@tenant_view(permission="monitoring.reports")
def reports(request, **tenant):
    """Reports of the tenant, organisation or committee: generate one, download the PDFs."""
    owner = owner_of(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.report_request(owner=owner, period=form.cleaned_data["period"], actor=request.user)
            messages.success(request, _("The report is being generated."))
        else:
            messages.error(request, form_errors_text(form))
        return redirect(tenant_url(owner, "monitoring:reports"))
    own = (
        MonitoringReport.objects.filter(
            organization=request.organization, municipality=request.organization.municipality
        )
        if request.organization
        else MonitoringReport.objects.filter(organization=None, municipality=owner)
    )
    items = [(report, latest_document(report, services.REPORT_KIND)) for report in own[:40]]
    return render(request, "monitoring/reports.html", {"form": form, "items": items})


def _committee_year(request):
    """The committee's organisations in the academic year chosen (this one by default), each
    target against another year (the last by default)."""
    today = timezone.localdate()
    choice = YearChoiceForm(request.GET or None, today=today)
    year, against = choice.years()
    as_of = comparison_day(year, today)
    overview = selectors.committee_overview(request.municipality, as_of)
    ids = [row["organization"].pk for row in overview["rows"]]
    comparison = selectors.year_on_year(ids, year, against, today, current=overview["numbers"])
    return choice, as_of, overview, comparison


# Rendering a row of each of the dashboard's tables per organisation was nearly all of its time
# at 1,000 organisations (bench/bench_committee.py): a page of them is what a person reads.
ORGANIZATIONS_PER_PAGE = 50


@tenant_view(permission="committee.view")
def committee_dashboard(request, municipality_slug):
    today = timezone.localdate()
    choice = YearChoiceForm(request.GET or None, today=today)
    if choice.is_bound and not choice.is_valid():
        messages.error(request, form_errors_text(choice))
    year, against = choice.years()
    # The municipality's totals count every organisation, in SQL; its tables show a page of them.
    data = selectors.committee_dashboard(
        request.municipality, year, against, today, request.GET.get("page"), ORGANIZATIONS_PER_PAGE
    )
    # The hourly snapshot of the breakdowns: no per-participant work on the page.
    counts = selectors.municipality_breakdowns(
        data["ids"], data["as_of"], today, municipality_id=request.municipality.pk
    )
    # Each row's link to the organisation's aggregate page, for the year chosen: one reverse.
    link = address_of_each(
        "committee_monitoring:organization", by="organization_slug", municipality_slug=municipality_slug
    )
    year_query = ""
    if request.GET.get("year"):
        year_query = "?" + "&".join(
            f"{key}={quote(request.GET.get(key, ''), safe='/')}" for key in ("year", "against")
        )
    for row in data["overview"]["rows"]:
        row["url"] = link(row["organization"].slug) + year_query
    context = {
        "overview": data["overview"],
        "rows": data["overview"]["rows"],
        "page": data["page"],
        "comparison": data["comparison"],
        "choice": choice,
        "as_of": data["as_of"],
        "breakdowns": counts["labelled"],
        "pupils_share": counts["pupils_share"],
        "breakdowns_counted_at": counts["counted_at"],
        "breakdowns_recorded": counts["recorded"],
    }
    return render(request, "monitoring/committee.html", context)


@tenant_view(permission="committee.view")
def committee_organization(request, municipality_slug, organization_slug):
    """One organisation of the municipality in aggregate: numbers, never a person."""
    organization = get_object_or_404(
        request.municipality.organizations.filter(is_active=True), slug=organization_slug
    )
    today = timezone.localdate()
    choice = YearChoiceForm(request.GET or None, today=today)
    if choice.is_bound and not choice.is_valid():
        messages.error(request, form_errors_text(choice))
    year, against = choice.years()
    data = selectors.organization_aggregate(organization, year, against, today)
    context = {
        "organization": organization,
        "data": data,
        "choice": choice,
        # The committee's roadmap items are assigned from here as from the roadmap's page.
        "can_assign": request_has_permission(request, "roadmap.manage"),
    }
    return render(request, "monitoring/committee_organization.html", context)


@tenant_view(permission="committee.view")
def committee_export(request, municipality_slug):
    """The dashboard as xlsx, for the year chosen on it, with the year on year."""
    _choice, as_of, overview, comparison = _committee_year(request)
    ids = [row["organization"].pk for row in overview["rows"]]
    counts = selectors.municipality_breakdowns(
        ids, as_of, timezone.localdate(), municipality_id=request.municipality.pk
    )
    content = committee_workbook(
        request.municipality, overview, as_of, comparison, breakdowns=counts if counts["counted_at"] else None
    )
    log_action(
        organization=None,
        municipality=request.municipality,
        actor=request.user,
        action="monitoring.exported",
        data={"as_of": as_of.isoformat()},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="monitoring-{municipality_slug}-{as_of}.xlsx"'
    return response


@require_POST
@tenant_view(permission="monitoring.reports")
def report_generate(request, **tenant):
    """The current quarter's report, in one click from a dashboard."""
    owner = owner_of(request)
    services.report_request(owner=owner, period=quarter_of(timezone.localdate()), actor=request.user)
    messages.success(request, _("The report is being generated."))
    return redirect(tenant_url(owner, "monitoring:reports"))
