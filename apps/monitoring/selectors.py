"""Dashboards' data: targets, pairs, meetings, satisfaction, roadmap progress; every figure
from grouped SQL, so that a page costs the same for 10 organisations or 100."""

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.text import Truncator

from apps.assignments.selectors import organization_items
from apps.organizations.models import Organization
from apps.pairs.models import Meeting, MeetingFeedback, Pair
from apps.roadmap.models import Activity
from apps.roadmap.selectors import covering, owner_roadmaps, percent, progress_counts, stage_progress
from apps.surveys.selectors.anonymity import anonymous_average
from apps.surveys.selectors.satisfaction import satisfaction_by_organization, scores_by_kind
from apps.teachers.selectors import experience_breakdown

from . import breakdowns, charts, targets
from .models import BreakdownSnapshot, MunicipalitySnapshot, TargetSnapshot
from .periods import academic_year, comparison_day, last_quarters, quarter_of, year_earlier

# Two years of quarters: this academic year beside the last one.
TREND_QUARTERS = 8
# The quarters a municipality's snapshot keeps summed: a trend, read from the running quarter
# or from the same quarter of last year (the year chosen on the dashboard), and a year before it.
STORED_QUARTERS = TREND_QUARTERS + 4
# A chart's axis gives a label about a third of the card: longer stage titles are cut.
STAGE_LABEL_CHARS = 32


def satisfaction(organization_ids: list[int], since=None, until=None) -> dict[int, dict]:
    """Per organisation: responses and the average score, withheld under the anonymity
    threshold of the surveys."""
    found = satisfaction_by_organization(organization_ids, since=since, until=until)
    return {
        pk: {**row, "average": anonymous_average(row["responses"], row["average"])}
        for pk, row in found.items()
    }


def satisfaction_of_the_year(organization_ids: list[int], as_of: date, today: date) -> dict[int, dict]:
    """The satisfaction of the academic year up to `as_of`, as `satisfaction`. Today's is read
    from the hourly recount's snapshot (`services.snapshots_take`): averaging every scale
    answer of a municipality's surveys (300,000 in the load test, 140 ms) was the committee
    dashboard's largest query. Counted live for an organisation not recounted yet this
    academic year, and for any other day."""
    since = targets.academic_year_start(as_of)
    if as_of != today:
        return satisfaction(organization_ids, since=since, until=as_of)
    found = {}
    rows = BreakdownSnapshot.objects.filter(
        organization_id__in=organization_ids, period=quarter_of(today)
    ).values_list("organization_id", "satisfaction")
    for org, stored in rows:
        # A quarter spans 1 September: last year's figure is not this year's.
        if stored and stored["since"] == since.isoformat():
            found[org] = {"responses": stored["responses"], "average": stored["average"]}
    missing = [org for org in organization_ids if org not in found]
    if missing:
        found |= satisfaction(missing, since=since, until=as_of)
    return found


def pairs_by_form_and_status(organization) -> dict:
    """A table of pairs and groups: a row per form of mentoring, a column per status found."""
    counts = {
        (row["programme__form__name"] or "—", row["status"]): row["count"]
        for row in Pair.objects.filter(organization=organization)
        .values("programme__form__name", "status")
        .annotate(count=Count("pk"))
        .order_by()
    }
    found = {status for _form, status in counts}
    statuses = [status for status in Pair.Status if status in found]
    rows = [
        {"form": form, "counts": [counts.get((form, s), 0) for s in statuses]}
        for form in sorted({key[0] for key in counts})
    ]
    for row in rows:
        row["total"] = sum(row["counts"])
    return {"statuses": statuses, "rows": rows, "total": sum(counts.values())}


