"""Contests: nominations, nominees proposed from the bases, the jury's scores, the results.

A municipal contest is the committee's; the municipality's organisations propose nominees
(the nominee row is the proposing organisation's). A minor is nominated only with the
legal representative's consent, recorded as every consent is (participants.services)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.organizations.models import Municipality, Organization
from apps.participants.consents import ADULT_AGE, age_on
from apps.roadmap.models import Activity
from apps.roadmap.services import roadmap_mark_event

from ..models import Contest, Nomination, Nominee, Score

STANDARD_CRITERIA = [
    "Результаты наставляемых",
    "Качество индивидуальных планов и встреч",
    "Распространение опыта",
]


@transaction.atomic
def contest_create(
    *,
    owner,
    actor,
    title: str,
    year: int,
    nominations: list[tuple[str, str]],
    criteria: list[str] | None = None,
    jury=(),
    description: str = "",
    max_points: int = 10,
) -> Contest:
    """nominations: (kind, title) in order. A committee's contest is municipal."""
    if not nominations:
        raise ValidationError(_("Add at least one nomination."))
    municipal = isinstance(owner, Municipality)
    contest = Contest.objects.create(
        organization=None if municipal else owner,
        municipality=owner if municipal else None,
        level=Contest.Level.MUNICIPAL if municipal else Contest.Level.ORGANIZATION,
        title=title.strip(),
        year=year,
        description=description.strip(),
        criteria=[c.strip() for c in (criteria or STANDARD_CRITERIA) if c.strip()],
        max_points=max_points,
        created_by=actor,
    )
    for position, (kind, nomination_title) in enumerate(nominations):
        Nomination.objects.create(
            contest=contest,
            organization=contest.organization,
            municipality=contest.municipality,
            kind=kind,
            title=nomination_title.strip() or Nomination.Kind(kind).label.strip("«»"),
            position=position,
        )
    contest.jury.set(jury)
    contest.log("contest.created", actor=actor, data={"contest_level": contest.level, "jurors": len(jury)})
    return contest


def _is_minor(participant, day: date) -> bool:
    return participant.birth_date is not None and age_on(participant.birth_date, day) < ADULT_AGE


def _pair_nominee_name(pair, day: date, *, name_minors: bool) -> tuple[str, bool]:
    """«Mentor — mentees», and whether a mentee is a minor: a minor is named only with the
    representative's consent to the nomination, else counted (the committee of a municipal
    contest reads this name)."""
    members = pair.members.filter(left_at__isnull=True).select_related("mentee")
    named, unnamed, has_minors = [], 0, False
    for member in members:
        minor = _is_minor(member.mentee, day)
        has_minors |= minor
        if minor and not name_minors:
            unnamed += 1
        else:
            named.append(member.mentee.short_name)
    if unnamed:
        named.append(f"{unnamed} {_mentees_word(unnamed)} (несовершеннолетние не названы)")
    name = f"{pair.mentor.full_name} — {', '.join(named)}" if named else pair.mentor.full_name
    return name, has_minors


def _mentees_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "наставляемый"
    return "наставляемых"


@transaction.atomic
def nominee_propose(
    *,
    contest: Contest,
    organization: Organization,
    actor,
    nomination: Nomination,
    participant=None,
    pair=None,
    text: str = "",
    file=None,
    representative_name: str = "",
    representative_relation: str = "",
    consent_signed_on: date | None = None,
) -> Nominee:
    """Propose a mentor (or a pair, in a pair nomination) of `organization`'s base."""
    if contest.stage != Contest.Stage.NOMINATIONS:
        raise ValidationError(_("Nominations are closed."))
    if nomination.contest_id != contest.pk:
        raise ValidationError(_("The nomination is not of this contest."))
    if contest.level == Contest.Level.MUNICIPAL:
        if organization.municipality_id != contest.municipality_id:
            raise ValidationError(_("The contest is another municipality's."))
    elif contest.organization_id != organization.pk:
        raise ValidationError(_("The contest is another organisation's."))
    consent_given = bool(representative_name and representative_relation and consent_signed_on)
    minor_mentees = False
    if nomination.for_pairs:
        if pair is None:
            raise ValidationError(_("Choose the pair or group."))
        participant = pair.mentor
        name, minor_mentees = _pair_nominee_name(pair, timezone.localdate(), name_minors=consent_given)
    else:
        if participant is None:
            raise ValidationError(_("Choose the nominee."))
        pair = None
        name = participant.full_name
    if participant.organization_id != organization.pk:
        raise ValidationError(_("Choose a person of your base."))
    if Nominee.objects.filter(nomination=nomination, participant=participant, pair=pair).exists():
        raise ValidationError(_("This nominee is proposed already."))
    minor = _is_minor(participant, timezone.localdate())
    if minor and not (representative_name and representative_relation and consent_signed_on):
        raise ValidationError(
            _("The nominee is a minor: record the legal representative's consent to the nomination.")
        )
    # A pair's minor mentees are named, and the consent kept, only when it was given.
    record_consent = minor or (minor_mentees and consent_given)
    nominee = Nominee.objects.create(
        contest=contest,
        nomination=nomination,
        organization=organization,
        municipality=contest.municipality,
        participant=participant,
        pair=pair,
        name=name[:500],
        text=text.strip(),
        file=file or "",
        consent_representative=representative_name if record_consent else "",
        consent_relation=representative_relation if record_consent else "",
        consent_signed_on=consent_signed_on if record_consent else None,
        proposed_by=actor,
    )
    nominee.log(
        "contest.nominee_proposed",
        actor=actor,
        data={"contest": contest.pk, "nomination": nomination.pk, "representative_consent": record_consent},
    )
    return nominee


