"""The breakdowns regions ask for (issue #19), as counts per organisation in grouped SQL:
participants by form of mentoring, by category and by age group; mentors by origin; the
share of pupils aged 10–18 who take part; and the inclusion groups of 004's measures.

The inclusion groups come from `participants.SensitiveAttributes`, recorded by the curator
under a consent: above the organisation they are counts only, and a count under three is
withheld (`shown_count`), as averages are under three answers, so that nobody can be told
apart in a small school."""

from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.academic_year import academic_year_of
from apps.pairs.models import Enrollment
from apps.participants.models import ADULT_CATEGORIES, Category, Participant, SensitiveAttributes, Status
from apps.surveys.selectors.anonymity import ANONYMITY_THRESHOLD

from .models import BreakdownSnapshot, Headcount
from .periods import quarter_of
from .targets import MENTOR_ROLES

AGE_GROUPS = ["under_10", "10_14", "15_18", "adult", "unknown"]
# Mentors by origin (002 §2.2): the category a mentor is registered with.
ORIGINS = {
    Category.STUDENT: "pupils",
    Category.GRADUATE: "graduates",
    Category.EMPLOYER: "partners",
    Category.UNIVERSITY_STUDENT: "partners",
    Category.TEACHER: "teachers",
    Category.YOUNG_SPECIALIST: "teachers",
}
ORIGIN_ORDER = ["pupils", "graduates", "partners", "teachers", "other"]
AGE_LABELS = {
    "under_10": _("under 10"),
    "10_14": _("10–14"),
    "15_18": _("15–18"),
    "adult": _("adults"),
    "unknown": _("age not given"),
}
ORIGIN_LABELS = {
    "pupils": _("pupils"),
    "graduates": _("graduates"),
    "partners": _("partners' staff"),
    "teachers": _("teachers"),
    "other": _("others"),
}
INCLUSION_LABELS = {
    "disability": _("pupils with disabilities (ОВЗ)"),
    "difficult_situation": _("in a difficult life situation"),
    "low_income": _("from low-income families"),
    "rural": _("rural"),
}


def shown_count(count: int) -> int | None:
    """A count of sensitive data as others see it: None (withheld) for one or two people."""
    return count if count == 0 or count >= ANONYMITY_THRESHOLD else None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_group(as_of: date):
    """An SQL expression: the participant's age group on `as_of`."""
    ten, fifteen, nineteen = (_years_before(as_of, n) for n in (10, 15, 19))
    return Case(
        When(birth_date__gt=ten, then=Value("under_10")),
        When(birth_date__gt=fifteen, then=Value("10_14")),
        When(birth_date__gt=nineteen, then=Value("15_18")),
        When(Q(birth_date__isnull=False) | Q(category__in=ADULT_CATEGORIES), then=Value("adult")),
        default=Value("unknown"),
        output_field=CharField(),
    )


def _empty() -> dict:
    return {
        "forms": {},
        "categories": {},
        "ages": dict.fromkeys(AGE_GROUPS, 0),
        "origins": dict.fromkeys(ORIGIN_ORDER, 0),
        "pupils_10_18": 0,
        "pupils_headcount": None,
        "inclusion": dict.fromkeys(SensitiveAttributes.GROUPS, 0),
    }


