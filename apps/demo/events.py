"""Demo events, contests and letters (#17). Each demo organisation has this year's group
meeting held with its attendance, the final event planned, a school contest with results and
the winners' letters; the committee a municipal contest with a nominee from each of its
organisations. Deterministic, and running it twice changes nothing."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from apps.core.academic_year import academic_year_of
from apps.events.models import Contest, Event, LetterBatch
from apps.events.services import contests as contest_services
from apps.events.services import events as event_services
from apps.events.services import letters as letter_services
from apps.organizations.models import CommitteeMembership, Membership
from apps.organizations.roles import Role
from apps.pairs.models import Programme
from apps.participants.models import Participant, ProgrammeRole, Status
from apps.roadmap.models import Activity

FINAL_EVENT_TITLES = {
    # 004: the final meeting of all pairs as a business game.
    "cvr-gloria": "Деловая игра «Твой результат – мои возможности»",
    "borisovskaya-sosh": "Круглый стол по выявлению лучших практик наставничества",
}


def _academic_start(today: date) -> int:
    return academic_year_of(today)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _mentors(organization, limit: int) -> list[Participant]:
    return list(
        Participant.objects.filter(
            organization=organization, programme_role__in=[ProgrammeRole.MENTOR, ProgrammeRole.BOTH]
        )
        .exclude(status=Status.LEFT)
        .exclude(birth_date__isnull=True)
        .filter(birth_date__lte=date(2000, 1, 1))  # adults: no representative's consent needed
        .order_by("last_name", "first_name", "pk")[:limit]
    )


def load_demo_events(*, organization) -> str:
    if Event.objects.filter(organization=organization).exists():
        return f"{Event.objects.filter(organization=organization).count()} events (already there)"
    members = {m.role: m.user for m in Membership.objects.filter(organization=organization, is_active=True)}
    director, curator = members[Role.DIRECTOR], members[Role.CURATOR]
    today = timezone.localdate()
    start = _academic_start(today)
    programme = Programme.objects.filter(organization=organization).order_by("pk").first()
    programmes = [programme] if programme else []

    # The group meeting of mentors and mentees, held with its attendance (000, 003 5.1).
    held_day = min(date(start, 10, 15), today - timedelta(days=7))
    group_activity = (
        Activity.objects.filter(roadmap__organization=organization, title__icontains="групповой встречи")
        .exclude(status=Activity.Status.DONE)
        .first()
    )
    meeting = event_services.event_create(
        owner=organization,
        actor=curator,
        kind=Event.Kind.GROUP_MEETING,
        title="Групповая встреча наставников и наставляемых",
        starts_at=_at(held_day, 15),
        place="Актовый зал",
        description="Знакомство, игры на командообразование, анкета о предпочтениях после встречи.",
        programmes=programmes,
        parents_count=6,
        activity=group_activity,
    )
    if programme:
        event_services.event_invite(event=meeting, actor=curator, via="programme", programme=programme)
    for position, invitation in enumerate(meeting.invitations.order_by("name", "pk")):
        if position % 5 != 4:  # four in five came
            event_services.invitation_mark(invitation=invitation, actor=curator, attended=True)
    event_services.event_hold(
        event=meeting,
        actor=curator,
        parents_attended=4,
        result_note="Пары предварительно сложились; анкеты собраны.",
    )

    # The final event, planned for May.
    final = event_services.event_create(
        owner=organization,
        actor=curator,
        kind=Event.Kind.FINAL_EVENT,
        title=FINAL_EVENT_TITLES.get(organization.slug, "Итоговое мероприятие программы наставничества"),
        starts_at=_at(date(start + 1, 5, 20), 14),
        place="Актовый зал",
        programmes=programmes,
    )
    if programme:
        event_services.event_invite(event=final, actor=curator, via="pairs", programme=programme)

    # The school contest with results and the winners' letters (000, 003).
    contest_text = _school_contest(organization, director, curator, start)
    return f"2 events; {contest_text}"


def _school_contest(organization, director, curator, start: int) -> str:
    mentors = _mentors(organization, 3)
    if not mentors:
        return "no contest (no adult mentors)"
    contest = contest_services.contest_create(
        owner=organization,
        actor=curator,
        title=f"Школьный конкурс «Наставник года — {start + 1}»",
        year=start,
        nominations=[("mentor_of_year", "Наставник года")],
        jury=[director, curator],
    )
    nomination = contest.nominations.get()
    nominees = [
        contest_services.nominee_propose(
            contest=contest,
            organization=organization,
            actor=curator,
            nomination=nomination,
            participant=mentor,
            text="Индивидуальные планы наставляемых выполнены; открытое занятие для коллег.",
        )
        for mentor in mentors
    ]
    contest_services.contest_advance(contest=contest, actor=curator)
    for juror in (director, curator):
        for position, nominee in enumerate(nominees):
            points = 10 - 2 * position
            contest_services.score_record(
                nominee=nominee, juror=juror, points={i: points - i % 2 for i in range(len(contest.criteria))}
            )
    contest = contest_services.contest_advance(contest=contest, actor=curator)
    letter_services.letters_issue(
        owner=organization,
        actor=curator,
        kind=LetterBatch.Kind.DIPLOMA,
        title=f"Победители конкурса «{contest.title}»",
        issued_on=contest.results_published_at.date(),
        signer_position="Директор",
        signer_name=organization.director_name or director.short_name,
        recipients=letter_services.recipients_of_contest(contest),
        contest=contest,
    )
    return f"a contest with {len(nominees)} nominees and their diplomas"


def load_demo_committee_events(*, municipality, organizations) -> str:
    """The municipal contest of mentors (002 1.4) with a nominee from each organisation."""
    if Contest.objects.filter(organization__isnull=True, municipality=municipality).exists():
        return "a municipal contest (already there)"
    jury = [m.user for m in CommitteeMembership.objects.filter(municipality=municipality, is_active=True)]
    if not jury:
        return "no municipal contest (no committee members)"
    start = _academic_start(timezone.localdate())
    contest = contest_services.contest_create(
        owner=municipality,
        actor=jury[0],
        title=f"Муниципальный конкурс наставников — {start + 1}",
        year=start,
        nominations=[("municipal_mentor", "Лучший наставник муниципального района")],
        jury=jury,
    )
    nomination = contest.nominations.get()
    proposed = 0
    for organization in organizations:
        curator = (
            Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
            .select_related("user")
            .first()
        )
        mentors = _mentors(organization, 1)
        if curator is None or not mentors:
            continue
        contest_services.nominee_propose(
            contest=contest,
            organization=organization,
            actor=curator.user,
            nomination=nomination,
            participant=mentors[0],
            text="Победитель школьного этапа конкурса «Наставник года».",
        )
        proposed += 1
    return f"a municipal contest with {proposed} nominees"