def _all_voted(contest: Contest) -> bool:
    jurors = contest.jury.count()
    expected = jurors * len(contest.criteria) * contest.nominees.count()
    return jurors > 0 and Score.objects.filter(nominee__contest=contest).count() >= expected


@transaction.atomic
def score_record(*, nominee: Nominee, juror, points: dict[int, int]) -> int:
    """A juror's points for every criterion of one nominee (a second vote replaces the first)."""
    contest = Contest.objects.get(pk=nominee.contest_id)  # its stage now, not as once read
    if contest.stage != Contest.Stage.SCORING:
        raise ValidationError(_("The jury scores at the scoring stage only."))
    if not contest.jury.filter(pk=juror.pk).exists():
        raise ValidationError(_("You are not in this contest's jury."))
    if set(points) != set(range(len(contest.criteria))):
        raise ValidationError(_("Score every criterion."))
    for criterion, value in points.items():
        if not 0 <= value <= contest.max_points:
            raise ValidationError(_("Points are from 0 to %(max)s.") % {"max": contest.max_points})
        Score.objects.update_or_create(
            nominee=nominee,
            juror=juror,
            criterion=criterion,
            defaults={
                "points": value,
                "organization": contest.organization,
                "municipality": contest.municipality,
            },
        )
    contest.log("contest.scored", actor=juror, target=nominee, data={"criteria_scored": len(points)})
    return sum(points.values())


@transaction.atomic
def contest_advance(*, contest: Contest, actor) -> Contest:
    """Nominations → jury scoring → results. The results need every juror's vote; places go by
    total points within each nomination, and publishing them completes the roadmap's
    «contest» activities."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.stage == Contest.Stage.NOMINATIONS:
        if not contest.nominees.exists():
            raise ValidationError(_("Nobody is nominated yet."))
        if not contest.jury.exists():
            raise ValidationError(_("Name the jury first."))
        contest.stage = Contest.Stage.SCORING
    elif contest.stage == Contest.Stage.SCORING:
        if not _all_voted(contest):
            raise ValidationError(_("Not every juror has scored every nominee yet."))
        _set_places(contest)
        contest.stage = Contest.Stage.RESULTS
        contest.results_published_at = timezone.now()
    else:
        raise ValidationError(_("The results are published already."))
    contest.save(update_fields=["stage", "results_published_at"])
    contest.log("contest.stage_changed", actor=actor, data={"stage": contest.stage})
    if contest.stage == Contest.Stage.RESULTS:
        roadmap_mark_event(
            organization=contest.organization,
            municipality=contest.municipality,
            event=Activity.Event.CONTEST_RESULTS,
            note=_("Results of «%(title)s» published.") % {"title": contest.title},
            link=contest.get_absolute_url(),
            actor=actor,
        )
    return contest


def _set_places(contest: Contest) -> None:
    totals = (
        Nominee.objects.filter(contest=contest)
        .annotate(total=Sum("scores__points"))
        .order_by("nomination_id", "-total", "name")
    )
    place, previous_nomination, previous_total, rank = 0, None, None, 0
    for nominee in totals:
        if nominee.nomination_id != previous_nomination:
            rank, place, previous_total = 0, 0, None
        rank += 1
        if nominee.total != previous_total:
            place = rank  # equal totals share a place
        nominee.place = place
        nominee.save(update_fields=["place"])
        previous_nomination, previous_total = nominee.nomination_id, nominee.total


def winners(contest: Contest) -> list[Nominee]:
    return list(
        Nominee.objects.filter(contest=contest, place__isnull=False, place__lte=3)
        .select_related("nomination")
        .order_by("nomination__position", "place", "name")
    )