def counts(organization_ids: list[int], as_of: date) -> dict[int, dict]:
    """Per organisation: the breakdowns, five grouped queries whatever the number of
    organisations. The inclusion groups are already withheld under three."""
    result = {org: _empty() for org in organization_ids}
    if not organization_ids:
        return result
    active = Participant.objects.filter(
        organization_id__in=organization_ids, anonymised_at__isnull=True
    ).exclude(status=Status.LEFT)

    for row in (
        Enrollment.objects.filter(participant__in=active)
        .values("organization_id", "programme__form__name")
        .annotate(people=Count("participant_id", distinct=True))
        .order_by()
    ):
        result[row["organization_id"]]["forms"][row["programme__form__name"] or "—"] = row["people"]

    for row in (
        active.annotate(age=age_group(as_of))
        .values("organization_id", "category", "age", "programme_role")
        .annotate(people=Count("pk"))
        .order_by()
    ):
        found = result[row["organization_id"]]
        found["categories"][row["category"]] = found["categories"].get(row["category"], 0) + row["people"]
        found["ages"][row["age"]] += row["people"]
        if row["programme_role"] in MENTOR_ROLES:
            found["origins"][ORIGINS.get(row["category"], "other")] += row["people"]
        if row["category"] == Category.STUDENT and row["age"] in ("10_14", "15_18"):
            found["pupils_10_18"] += row["people"]

    for org, students in Headcount.objects.filter(
        organization_id__in=organization_ids, academic_year=academic_year_of(as_of)
    ).values_list("organization_id", "students"):
        result[org]["pupils_headcount"] = students

    # Only attributes recorded under a consent still in force count.
    inclusion = (
        SensitiveAttributes.objects.filter(participant__in=active, consent__revoked_on__isnull=True)
        .values("organization_id")
        .annotate(**{group: Count("pk", filter=Q(**{group: True})) for group in SensitiveAttributes.GROUPS})
        .order_by()
    )
    for row in inclusion:
        result[row["organization_id"]]["inclusion"] = {
            group: shown_count(row[group]) for group in SensitiveAttributes.GROUPS
        }
    return result


def recorded(
    organization_ids: list[int], as_of: date, today: date
) -> tuple[dict[int, dict], datetime | None]:
    """Per organisation: the breakdowns of the quarter of `as_of` as the hourly recount stored
    them (`BreakdownSnapshot`, one query whatever the number of organisations), and when they
    were counted (the oldest of them).

    In the running quarter an organisation without its snapshot yet (new, or the beat has not
    run since) is counted live, so the figures are whole at once (the time is still the oldest
    figure's: now only when nothing was recorded). A past
    quarter is read as it was recorded: an organisation without a snapshot of it is left out,
    since today's people are not that quarter's (nothing recorded: `{}` and None, shown as
    such, as the year on year shows «—» for a year without snapshots)."""
    period = quarter_of(as_of)
    found, taken = {}, []
    rows = BreakdownSnapshot.objects.filter(organization_id__in=organization_ids, period=period).values_list(
        "organization_id", "counts", "taken_at"
    )
    for org, stored, taken_at in rows:
        # A key added to `counts` since the snapshot was taken reads as empty until the next recount.
        found[org] = _empty() | stored
        taken.append(taken_at)
    missing = [org for org in organization_ids if org not in found]
    if missing and period == quarter_of(today):
        found |= counts(missing, as_of)
        taken.append(timezone.now())
    return found, (min(taken) if taken else None)


def pupils_share(found: dict) -> int | None:
    """Pupils aged 10–18 who take part, of all the organisation's pupils (the headcount)."""
    headcount = found["pupils_headcount"]
    return round(100 * found["pupils_10_18"] / headcount) if headcount else None


def labelled(found: dict) -> dict[str, list[tuple]]:
    """The breakdowns as (label, count) rows for a page or a sheet."""
    return {
        "forms": sorted(found["forms"].items()),
        "categories": [(Category(code).label, count) for code, count in sorted(found["categories"].items())],
        "ages": [(AGE_LABELS[code], found["ages"][code]) for code in AGE_GROUPS],
        "origins": [(ORIGIN_LABELS[code], found["origins"][code]) for code in ORIGIN_ORDER],
        "inclusion": [
            (INCLUSION_LABELS[code], found["inclusion"][code]) for code in SensitiveAttributes.GROUPS
        ],
    }


