"""Contests: nominations, nominees from the bases (a minor with the representative's consent),
the jury's scores shown only when every juror has voted, places, the roadmap; a municipal
contest receives nominations from the municipality's organisations and the committee reads
names and nominations only."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.events.models import Contest, Nominee
from apps.events.services import contests as services
from apps.participants.models import Consent
from apps.roadmap import services as roadmap_services
from apps.roadmap.models import Activity
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template
from tests.factories import CommitteeMembershipFactory, ParticipantFactory


def _contest(owner, actor, jury):
    return services.contest_create(
        owner=owner,
        actor=actor,
        title="Наставник года — 2026",
        year=2026,
        nominations=[("mentor_of_year", "Наставник года"), ("best_pair", "Лучшая наставническая пара")],
        criteria=["Результаты", "Распространение опыта"],
        jury=jury,
    )


def _mentor(organization, last_name="Смирнова", **fields):
    return ParticipantFactory(
        organization=organization,
        last_name=last_name,
        first_name="Людмила",
        patronymic="Ивановна",
        category=fields.pop("category", "teacher"),
        programme_role="mentor",
        birth_date=fields.pop("birth_date", date(1980, 1, 1)),
        **fields,
    )


def test_scores_are_shown_when_every_juror_voted_and_places_follow_the_points(tenant_a):
    organization = tenant_a.organization
    contest = _contest(organization, tenant_a.curator, [tenant_a.director, tenant_a.curator])
    nomination = contest.nominations.get(kind="mentor_of_year")
    first = services.nominee_propose(
        contest=contest,
        organization=organization,
        actor=tenant_a.curator,
        nomination=nomination,
        participant=_mentor(organization),
        text="Призёры олимпиады",
    )
    second = services.nominee_propose(
        contest=contest,
        organization=organization,
        actor=tenant_a.curator,
        nomination=nomination,
        participant=_mentor(organization, "Петрова"),
        text="Проектная работа",
    )
    with pytest.raises(ValidationError):
        services.score_record(nominee=first, juror=tenant_a.director, points={0: 5, 1: 5})  # not yet
    services.contest_advance(contest=contest, actor=tenant_a.curator)
    with pytest.raises(ValidationError):
        services.score_record(nominee=first, juror=tenant_a.staff, points={0: 5, 1: 5})  # no juror
    with pytest.raises(ValidationError):
        services.score_record(nominee=first, juror=tenant_a.director, points={0: 11, 1: 5})
    services.score_record(nominee=first, juror=tenant_a.director, points={0: 9, 1: 8})
    services.score_record(nominee=second, juror=tenant_a.director, points={0: 4, 1: 4})
    services.score_record(nominee=first, juror=tenant_a.curator, points={0: 7, 1: 7})
    with pytest.raises(ValidationError):  # the curator has not scored the second nominee
        services.contest_advance(contest=contest, actor=tenant_a.curator)
    services.score_record(nominee=second, juror=tenant_a.curator, points={0: 6, 1: 6})
    contest = services.contest_advance(contest=contest, actor=tenant_a.curator)
    assert contest.stage == Contest.Stage.RESULTS
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.place, second.place) == (1, 2)
    assert [n.pk for n in services.winners(contest)] == [first.pk, second.pk]


def test_the_page_hides_the_points_until_every_juror_voted(client, tenant_a):
    organization = tenant_a.organization
    contest = _contest(organization, tenant_a.curator, [tenant_a.director, tenant_a.curator])
    nominee = services.nominee_propose(
        contest=contest,
        organization=organization,
        actor=tenant_a.curator,
        nomination=contest.nominations.get(kind="mentor_of_year"),
        participant=_mentor(organization),
        text="…",
    )
    services.contest_advance(contest=contest, actor=tenant_a.curator)
    services.score_record(nominee=nominee, juror=tenant_a.director, points={0: 9, 1: 8})
    client.force_login(tenant_a.director)
    url = reverse("events:contest", args=[organization.slug, contest.pk])
    body = client.get(url).content.decode()
    assert "<th>Баллы</th>" not in body and "<th>Points</th>" not in body
    services.score_record(nominee=nominee, juror=tenant_a.curator, points={0: 1, 1: 2})
    body = client.get(url).content.decode()
    assert "<th>Баллы</th>" in body or "<th>Points</th>" in body
    assert ">20<" in body


def test_the_jurors_sheet_saves_a_score(client, tenant_a):
    organization = tenant_a.organization
    contest = _contest(organization, tenant_a.curator, [tenant_a.director])
    nominee = services.nominee_propose(
        contest=contest,
        organization=organization,
        actor=tenant_a.curator,
        nomination=contest.nominations.get(kind="mentor_of_year"),
        participant=_mentor(organization),
        text="…",
    )
    services.contest_advance(contest=contest, actor=tenant_a.curator)
    client.force_login(tenant_a.director)
    url = reverse("events:contest_score", args=[organization.slug, contest.pk])
    assert client.post(url, {"nominee": nominee.pk, "c0": "7", "c1": "x"}).status_code == 302
    assert not nominee.scores.exists()
    client.post(url, {"nominee": nominee.pk, "c0": "7", "c1": "8"})
    assert sorted(nominee.scores.values_list("points", flat=True)) == [7, 8]


def test_a_minor_is_nominated_with_the_representatives_consent_only(tenant_a):
    organization = tenant_a.organization
    contest = _contest(organization, tenant_a.curator, [tenant_a.director])
    minor = _mentor(
        organization, "Юнова", birth_date=date(timezone.localdate().year - 16, 1, 1), category="student"
    )
    nomination = contest.nominations.get(kind="mentor_of_year")
    with pytest.raises(ValidationError):
        services.nominee_propose(
            contest=contest,
            organization=organization,
            actor=tenant_a.curator,
            nomination=nomination,
            participant=minor,
            text="Наставник-ровесник",
        )
    nominee = services.nominee_propose(
        contest=contest,
        organization=organization,
        actor=tenant_a.curator,
        nomination=nomination,
        participant=minor,
        text="Наставник-ровесник",
        representative_name="Юнова Ольга Петровна",
        representative_relation="mother",
        consent_signed_on=timezone.localdate(),
    )
    assert (nominee.consent_representative, nominee.consent_relation) == ("Юнова Ольга Петровна", "mother")
    assert nominee.consent_signed_on == timezone.localdate()
    # A consent to the nomination is not a consent to the processing of personal data.
    assert not Consent.objects.filter(participant=minor).exists()


def test_a_municipal_contest_takes_nominations_from_the_organisations_and_shows_the_committee_names_only(
    client, tenant_a
):
    organization = tenant_a.organization
    municipality = organization.municipality
    chair = CommitteeMembershipFactory(municipality=municipality).user
    contest = services.contest_create(
        owner=municipality,
        actor=chair,
        title="Муниципальный конкурс наставников",
        year=2026,
        nominations=[("municipal_mentor", "Лучший наставник муниципального района")],
        jury=[chair],
    )
    assert contest.level == Contest.Level.MUNICIPAL
    client.force_login(tenant_a.curator)
    contests_page = client.get(reverse("events:contests", args=[organization.slug])).content.decode()
    assert "Муниципальный конкурс наставников" in contests_page
    mentor = _mentor(organization, "Архипова")
    response = client.post(
        reverse("events:contest_propose", args=[organization.slug, contest.pk]),
        {"nomination": contest.nominations.get().pk, "participant": mentor.pk, "text": "Секретный текст"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nominee = Nominee.objects.get(contest=contest)
    assert nominee.organization == organization and nominee.municipality == municipality
    client.force_login(chair)
    body = client.get(
        reverse("committee_events:contest", args=[municipality.slug, contest.pk])
    ).content.decode()
    assert "Архипова Людмила Ивановна" in body and "Лучший наставник муниципального района" in body
    assert "Секретный текст" not in body


def test_another_municipalitys_contest_takes_no_nomination(tenant_a, tenant_b):
    contest = _contest(tenant_b.organization.municipality, tenant_b.director, [tenant_b.director])
    with pytest.raises(ValidationError):
        services.nominee_propose(
            contest=contest,
            organization=tenant_a.organization,
            actor=tenant_a.curator,
            nomination=contest.nominations.first(),
            participant=_mentor(tenant_a.organization),
            text="…",
        )


def test_publishing_the_results_completes_the_contest_activity(tenant_a):
    organization = tenant_a.organization
    roadmap = roadmap_services.roadmap_create(
        owner=organization,
        year=current_academic_year(),
        data=get_template("lyceum7"),
        source="template",
        actor=tenant_a.curator,
    )
    activity = roadmap.activities.get(event=Activity.Event.CONTEST_RESULTS)
    contest = _contest(organization, tenant_a.curator, [tenant_a.director])
    nominee = services.nominee_propose(
        contest=contest,
        organization=organization,
        actor=tenant_a.curator,
        nomination=contest.nominations.get(kind="mentor_of_year"),
        participant=_mentor(organization),
        text="…",
    )
    services.contest_advance(contest=contest, actor=tenant_a.curator)
    services.score_record(nominee=nominee, juror=tenant_a.director, points={0: 5, 1: 5})
    services.contest_advance(contest=contest, actor=tenant_a.curator)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.evidence_link == contest.get_absolute_url()


@pytest.mark.usefixtures("pairs_seeded")
def test_a_pair_is_nominated_from_the_page_and_its_minor_mentee_is_named_only_with_consent(client, tenant_a):
    from apps.pairs.models import Pair

    organization = tenant_a.organization
    municipality = organization.municipality
    chair = CommitteeMembershipFactory(municipality=municipality).user
    contest = services.contest_create(
        owner=municipality,
        actor=chair,
        title="Лучшая наставническая пара района",
        year=2026,
        nominations=[("best_pair", "Лучшая наставническая пара")],
        jury=[chair],
    )
    pair = Pair.objects.get(organization=organization)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    mentee = pair.members.get().mentee
    mentee.birth_date = date(timezone.localdate().year - 12, 3, 1)
    mentee.save(update_fields=["birth_date"])
    mentor = pair.mentor
    mentor.birth_date = date(1985, 1, 1)
    mentor.save(update_fields=["birth_date"])
    nomination = contest.nominations.get()

    client.force_login(tenant_a.curator)
    form_page = client.get(reverse("events:contest_propose", args=[organization.slug, contest.pk]))
    assert form_page.status_code == 200 and 'name="pair"' in form_page.content.decode()
    response = client.post(
        reverse("events:contest_propose", args=[organization.slug, contest.pk]),
        {"nomination": nomination.pk, "pair": pair.pk, "text": "Проект «Шаг в науку»"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nominee = Nominee.objects.get(contest=contest)
    assert nominee.pair == pair and nominee.participant == mentor
    assert nominee.name == f"{mentor.full_name} — 1 наставляемый (несовершеннолетние не названы)"
    assert mentee.last_name not in nominee.name and nominee.consent_representative == ""
    client.force_login(chair)
    body = client.get(
        reverse("committee_events:contest", args=[municipality.slug, contest.pk])
    ).content.decode()
    assert mentor.full_name in body and mentee.last_name not in body

    # In an organisation's own contest, with the representative's consent, the child is named.
    own = _contest(organization, tenant_a.curator, [tenant_a.director])
    named = services.nominee_propose(
        contest=own,
        organization=organization,
        actor=tenant_a.curator,
        nomination=own.nominations.get(kind="best_pair"),
        pair=pair,
        representative_name="Иванова Ольга Петровна",
        representative_relation="mother",
        consent_signed_on=timezone.localdate(),
    )
    assert named.name == f"{mentor.full_name} — {mentee.short_name}"
    assert named.consent_representative == "Иванова Ольга Петровна"
