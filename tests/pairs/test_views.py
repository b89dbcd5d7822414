"""The curator's pages: programmes, enrolment, «Suggest pairs», the board and its quick actions."""

from datetime import date

import pytest
from django.urls import reverse

from apps.core.academic_year import current_academic_year
from apps.pairs.models import Enrollment, MentoringForm, Pair, PairMentee, Programme
from apps.pairs.views import CARDS_PER_COLUMN
from tests.factories import ConsentFactory, ParticipantFactory, ProgrammeFactory

# Every view of the pairs app needs a programme and a pair to point at.
pytestmark = pytest.mark.usefixtures("pairs_seeded")


def _url(tenant, name, **kwargs):
    return reverse(f"pairs:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_curator_creates_a_programme_enrols_and_suggests_pairs(client, tenant_a):
    organization = tenant_a.organization
    client.force_login(tenant_a.curator)
    # The academic year is chosen as schools write it, this year's first.
    year = current_academic_year()
    form_page = client.get(_url(tenant_a, "programme_create")).content.decode()
    assert f'<option value="{year}" selected>{year}/{year + 1}</option>' in form_page
    response = client.post(
        _url(tenant_a, "programme_create"),
        {
            "title": "Наставничество в 7-х классах",
            "form": MentoringForm.objects.get(organization=organization, name="Ученик – ученик").pk,
            "academic_year": 2026,
            "starts_on": "2026-09-01",
            "ends_on": "2027-05-31",
            "goals": "Адаптация",
            "curator": tenant_a.curator.pk,
        },
    )
    programme = Programme.objects.get(title="Наставничество в 7-х классах")
    assert response.url == _url(tenant_a, "programme", programme_id=programme.pk)

    mentor = ParticipantFactory(
        organization=organization, programme_role="mentor", birth_date=date(2008, 1, 1)
    )
    mentees = [ParticipantFactory(organization=organization) for _ in range(2)]
    client.post(
        _url(tenant_a, "enroll", programme_id=programme.pk), {"side": "mentor", "participants": [mentor.pk]}
    )
    client.post(
        _url(tenant_a, "enroll", programme_id=programme.pk),
        {"side": "mentee", "participants": [m.pk for m in mentees]},
    )
    enrollment = Enrollment.objects.get(programme=programme, participant=mentor)
    # The same mentor ticked again in a page opened before (another tab): said in words.
    stale = client.post(
        _url(tenant_a, "enroll", programme_id=programme.pk),
        {"side": "mentor", "participants": [mentor.pk]},
        follow=True,
    )
    assert "откройте страницу заново" in stale.content.decode()
    assert f"{mentor.pk} нет среди" not in stale.content.decode()
    client.post(
        _url(tenant_a, "enrollment", programme_id=programme.pk, enrollment_id=enrollment.pk),
        {"selection": "selected", "capacity": 2, "trained_on": "2026-09-20"},
    )
    enrollment.refresh_from_db()
    assert (enrollment.selection, enrollment.capacity, enrollment.trained_on) == (
        "selected",
        2,
        date(2026, 9, 20),
    )

    response = client.post(_url(tenant_a, "match", programme_id=programme.pk))
    assert response.url == _url(tenant_a, "board")
    pair = Pair.objects.get(programme=programme)
    assert pair.members.count() == 2  # a group
    board = client.get(_url(tenant_a, "board"))
    proposed = dict((status, pairs) for status, _label, pairs, _cards, _total in board.context["columns"])[
        "proposed"
    ]
    assert proposed == [pair]


def test_enrolling_a_mentee_as_a_mentor_is_refused(client, tenant_a):
    programme = Programme.objects.filter(organization=tenant_a.organization).first()
    pupil = ParticipantFactory(organization=tenant_a.organization)
    client.force_login(tenant_a.curator)
    client.post(
        _url(tenant_a, "enroll", programme_id=programme.pk), {"side": "mentor", "participants": [pupil.pk]}
    )
    assert not Enrollment.objects.filter(participant=pupil).exists()


def test_quick_actions_swap_the_card_in_place(client, tenant_a):
    pair = Pair.objects.filter(organization=tenant_a.organization).first()
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "pair_action", pair_id=pair.pk, action="approve"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'id="pair-%d"' % pair.pk in response.content
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED
    client.post(_url(tenant_a, "pair_action", pair_id=pair.pk, action="activate"), HTTP_HX_REQUEST="true")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE


def test_approval_without_consent_shows_who_lacks_what(client, tenant_a):
    pair = Pair.objects.filter(organization=tenant_a.organization).first()
    mentee = pair.members.get().mentee
    mentee.consents.all().delete()
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "pair_action", pair_id=pair.pk, action="approve"), HTTP_HX_REQUEST="true"
    )
    assert mentee.full_name in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PROPOSED


