"""The portal's named counts that indicators' formulas use, per municipality: plain numbers.

Most come from the targets' numerators and denominators (`monitoring.targets.compute`, read
from the hourly snapshots by `monitoring.selectors.current_numbers`; young specialists are the
target «young_mentored»); a few need one grouped query of their own and are counted only when
a formula of the form uses them. Nothing personal: each count is a sum over organisations.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.monitoring.selectors import current_numbers
from apps.pairs.models import Pair, PairMentee
from apps.participants.models import Category, Participant, Status

WORKING_PAIRS = [Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.COMPLETED]


@dataclass(frozen=True)
class NamedCount:
    name: str
    label: str
    # (target code, 0 for its numerator or 1 for its denominator), or None: counted apart.
    source: tuple[str, int] | None = None


COUNTS = [
    NamedCount("organizations", _("Organisations implementing the target model")),
    NamedCount("students", _("Students (the headcount, or the registry)"), ("mentors_students", 1)),
    NamedCount("student_mentors", _("Students who are mentors"), ("mentors_students", 0)),
    NamedCount("teachers", _("Teachers (the headcount, or the registry)"), ("mentors_teachers", 1)),
    NamedCount("teacher_mentors", _("Teachers who are mentors"), ("mentors_teachers", 0)),
    NamedCount("participants", _("Participants in the bases"), ("consents", 1)),
    NamedCount("participants_with_consent", _("Participants with consent on file"), ("consents", 0)),
    NamedCount("enrolled", _("Participants enrolled in programmes"), ("in_pairs", 1)),
    NamedCount("enrolled_in_pairs", _("Enrolled participants in pairs or groups"), ("in_pairs", 0)),
    NamedCount("plan_tasks", _("Tasks of individual plans"), ("plans", 1)),
    NamedCount("plan_tasks_done", _("Tasks of individual plans done"), ("plans", 0)),
    NamedCount("pairs", _("Working and completed pairs and groups"), ("final_event", 1)),
    NamedCount("pairs_final", _("Pairs and groups at the final meeting or event"), ("final_event", 0)),
    NamedCount("activities_due", _("Roadmap activities due"), ("roadmap_on_time", 1)),
    NamedCount("activities_on_time", _("Roadmap activities done on time"), ("roadmap_on_time", 0)),
    NamedCount("pupils_involved", _("Students in working pairs or groups, as mentors or mentees")),
    NamedCount("young_specialists", _("Young specialists (0–3 years)"), ("young_mentored", 1)),
    NamedCount("young_specialists_with_mentor", _("Young specialists with a mentor"), ("young_mentored", 0)),
]
COUNTS_BY_NAME = {c.name: c for c in COUNTS}
NAMES = frozenset(COUNTS_BY_NAME)


def counts_by_municipality(
    organizations: list[tuple[int, int]], as_of: date, needed: set[str] | None = None
) -> dict[int, dict[str, int]]:
    """Per municipality id, every named count summed over its organisations.
    `organizations` are (organisation id, municipality id) pairs; `needed` the names the
    formulas use (None: all), so that the counts apart are queried only when used."""
    needed = NAMES if needed is None else needed
    ids = [org for org, _municipality in organizations]
    numbers, _taken = current_numbers(ids, as_of)
    apart = _counts_apart(ids, needed)
    result: dict[int, dict[str, int]] = {}
    for org, municipality in organizations:
        totals = result.setdefault(municipality, dict.fromkeys(NAMES, 0))
        totals["organizations"] += 1
        for count in COUNTS:
            if count.source is not None:
                totals[count.name] += numbers.get(org, {}).get(count.source[0], (0, 0))[count.source[1]]
            elif count.name in apart:
                totals[count.name] += apart[count.name].get(org, 0)
    return result


def _counts_apart(ids: list[int], needed: set[str]) -> dict[str, dict[int, int]]:
    found: dict[str, dict[int, int]] = {}
    if not ids:
        return found
    if "pupils_involved" in needed:
        in_pair = Exists(Pair.objects.filter(mentor=OuterRef("pk"), status__in=WORKING_PAIRS)) | Exists(
            PairMentee.objects.filter(
                mentee=OuterRef("pk"), left_at__isnull=True, pair__status__in=WORKING_PAIRS
            )
        )
        rows = (
            Participant.objects.filter(organization_id__in=ids, category=Category.STUDENT)
            .exclude(status=Status.LEFT)
            .annotate(in_pair=in_pair)
            .values("organization_id")
            .annotate(n=Count("pk", filter=Q(in_pair=True)))
        )
        found["pupils_involved"] = {r["organization_id"]: r["n"] for r in rows}
    return found


def region_total(per_municipality: dict[int, dict[str, int]]) -> dict[str, int]:
    """The region's counts: sums over its municipalities."""
    return {name: sum(c[name] for c in per_municipality.values()) for name in NAMES}
