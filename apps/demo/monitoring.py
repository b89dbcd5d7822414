"""The demo's monitoring history (issue #19): the previous academic year in quarterly
snapshots and headcounts, so that trends show more than five quarters and the committee
compares this year with the last; and headcounts that put the demo's targets in all three
states (green, amber, red).

Deterministic: last year's figures are this quarter's minus a drift drawn from a generator
seeded by the organisation's slug; idempotent: snapshots and headcounts are upserts. The
running quarter's snapshot is the real count (`snapshots_take`, called before this)."""

import math
import random
from datetime import date

from django.utils import timezone

from apps.core.academic_year import academic_year_of
from apps.monitoring.models import Headcount, TargetSnapshot
from apps.monitoring.periods import academic_year, last_quarters, quarter_of
from apps.monitoring.services import headcount_save, municipality_snapshots_take
from apps.monitoring.targets import TARGETS
from apps.participants.models import Category, Participant, Status

# Students per mentor among them for the first demo organisation: 100/7, a 7 % share, amber.
AMBER_SHARE_PERCENT = 7


def _history_quarters(today: date) -> list[str]:
    """Every quarter from the start of the previous academic year up to the running one."""
    start = academic_year(academic_year_of(today) - 1).start
    quarters = last_quarters(today, 12)
    first = quarter_of(start)
    return quarters[quarters.index(first) :]


def load_demo_headcounts(*, organizations: list, today: date | None = None) -> None:
    """The headcount of this year and the last: the first organisation's students at 7 %
    mentors (amber), the others at the size of their registry (so their shares stay as counted)."""
    year = academic_year_of(today or timezone.localdate())
    for index, organization in enumerate(organizations):
        people = Participant.objects.filter(organization=organization).exclude(status=Status.LEFT)
        students = people.filter(category=Category.STUDENT).count()
        teachers = people.filter(category__in=[Category.TEACHER, Category.YOUNG_SPECIALIST]).count()
        if index == 0:
            mentors = people.filter(category=Category.STUDENT, programme_role__in=["mentor", "both"]).count()
            students = max(students, math.ceil(mentors * 100 / AMBER_SHARE_PERCENT))
        for each_year, shrink in ((year, 1.0), (year - 1, 0.97)):
            if Headcount.objects.filter(organization=organization, academic_year=each_year).exists():
                continue
            headcount_save(
                organization=organization,
                academic_year=each_year,
                students=round(students * shrink) or None,
                teachers=round(teachers * shrink) or None,
                actor=None,
            )


def load_demo_history(*, organizations: list, today: date | None = None) -> str:
    today = today or timezone.localdate()
    quarters = _history_quarters(today)
    past = quarters[:-1]  # the running quarter is the real count
    current = {
        (snap.organization_id, snap.code): snap
        for snap in TargetSnapshot.objects.filter(organization__in=organizations, period=quarters[-1])
    }
    taken_at = timezone.now()
    rows = []
    for organization in organizations:
        draw = random.Random(f"history-{organization.slug}")
        for target in TARGETS:
            snap = current.get((organization.pk, target.code))
            if snap is not None and not snap.denominator:
                continue  # nothing to measure now (no young specialists, say): no made-up past either
            denominator = (snap.denominator if snap else 0) or 20
            now_percent = 100 * (snap.numerator if snap else 0) / denominator if snap else 50
            # Quarters back, the figure was lower by a few points each (a programme that grows).
            for back, period in enumerate(reversed(past), start=1):
                drift = back * draw.uniform(2, 6)
                percent = max(0.0, min(100.0, now_percent - drift))
                rows.append(
                    TargetSnapshot(
                        organization=organization,
                        period=period,
                        code=target.code,
                        numerator=round(percent * denominator / 100),
                        denominator=denominator,
                        taken_at=taken_at,
                    )
                )
    TargetSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["organization", "period", "code"],
        update_fields=["numerator", "denominator", "taken_at"],
    )
    # The municipalities' sums of those quarters, taken before the history was written, again.
    municipality_snapshots_take(organization_ids=[o.pk for o in organizations], day=today)
    return f"history: {len(past)} past quarters ({past[0]}–{past[-1]}) of {len(organizations)} organisations"