def test_reject_removes_the_card_and_the_mentee_waits(client, tenant_a):
    pair = Pair.objects.filter(organization=tenant_a.organization).first()
    mentee_id = pair.members.get().mentee_id
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "pair_action", pair_id=pair.pk, action="reject"), HTTP_HX_REQUEST="true"
    )
    assert response.content == b""
    assert not Pair.objects.filter(pk=pair.pk).exists()
    board = client.get(_url(tenant_a, "board"))
    assert [e.participant_id for e in board.context["unpaired"]] == [mentee_id]


def test_dissolve_from_the_pair_page_needs_a_reason(client, tenant_a):
    pair = Pair.objects.filter(organization=tenant_a.organization).first()
    client.force_login(tenant_a.curator)
    client.post(_url(tenant_a, "pair_action", pair_id=pair.pk, action="dissolve"), {"reason": ""})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PROPOSED
    client.post(_url(tenant_a, "pair_action", pair_id=pair.pk, action="dissolve"), {"reason": "Болезнь"})
    pair.refresh_from_db()
    assert (pair.status, pair.dissolution_reason) == (Pair.Status.DISSOLVED, "Болезнь")
    page = client.get(_url(tenant_a, "pair", pair_id=pair.pk))
    assert "pair.dissolved" in [e.action for e in page.context["history"]]


def _add_pairs(tenant, count):
    organization = tenant.organization
    first = Programme.objects.filter(organization=organization).first()
    # A second, older programme: the board orders pairs by programme, then by their number.
    older = ProgrammeFactory(
        organization=organization,
        title="Наставничество 2025/2026",
        form=first.form,
        academic_year=2025,
        starts_on=date(2025, 9, 1),
        ends_on=date(2026, 5, 31),
    )
    mentors = ParticipantFactory.create_batch(count, organization=organization, programme_role="mentor")
    mentees = ParticipantFactory.create_batch(count, organization=organization)
    pairs = Pair.objects.bulk_create(
        Pair(organization=organization, programme=(older, first)[index % 2], mentor=mentor)
        for index, mentor in enumerate(mentors)
    )
    PairMentee.objects.bulk_create(
        PairMentee(organization=organization, pair=pair, mentee=mentee)
        for pair, mentee in zip(pairs, mentees, strict=True)
    )
    for mentee in mentees[::2]:
        ConsentFactory(participant=mentee)


@pytest.mark.parametrize("extra_pairs", [0, 300])
def test_the_board_keeps_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries, extra_pairs
):
    _add_pairs(tenant_a, extra_pairs)
    client.force_login(tenant_a.curator)
    # Session, user, membership, workplaces (2), the unread notifications, pairs counted per
    # status, the cards shown, their mentees, the unpaired, consents, the filters' choices, the
    # savepoints of the request and of the session save: the same for 1 pair or 301.
    with django_assert_max_num_queries(20):
        response = client.get(_url(tenant_a, "board"))
    columns = response.context["columns"]
    assert sum(total for _s, _l, _pairs, _cards, total in columns) == extra_pairs + 1
    # Each column loads only the cards it shows: the first ones in the pairs' own order.
    for status, _label, shown, _cards, total in columns:
        expected = Pair.objects.filter(organization=tenant_a.organization, status=status)[:CARDS_PER_COLUMN]
        assert [p.pk for p in shown] == [p.pk for p in expected]
        assert len(shown) == min(total, CARDS_PER_COLUMN)