def totals(per_organization: dict[int, dict]) -> dict:
    """The breakdowns of several organisations added up (a municipality's, a region's). The
    inclusion groups add only the counts shown per organisation, so that a total minus the
    organisations' shown counts never reveals a withheld one; a total under three is withheld
    in its turn."""
    summed = _empty()
    for found in per_organization.values():
        for key in ("forms", "categories", "ages", "origins"):
            for code, count in found[key].items():
                summed[key][code] = summed[key].get(code, 0) + count
        for group, count in found["inclusion"].items():
            summed["inclusion"][group] += count or 0
        # The share is measured only where the headcount is known.
        if found["pupils_headcount"]:
            summed["pupils_10_18"] += found["pupils_10_18"]
            summed["pupils_headcount"] = (summed["pupils_headcount"] or 0) + found["pupils_headcount"]
    summed["inclusion"] = {group: shown_count(count) for group, count in summed["inclusion"].items()}
    return summed


# The keyed parts of a snapshot's `counts`, summed key by key.
KEYED_PARTS = ["forms", "categories", "ages", "origins", "inclusion"]


def recorded_sum(organization_ids: list[int], as_of: date, today: date) -> tuple[dict, datetime | None, bool]:
    """What `totals(recorded(...)[0])` gives, with the snapshots summed by PostgreSQL (a few
    dozen rows back, not 1,000 documents to decode): the summed breakdowns, when counted (the
    oldest), whether anything was found. Organisations without a snapshot in the running
    quarter are counted live and added as `recorded` adds them. Elsewhere (SQLite) `recorded`."""
    if connection.vendor != "postgresql":
        found, counted_at = recorded(organization_ids, as_of, today)
        return totals(found), counted_at, bool(found)
    period = quarter_of(as_of)
    parts = " UNION ALL ".join(
        f"SELECT '{part}', item.key, COALESCE(SUM(item.value::bigint), 0) FROM snapshots,"
        f" jsonb_each_text(snapshots.counts->'{part}') item GROUP BY item.key"
        for part in KEYED_PARTS
    )
    # One row per key found; the pupils' counts where the headcount is known (as `totals`);
    # how many snapshots and the oldest one's time, exact to the microsecond.
    sql = f"""
        WITH snapshots AS (
            SELECT counts, taken_at FROM {BreakdownSnapshot._meta.db_table}
            WHERE period = %s AND organization_id = ANY(%s)
        )
        {parts}
        UNION ALL
        SELECT 'pupils', 'pupils_10_18', SUM((counts->>'pupils_10_18')::bigint) FROM snapshots
            WHERE COALESCE((counts->>'pupils_headcount')::bigint, 0) > 0
        UNION ALL
        SELECT 'pupils', 'pupils_headcount', SUM((counts->>'pupils_headcount')::bigint) FROM snapshots
            WHERE COALESCE((counts->>'pupils_headcount')::bigint, 0) > 0
        UNION ALL
        SELECT 'found', to_char(MIN(taken_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), COUNT(*)
            FROM snapshots
    """
    summed = _empty()
    with connection.cursor() as cursor:
        cursor.execute(sql, [period, list(organization_ids)])
        rows = cursor.fetchall()
    stored_count, taken = 0, []
    for part, key, value in rows:
        if part in KEYED_PARTS:
            summed[part][key] = summed[part].get(key, 0) + int(value)
        elif part == "pupils":
            if value is not None:
                summed[key] = int(value)
        elif value:
            stored_count = int(value)
            taken.append(datetime.fromisoformat(key).replace(tzinfo=UTC))
    one = {0: summed} if stored_count else {}
    if stored_count < len(organization_ids) and period == quarter_of(today):
        stored = set(
            BreakdownSnapshot.objects.filter(organization_id__in=organization_ids, period=period).values_list(
                "organization_id", flat=True
            )
        )
        missing = [org for org in organization_ids if org not in stored]
        if missing:
            one |= counts(missing, as_of)
            taken.append(timezone.now())
    return totals(one), (min(taken) if taken else None), bool(one)