def meetings_by_month(organization, since: date, as_of: date) -> list[dict]:
    """Meetings held and feedback given per month, from the month of `since` to `as_of`."""
    since = since.replace(day=1)
    meetings = dict(
        Meeting.objects.filter(organization=organization, held_on__gte=since, held_on__lte=as_of)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    feedback = dict(
        MeetingFeedback.objects.filter(
            organization=organization, meeting__held_on__gte=since, meeting__held_on__lte=as_of
        )
        .annotate(month=TruncMonth("meeting__held_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    rows, month = [], since
    while month <= as_of:
        rows.append({"month": month, "meetings": meetings.get(month, 0), "feedback": feedback.get(month, 0)})
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return rows


def roadmap_progress(organization, as_of: date) -> dict | None:
    roadmap = covering(owner_roadmaps(organization), targets.academic_year_of(as_of)).first()
    if roadmap is None:
        return None
    counts = progress_counts(Activity.objects.filter(roadmap=roadmap), as_of)
    progress = stage_progress(roadmap, as_of)
    empty = {"total": 0, "done": 0, "overdue": 0}
    return {
        "roadmap": roadmap,
        **counts,
        "done_percent": percent(counts["done"], counts["total"]),
        "stages": [
            {**empty, **progress.get(stage.pk, {}), "label": Truncator(str(stage)).chars(STAGE_LABEL_CHARS)}
            for stage in roadmap.stages.all()
        ],
    }


def organization_dashboard(organization, as_of: date, since: date | None = None) -> dict:
    """The organisation's figures on `as_of`; meetings by month and survey answers count from
    `since` (by default the start of the academic year)."""
    since = since or targets.academic_year_start(as_of)
    numbers = targets.compute([organization.pk], as_of)[organization.pk]
    pairs = pairs_by_form_and_status(organization)
    meetings = meetings_by_month(organization, since, as_of)
    roadmap = roadmap_progress(organization, as_of)
    quarters = last_quarters(as_of, TREND_QUARTERS)
    trend = trends([organization.pk], as_of).get(organization.pk, {})
    return {
        "targets": targets.values_of(numbers),
        "final_event_measured": bool(targets.final_event_measured([organization.pk], as_of)),
        "pairs": pairs,
        "meetings": meetings,
        "satisfaction": scores_by_kind(organization.pk, since=since, until=as_of),
        "since": since,
        "roadmap": roadmap,
        "charts": {
            "meetings": charts.meetings_chart(meetings),
            "pairs": charts.pairs_chart(pairs),
            "roadmap": charts.roadmap_chart(roadmap["stages"]) if roadmap else None,
            "trend": charts.trend_chart(trend, quarters),
        },
    }


def trends(organization_ids: list[int], as_of: date) -> dict[int, dict[str, list]]:
    """Per organisation and target: the percentages of the last quarters (None where unknown)."""
    quarters = last_quarters(as_of, TREND_QUARTERS)
    # Plain tuples: 1,000 organisations' eight quarters are 56,000 rows, too many for models.
    rows = TargetSnapshot.objects.filter(
        organization_id__in=organization_ids, period__in=quarters
    ).values_list("organization_id", "code", "period", "numerator", "denominator")
    found = {
        (org, code, period): percent(numerator, denominator)
        for org, code, period, numerator, denominator in rows
    }
    return {
        org: {t.code: [found.get((org, t.code, q)) for q in quarters] for t in targets.TARGETS}
        for org in organization_ids
    }


def total_trends(organization_ids: list[int], as_of: date) -> dict[str, list]:
    """The municipality's percentages per quarter: summed numerators over summed denominators."""
    quarters = last_quarters(as_of, TREND_QUARTERS)
    rows = (
        TargetSnapshot.objects.filter(organization_id__in=organization_ids, period__in=quarters)
        .values("code", "period")
        .annotate(numerator=Sum("numerator"), denominator=Sum("denominator"))
    )
    found = {(r["code"], r["period"]): percent(r["numerator"], r["denominator"]) for r in rows}
    return {t.code: [found.get((t.code, q)) for q in quarters] for t in targets.TARGETS}


def current_numbers(organization_ids: list[int], as_of: date) -> tuple[dict, object]:
    """The running quarter's snapshot (refreshed hourly), counted afresh only for an
    organisation that has none yet. Returns the numbers and when the oldest was taken."""
    numbers, taken = {}, []
    rows = TargetSnapshot.objects.filter(
        organization_id__in=organization_ids, period=quarter_of(as_of)
    ).values_list("organization_id", "code", "numerator", "denominator", "taken_at")
    for org, code, numerator, denominator, taken_at in rows:
        numbers.setdefault(org, {})[code] = (numerator, denominator)
        taken.append(taken_at)
    missing = [org for org in organization_ids if len(numbers.get(org, {})) < len(targets.TARGETS)]
    if missing:
        numbers |= targets.compute(missing, as_of)
    return numbers, (min(taken) if taken and not missing else None)


def committee_overview(municipality, as_of: date) -> dict:
    """The municipality's organisations side by side: names and numbers, nothing personal."""
    organizations = list(municipality.organizations.filter(is_active=True).order_by("short_name"))
    return organizations_overview(organizations, as_of)


def organizations_overview(organizations: list, as_of: date) -> dict:
    """Any list of organisations side by side (a committee's, or a region's pick): numbers
    only, in a constant number of queries whatever the list's length."""
    ids = [o.pk for o in organizations]
    numbers, taken_at = current_numbers(ids, as_of)
    satisfaction_by_org = satisfaction(ids, since=targets.academic_year_start(as_of), until=as_of)
    # The mentoring of teachers, counts only: young specialists with a mentor (the target's
    # numbers, as the table of targets reads them), mentee teachers by years of experience.
    experience = experience_breakdown(ids, as_of)
    rows = [
        {
            "organization": organization,
            "targets": targets.values_of(numbers[organization.pk]),
            "satisfaction": satisfaction_by_org.get(organization.pk),
            "young_specialists": _young_specialists([numbers[organization.pk]]),
            "teacher_experience": experience[organization.pk],
        }
        for organization in organizations
    ]
    total_trend, quarters = total_trends(ids, as_of), last_quarters(as_of, TREND_QUARTERS)
    return {
        "rows": rows,
        "numbers": numbers,
        "totals": targets.totals(numbers),
        "total_trend": total_trend,
        "trend_chart": charts.trend_chart(total_trend, quarters),
        "quarters": quarters,
        "targets": targets.TARGETS,
        "taken_at": taken_at,
        "young_specialists": _young_specialists(numbers.values()),
    }


def snapshot_sums() -> dict:
    """A group of target snapshots summed: how many organisations, the numerators and the
    denominators, the oldest time taken (the municipality's and the region's sums)."""
    return {
        "organizations": Count("pk"),
        "numerator": Sum("numerator"),
        "denominator": Sum("denominator"),
        "taken_at": Min("taken_at"),
    }


def summed_by_period(organization_ids: list[int], periods: list[str]) -> dict[str, dict]:
    """Per period and target code, the snapshots summed in SQL (a few dozen rows back for
    1,000 organisations): numerator, denominator, how many organisations, the oldest time."""
    rows = (
        TargetSnapshot.objects.filter(organization_id__in=organization_ids, period__in=periods)
        .values("period", "code")
        .annotate(**snapshot_sums())
        .order_by()
    )
    found: dict[str, dict] = {period: {} for period in periods}
    for row in rows:
        found[row["period"]][row["code"]] = row
    return found


def summed_by_period_stored(municipality_id, organization_ids: list[int], periods: list[str]) -> dict:
    """`summed_by_period`, read from the municipality's hourly snapshots where they summed
    these very organisations; the other periods summed here."""
    digest = MunicipalitySnapshot.digest_of(organization_ids)
    found: dict[str, dict] = {}
    for period, stored in MunicipalitySnapshot.objects.filter(
        municipality_id=municipality_id, period__in=periods, organizations_digest=digest
    ).values_list("period", "targets"):
        found[period] = {
            code: {
                **numbers,
                "period": period,
                "code": code,
                "taken_at": datetime.fromisoformat(numbers["taken_at"]),
            }
            for code, numbers in stored.items()
        }
    rest = [period for period in periods if period not in found]
    if rest:
        found |= summed_by_period(organization_ids, rest)
    return found


def _pairs(rows: dict) -> dict[str, tuple[int, int]]:
    return {
        t.code: (rows[t.code]["numerator"], rows[t.code]["denominator"]) if t.code in rows else (0, 0)
        for t in targets.TARGETS
    }


def municipality_summary(
    organization_ids: list[int], year: int, against: int, today: date, municipality_id=None
) -> dict:
    """The municipality's figures that count every organisation, summed in SQL from the
    snapshots, as `current_numbers`, `total_trends` and `year_on_year` give them for the
    whole list: the running quarter's totals (an organisation without its full snapshot is
    counted afresh instead, in a constant number of queries), the trend, last year's totals.
    Per organisation only `fresh` (those counted afresh) and `missing`: a page of rows is
    built apart (`organization_rows`). With `municipality_id`, its hourly snapshots are read
    where they summed these organisations (`summed_by_period_stored`)."""
    as_of = comparison_day(year, today)
    quarter = quarter_of(as_of)
    earlier = year_earlier(quarter, year - against)
    quarters = last_quarters(as_of, TREND_QUARTERS)
    periods = list(dict.fromkeys([*quarters, quarter, earlier]))
    if municipality_id is None:
        found = summed_by_period(organization_ids, periods)
    else:
        found = summed_by_period_stored(municipality_id, organization_ids, periods)
    current = found[quarter]
    missing = []
    if organization_ids and any(
        current.get(t.code, {}).get("organizations", 0) != len(organization_ids) for t in targets.TARGETS
    ):
        # Some organisation has no full snapshot (new, or the beat has not run): counted
        # afresh, its partial snapshot left out of the sum. Rare: the beat runs hourly.
        counted = Counter(
            TargetSnapshot.objects.filter(organization_id__in=organization_ids, period=quarter).values_list(
                "organization_id", flat=True
            )
        )
        missing = [org for org in organization_ids if counted[org] < len(targets.TARGETS)]
        if missing:
            current = summed_by_period([o for o in organization_ids if o not in set(missing)], [quarter])[
                quarter
            ]
    fresh = targets.compute(missing, as_of) if missing else {}
    this = _pairs(current)
    for numbers in fresh.values():
        this = {code: (this[code][0] + numbers[code][0], this[code][1] + numbers[code][1]) for code in this}
    taken = [row["taken_at"] for row in current.values()]
    trend = {
        t.code: [
            percent(found[q][t.code]["numerator"], found[q][t.code]["denominator"])
            if t.code in found[q]
            else None
            for q in quarters
        ]
        for t in targets.TARGETS
    }
    this_totals = targets.values_of(this)
    last_totals = targets.values_of(_pairs(found[earlier])) if found[earlier] else None
    return {
        "as_of": as_of,
        "today": today,
        "quarters": quarters,
        "comparison_quarters": (quarter, earlier),
        "totals": this_totals,
        "last_totals": last_totals,
        "total_trend": trend,
        "taken_at": min(taken) if taken and not missing else None,
        "fresh": fresh,
        "young_specialists": _young_specialists([this]),
    }


def organization_rows(organizations: list, summary: dict) -> list[dict]:
    """The rows of a page of organisations (50 of 1,000): their targets, satisfaction,
    teachers' counts and year on year, read as `municipality_summary` read the totals."""
    ids = [o.pk for o in organizations]
    as_of = summary["as_of"]
    quarter, earlier = summary["comparison_quarters"]
    found: dict[str, dict[int, dict]] = {quarter: {}, earlier: {}}
    rows = TargetSnapshot.objects.filter(organization_id__in=ids, period__in=[quarter, earlier]).values_list(
        "period", "organization_id", "code", "numerator", "denominator"
    )
    for period, org, code, numerator, denominator in rows:
        found[period].setdefault(org, {})[code] = (numerator, denominator)
    numbers = found[quarter] | summary["fresh"]
    last = found[earlier]
    satisfaction_by_org = satisfaction_of_the_year(ids, as_of, summary["today"])
    experience = experience_breakdown(ids, as_of)
    return [
        {
            "organization": organization,
            "targets": targets.values_of(numbers.get(organization.pk, {})),
            "satisfaction": satisfaction_by_org.get(organization.pk),
            "young_specialists": _young_specialists([numbers.get(organization.pk, {})]),
            "teacher_experience": experience[organization.pk],
            "change": _compare(
                targets.values_of(numbers.get(organization.pk, {})),
                targets.values_of(last[organization.pk]) if organization.pk in last else None,
            ),
        }
        for organization in organizations
    ]


def _young_specialists(numbers) -> dict[str, int]:
    """Young specialists and those with a mentor, summed from the target «young_mentored»."""
    pairs = [n.get("young_mentored", (0, 0)) for n in numbers]
    return {"total": sum(den for _num, den in pairs), "with_mentor": sum(num for num, _den in pairs)}


def municipality_breakdowns(
    organization_ids: list[int], as_of: date, today: date, municipality_id=None
) -> dict:
    """The breakdowns of several organisations added up, from their hourly snapshot
    (`breakdowns.recorded`, summed in SQL): what the committee's dashboard shows and its xlsx writes.
    With `municipality_id`, read from its hourly snapshot where it summed these organisations."""
    stored = (
        _stored_breakdowns(municipality_id, organization_ids, quarter_of(as_of)) if municipality_id else None
    )
    if stored is not None:
        summed, counted_at, found = stored
    else:
        summed, counted_at, found = breakdowns.recorded_sum(organization_ids, as_of, today)
    return {
        "labelled": breakdowns.labelled(summed),
        "pupils_share": breakdowns.pupils_share(summed),
        "counted_at": counted_at,
        # A past quarter without snapshots says so rather than show zeros.
        "recorded": bool(found) or not organization_ids,
    }


def _stored_breakdowns(municipality_id, organization_ids: list[int], period: str):
    """`breakdowns.recorded_sum`'s three values as the municipality's snapshot of the period
    kept them, or None where it summed other organisations (or none is kept)."""
    stored = (
        MunicipalitySnapshot.objects.filter(municipality_id=municipality_id, period=period)
        .values_list("breakdowns", flat=True)
        .first()
    )
    if not stored or stored["digest"] != MunicipalitySnapshot.digest_of(organization_ids):
        return None
    counted_at = datetime.fromisoformat(stored["counted_at"]) if stored["counted_at"] else None
    return stored["summed"], counted_at, stored["found"]


def _change(this: targets.TargetValue, last: targets.TargetValue | None) -> int | None:
    if last is None or this.percent is None or last.percent is None:
        return None
    return this.percent - last.percent


def _compare(this_values, last_values) -> list[dict]:
    return [
        {"this": this, "last": last, "change": _change(this, last)}
        for this, last in zip(this_values, last_values or [None] * len(this_values), strict=True)
    ]


def year_on_year(
    organization_ids: list[int], year: int, against: int, today: date, current: dict | None = None
) -> dict:
    """Each target and each organisation: the academic year `year` against `against` (as a
    rule the year before), read at the same point of both (`periods.comparison_day`: today
    in the running year, the same quarter a year earlier), the change in points.

    One query for the snapshots of both quarters. `current` are the year's numbers when the
    caller has them already (`current_numbers` on `comparison_day`); else its snapshots,
    counted live for organisations without one in a running year. A year without snapshots
    compares as unknown."""
    day = comparison_day(year, today)
    quarter = quarter_of(day)
    earlier = year_earlier(quarter, year - against)
    running = day == today
    found: dict[str, dict[int, dict]] = {quarter: {}, earlier: {}}
    periods = [earlier] if current is not None else [quarter, earlier]
    rows = TargetSnapshot.objects.filter(
        organization_id__in=organization_ids, period__in=periods
    ).values_list("period", "organization_id", "code", "numerator", "denominator")
    for period, org, code, numerator, denominator in rows:
        found[period].setdefault(org, {})[code] = (numerator, denominator)
    this_numbers = current if current is not None else found[quarter]
    if running and current is None:  # the hourly snapshot, or a count where none is yet
        missing = [org for org in organization_ids if len(this_numbers.get(org, {})) < len(targets.TARGETS)]
        if missing:
            this_numbers |= targets.compute(missing, day)
    last_numbers = found[earlier]
    compare = _compare

    def of_organization(org):
        return compare(
            targets.values_of(this_numbers.get(org, {})),
            targets.values_of(last_numbers[org]) if org in last_numbers else None,
        )

    # Compared when read: a page shows 50 of 1,000 organisations, the xlsx every one.
    per_organization = _Compared(organization_ids, of_organization)
    known_last = {org: last_numbers[org] for org in organization_ids if org in last_numbers}
    totals = compare(
        targets.totals(_filled(this_numbers, organization_ids)),
        targets.totals(_filled(known_last, list(known_last))) if known_last else None,
    )
    return {
        "year": academic_year(year),
        "against": academic_year(against),
        "quarters": (quarter, earlier),
        "as_of": day,
        "totals": totals,
        "organizations": per_organization,
    }


class _Compared(Mapping):
    """Organisation id → its targets compared, each computed on first reading."""

    def __init__(self, organization_ids: list[int], of_organization):
        self._ids, self._of, self._done = organization_ids, of_organization, {}

    def __getitem__(self, org):
        if org not in self._done:
            if org not in self._ids_set:
                raise KeyError(org)
            self._done[org] = self._of(org)
        return self._done[org]

    @cached_property
    def _ids_set(self):
        return set(self._ids)

    def __iter__(self):
        return iter(self._ids)

    def __len__(self):
        return len(self._ids)


def _filled(numbers: dict[int, dict], organization_ids: list[int]) -> dict[int, dict]:
    """Every organisation with every target, (0, 0) where nothing was counted."""
    return {
        org: {t.code: numbers.get(org, {}).get(t.code, (0, 0)) for t in targets.TARGETS}
        for org in organization_ids
    }


def public_section_url(organization) -> str:
    """The organisation's public section «Наставничество» (apps/public, right of this app:
    named by its route, not imported)."""
    return reverse("public:section", kwargs={"site_slug": organization.slug})


def organization_aggregate(organization, year: int, against: int, today: date) -> dict:
    """One organisation as its committee sees it: numbers only. Targets and their trend,
    the year against another, counts by form of mentoring, category and age group (and the
    other breakdowns), roadmap progress by stage, the satisfaction average from three answers."""
    as_of = comparison_day(year, today)
    ids = [organization.pk]
    numbers, taken_at = current_numbers(ids, as_of)
    quarters = last_quarters(as_of, TREND_QUARTERS)
    trend = trends(ids, as_of)[organization.pk]
    # The breakdowns as the committee's dashboard reads them: the hourly snapshot.
    recorded, counted_at = breakdowns.recorded(ids, as_of, today)
    found = recorded.get(organization.pk)
    roadmap = roadmap_progress(organization, as_of)
    return {
        "as_of": as_of,
        "taken_at": taken_at,
        "targets": targets.values_of(numbers[organization.pk]),
        "trend": trend,
        "quarters": quarters,
        "trend_chart": charts.trend_chart(trend, quarters),
        "comparison": year_on_year(ids, year, against, today, current=numbers),
        "pairs": pairs_by_form_and_status(organization),
        "counts": found,
        "breakdowns": breakdowns.labelled(found) if found else None,
        "pupils_share": breakdowns.pupils_share(found) if found else None,
        "breakdowns_counted_at": counted_at,
        "roadmap": roadmap,
        "roadmap_chart": charts.roadmap_chart(roadmap["stages"]) if roadmap else None,
        "satisfaction": satisfaction(ids, since=academic_year(year).start, until=as_of).get(organization.pk),
        "public_url": public_section_url(organization),
        # The committee's own roadmap items it asked of the organisation: states and evidence's words.
        "assigned": list(organization_items(organization).order_by("due_on", "pk")),
    }


def committee_dashboard(
    municipality, year: int, against: int, today: date, page_number, per_page: int
) -> dict:
    """The committee's dashboard: the totals, trend and year on year of every organisation
    summed in SQL (`municipality_summary`), rows for the page of organisations shown only."""
    ids = list(
        municipality.organizations.filter(is_active=True)
        .order_by("short_name", "pk")
        .values_list("pk", flat=True)
    )
    summary = municipality_summary(ids, year, against, today, municipality_id=municipality.pk)
    page = Paginator(ids, per_page).get_page(page_number)
    by_id = Organization.objects.in_bulk(list(page.object_list))
    rows = organization_rows([by_id[pk] for pk in page.object_list], summary)
    overview = {
        "rows": rows,
        "organizations": len(ids),
        "totals": summary["totals"],
        "total_trend": summary["total_trend"],
        "trend_chart": charts.trend_chart(summary["total_trend"], summary["quarters"]),
        "quarters": summary["quarters"],
        "targets": targets.TARGETS,
        "taken_at": summary["taken_at"],
        "young_specialists": summary["young_specialists"],
    }
    comparison = {
        "year": academic_year(year),
        "against": academic_year(against),
        "quarters": summary["comparison_quarters"],
        "as_of": summary["as_of"],
        "totals": _compare(summary["totals"], summary["last_totals"]),
        "organizations": {row["organization"].pk: row["change"] for row in rows},
    }
    return {
        "ids": ids,
        "page": page,
        "overview": overview,
        "comparison": comparison,
        "as_of": summary["as_of"],
    }