def test_the_school_of_mentors_page_records_sessions_and_attendance(client, tenant_a):
    programme = Programme.objects.filter(organization=tenant_a.organization).first()
    mentor = Enrollment.objects.get(programme=programme, side="mentor")
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "training", programme_id=programme.pk)
    client.post(url, {"add_session": "1", "held_on": "2026-09-10", "topic": "Роль наставника"})
    session = programme.training_sessions.get()
    client.post(url, {"session": session.pk, "present": [mentor.participant_id]})
    mentor.refresh_from_db()
    assert mentor.trained_on == date(2026, 9, 10)
    assert client.get(url).context["attended"] == {session.pk: {mentor.participant_id}}


def test_the_survey_page_saves_ranked_preferences(client, tenant_a):
    from apps.pairs.models import Preference

    programme = Programme.objects.filter(organization=tenant_a.organization).first()
    mentee = Enrollment.objects.get(programme=programme, side="mentee").participant
    mentor = Enrollment.objects.get(programme=programme, side="mentor").participant
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "survey", programme_id=programme.pk, participant_id=mentee.pk)
    assert [c.pk for c in client.get(url).context["candidates"]] == [mentor.pk]
    client.post(url, {"rank": [str(mentor.pk), "", "", "", ""]})
    assert list(Preference.objects.filter(chooser=mentee).values_list("chosen_id", "rank")) == [
        (mentor.pk, 1)
    ]


def test_the_organisation_adds_its_own_form_of_mentoring(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "forms")
    client.post(url, {"name": "Выпускник – ученик"})
    client.post(url, {"name": "Выпускник – ученик"})  # a second time: refused, not doubled
    names = list(
        MentoringForm.objects.filter(organization=tenant_a.organization).values_list("name", flat=True)
    )
    assert names.count("Выпускник – ученик") == 1
    assert len(names) == 6  # the five standard ones and the organisation's own


def test_the_enrol_list_offers_only_people_who_can_still_join(client, tenant_a):
    """Mentees already enrolled, people who left and a mentor-only person on the mentee side
    are not offered; a person of both roles stays offered on the side still open."""
    organization = tenant_a.organization
    programme = ProgrammeFactory(organization=organization)
    waiting = ParticipantFactory(organization=organization, last_name="Ожидающая")
    enrolled = ParticipantFactory(organization=organization, last_name="Включённая")
    gone = ParticipantFactory(organization=organization, last_name="Выбывшая", status="left")
    both = ParticipantFactory(organization=organization, last_name="Двойная", programme_role="both")
    Enrollment.objects.create(programme=programme, participant=enrolled, side="mentee")
    Enrollment.objects.create(programme=programme, participant=both, side="mentor")
    client.force_login(tenant_a.curator)

    page = client.get(_url(tenant_a, "programme", programme_id=programme.pk))

    offered = {person.pk: person for person in page.context["candidates"]}
    assert waiting.pk in offered and both.pk in offered
    assert enrolled.pk not in offered and gone.pk not in offered
    assert (offered[both.pk].mentor_open, offered[both.pk].mentee_open) == (False, True)
    assert f'id="enrol-{waiting.pk}"' in page.content.decode()

    refused = client.post(
        _url(tenant_a, "enroll", programme_id=programme.pk),
        {"side": "mentor", "participants": [both.pk]},
        follow=True,
    )
    assert "уже включены" in refused.content.decode()
    assert Enrollment.objects.filter(participant=both).count() == 1


def test_the_enrol_list_of_a_large_base_shows_the_first_hundred_and_finds_the_rest(
    client, tenant_a, django_assert_max_num_queries
):
    from apps.pairs.selectors import ENROL_CANDIDATES_SHOWN

    organization = tenant_a.organization
    programme = ProgrammeFactory(organization=organization)
    ParticipantFactory.create_batch(
        ENROL_CANDIDATES_SHOWN + 20, organization=organization, last_name="Аникина"
    )
    wanted = ParticipantFactory(organization=organization, last_name="Яковлева", first_name="Алёна")
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "programme", programme_id=programme.pk)

    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert len(page.context["candidates"]) == ENROL_CANDIDATES_SHOWN
    assert page.context["candidates_total"] > ENROL_CANDIDATES_SHOWN
    assert f"Показаны первые {ENROL_CANDIDATES_SHOWN} из" in page.content.decode()

    found = client.get(url, {"find": "яковлева алена"})
    assert [person.pk for person in found.context["candidates"]] == [wanted.pk]
