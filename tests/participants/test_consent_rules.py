"""The law of apps/participants/consents.py: whose consent a participant needs, by age.

Under 14 the legal representative's; from 14 to 17 the participant's own together with
the representative's; from 18 the participant's own. The rule exists twice, in Python
(`check_consent`) and in SQL (`annotate_consent_state`); the last tests build every kind
of participant and hold the two equal.
"""

import itertools
from datetime import date, timedelta

import pytest

from apps.participants.consents import (
    MISSING_BIRTH_DATE,
    MISSING_OWN,
    MISSING_REPRESENTATIVE,
    age_on,
    annotate_consent_state,
    check_consent,
    required_givers,
    years_ago,
)
from apps.participants.models import Category, Consent, Participant
from tests.factories import ConsentFactory, OrganizationFactory, ParticipantFactory

OWN = Consent.GivenBy.SUBJECT
REPRESENTATIVE = Consent.GivenBy.REPRESENTATIVE

# A fixed day keeps the birthday boundaries exact whatever the calendar says today.
DAY = date(2025, 9, 15)


def _participant(organization, birth_date, category=Category.STUDENT, **fields):
    return ParticipantFactory(organization=organization, birth_date=birth_date, category=category, **fields)


def _consent(participant, given_by, signed_on=DAY - timedelta(days=30), revoked_on=None, build=False):
    return (ConsentFactory.build if build else ConsentFactory)(
        participant=participant,
        given_by=given_by,
        signed_on=signed_on,
        revoked_on=revoked_on,
        representative_name="Петрова Анна Ивановна" if given_by == REPRESENTATIVE else "",
        representative_relation=Consent.Relation.MOTHER if given_by == REPRESENTATIVE else "",
    )


def _check(participant, day=DAY):
    return check_consent(participant, list(participant.consents.all()), day)


def _sql_ok(participant, day=DAY):
    return annotate_consent_state(Participant.objects.filter(pk=participant.pk), day).get().consent_ok


@pytest.fixture
def organization(db):
    return OrganizationFactory()


# --- The calendar ------------------------------------------------------------------


def test_age_turns_on_the_birthday_not_the_day_before():
    birth = date(2011, 9, 15)
    assert age_on(birth, date(2025, 9, 14)) == 13
    assert age_on(birth, date(2025, 9, 15)) == 14


def test_years_ago_of_29_february_is_28_february_in_a_common_year():
    assert years_ago(date(2028, 2, 29), 14) == date(2014, 2, 28)
    assert years_ago(date(2028, 2, 29), 16) == date(2012, 2, 29)
    assert years_ago(date(2025, 3, 1), 18) == date(2007, 3, 1)


# --- Under 14 ----------------------------------------------------------------------


def test_under_14_the_representatives_consent_is_enough(organization):
    child = _participant(organization, date(2015, 5, 1))
    _consent(child, REPRESENTATIVE)
    assert _check(child).valid
    assert _check(child).missing == ()
    assert _sql_ok(child) is True


def test_under_14_the_childs_own_consent_is_not_enough(organization):
    child = _participant(organization, date(2015, 5, 1))
    _consent(child, OWN)
    result = _check(child)
    assert not result.valid
    assert result.missing == (str(MISSING_REPRESENTATIVE),)
    assert _sql_ok(child) is False


def test_under_14_nothing_on_file_names_the_representatives_consent(organization):
    child = _participant(organization, date(2015, 5, 1))
    assert _check(child).missing == (str(MISSING_REPRESENTATIVE),)


# --- 14 to 17 ----------------------------------------------------------------------


def test_from_14_both_consents_are_needed(organization):
    teenager = _participant(organization, date(2010, 1, 10))
    _consent(teenager, REPRESENTATIVE)
    assert _check(teenager).missing == (str(MISSING_OWN),)
    assert _sql_ok(teenager) is False

    _consent(teenager, OWN)
    assert _check(teenager).valid
    assert _sql_ok(teenager) is True


def test_from_14_the_own_consent_alone_is_not_enough(organization):
    teenager = _participant(organization, date(2009, 12, 31))
    _consent(teenager, OWN)
    assert _check(teenager).missing == (str(MISSING_REPRESENTATIVE),)
    assert _sql_ok(teenager) is False


def test_a_teenager_with_nothing_on_file_misses_both(organization):
    teenager = _participant(organization, date(2010, 1, 10))
    assert set(_check(teenager).missing) == {str(MISSING_OWN), str(MISSING_REPRESENTATIVE)}


# --- Adults ------------------------------------------------------------------------


def test_an_adult_needs_their_own_consent(organization):
    adult = _participant(organization, date(2000, 6, 1), category=Category.GRADUATE)
    _consent(adult, REPRESENTATIVE)
    assert _check(adult).missing == (str(MISSING_OWN),)
    assert _sql_ok(adult) is False

    _consent(adult, OWN)
    assert _check(adult).valid
    assert _sql_ok(adult) is True


def test_an_adult_student_by_birth_date_needs_only_their_own(organization):
    adult = _participant(organization, date(2007, 9, 15))  # 18 on DAY
    _consent(adult, OWN)
    assert _check(adult).valid
    assert _sql_ok(adult) is True


def test_a_minor_in_an_adult_category_is_still_judged_by_birth_date(organization):
    young_graduate = _participant(organization, date(2010, 1, 1), category=Category.GRADUATE)
    _consent(young_graduate, OWN)
    assert _check(young_graduate).missing == (str(MISSING_REPRESENTATIVE),)
    assert _sql_ok(young_graduate) is False


# --- Birthday boundaries -----------------------------------------------------------


@pytest.mark.parametrize(
    "birth_date,required",
    [
        (date(2011, 9, 16), {REPRESENTATIVE}),  # 14 tomorrow
        (date(2011, 9, 15), {OWN, REPRESENTATIVE}),  # 14 today
        (date(2007, 9, 16), {OWN, REPRESENTATIVE}),  # 18 tomorrow
        (date(2007, 9, 15), {OWN}),  # 18 today
    ],
    ids=["day-before-14th", "14th-birthday", "day-before-18th", "18th-birthday"],
)
def test_birthday_boundaries(organization, birth_date, required):
    participant = _participant(organization, birth_date)
    assert required_givers(participant, DAY) == required
    for givers in (set(), {OWN}, {REPRESENTATIVE}, {OWN, REPRESENTATIVE}):
        Consent.objects.filter(participant=participant).delete()
        for given_by in givers:
            _consent(participant, given_by)
        expected = required <= givers
        assert _check(participant).valid is expected, givers
        assert _sql_ok(participant) is expected, givers


@pytest.mark.parametrize(
    "day,required",
    [
        (date(2026, 2, 28), {REPRESENTATIVE}),  # common year: not yet 14
        (date(2026, 3, 1), {OWN, REPRESENTATIVE}),  # 14 from 1 March
        (date(2028, 2, 28), {OWN, REPRESENTATIVE}),  # leap year: the day before the birthday
        (date(2028, 2, 29), {OWN, REPRESENTATIVE}),
        (date(2030, 2, 28), {OWN, REPRESENTATIVE}),  # common year: not yet 18
        (date(2030, 3, 1), {OWN}),  # 18 from 1 March
        (date(2032, 2, 29), {OWN}),
    ],
)
def test_a_birth_date_on_29_february(organization, day, required):
    leapling = _participant(organization, date(2012, 2, 29))
    _consent(leapling, REPRESENTATIVE, signed_on=date(2020, 1, 1))
    assert required_givers(leapling, day) == required
    expected = required == {REPRESENTATIVE}
    assert _check(leapling, day).valid is expected
    assert _sql_ok(leapling, day) is expected


def test_on_29_february_someone_born_on_28_february_has_had_the_birthday(organization):
    born_28 = _participant(organization, date(2014, 2, 28))
    born_1_march = _participant(organization, date(2014, 3, 1))
    for participant in (born_28, born_1_march):
        _consent(participant, REPRESENTATIVE, signed_on=date(2020, 1, 1))
    leap_day = date(2028, 2, 29)
    assert required_givers(born_28, leap_day) == {OWN, REPRESENTATIVE}
    assert required_givers(born_1_march, leap_day) == {REPRESENTATIVE}
    assert (_check(born_28, leap_day).valid, _sql_ok(born_28, leap_day)) == (False, False)
    assert (_check(born_1_march, leap_day).valid, _sql_ok(born_1_march, leap_day)) == (True, True)


# --- Consents that do not count ----------------------------------------------------


def test_a_revoked_consent_does_not_count(organization):
    child = _participant(organization, date(2015, 5, 1))
    _consent(child, REPRESENTATIVE, revoked_on=DAY - timedelta(days=1))
    assert _check(child).missing == (str(MISSING_REPRESENTATIVE),)
    assert _sql_ok(child) is False


def test_a_consent_revoked_later_still_does_not_count(organization):
    """A revocation date ahead of the day asked about still takes the consent out."""
    adult = _participant(organization, None, category=Category.TEACHER)
    _consent(adult, OWN, revoked_on=DAY + timedelta(days=5))
    assert not _check(adult).valid
    assert _sql_ok(adult) is False


def test_a_new_consent_after_a_revoked_one_counts(organization):
    child = _participant(organization, date(2015, 5, 1))
    _consent(child, REPRESENTATIVE, signed_on=date(2024, 9, 1), revoked_on=date(2025, 1, 10))
    _consent(child, REPRESENTATIVE, signed_on=date(2025, 2, 1))
    assert _check(child).valid
    assert _sql_ok(child) is True


def test_a_consent_signed_in_the_future_does_not_count(organization):
    adult = _participant(organization, date(1990, 1, 1), category=Category.TEACHER)
    _consent(adult, OWN, signed_on=DAY + timedelta(days=1))
    assert _check(adult).missing == (str(MISSING_OWN),)
    assert _sql_ok(adult) is False
    # From the signing day on it counts.
    assert _check(adult, DAY + timedelta(days=1)).valid
    assert _sql_ok(adult, DAY + timedelta(days=1)) is True


def test_a_consent_signed_on_the_day_counts(organization):
    adult = _participant(organization, date(1990, 1, 1), category=Category.TEACHER)
    _consent(adult, OWN, signed_on=DAY)
    assert _check(adult).valid
    assert _sql_ok(adult) is True


# --- Without a birth date ----------------------------------------------------------


@pytest.mark.parametrize(
    "category", [Category.TEACHER, Category.YOUNG_SPECIALIST, Category.EMPLOYER, Category.PARENT]
)
def test_adult_categories_without_a_birth_date_need_their_own_consent(organization, category):
    adult = _participant(organization, None, category=category)
    _consent(adult, REPRESENTATIVE)
    assert required_givers(adult, DAY) == {OWN}
    assert _check(adult).missing == (str(MISSING_OWN),)
    assert _sql_ok(adult) is False

    _consent(adult, OWN)
    assert _check(adult).valid
    assert _sql_ok(adult) is True


def test_a_student_without_a_birth_date_is_never_valid(organization):
    student = _participant(organization, None)
    _consent(student, OWN)
    _consent(student, REPRESENTATIVE)
    result = _check(student)
    assert not result.valid
    assert result.missing == (str(MISSING_BIRTH_DATE),)
    assert _sql_ok(student) is False


@pytest.mark.parametrize("category", [Category.GRADUATE, Category.UNIVERSITY_STUDENT, Category.OTHER])
def test_other_categories_without_a_birth_date_are_not_valid_either(organization, category):
    participant = _participant(organization, None, category=category)
    _consent(participant, OWN)
    _consent(participant, REPRESENTATIVE)
    assert required_givers(participant, DAY) is None
    assert _check(participant).missing == (str(MISSING_BIRTH_DATE),)
    assert _sql_ok(participant) is False


def test_the_default_day_is_today(organization):
    adult = _participant(organization, None, category=Category.TEACHER)
    _consent(adult, OWN, signed_on=date.today() - timedelta(days=1))
    assert check_consent(adult, list(adult.consents.all())).valid
    assert annotate_consent_state(Participant.objects.filter(pk=adult.pk)).get().consent_ok is True


def test_the_annotation_reports_each_kind_of_consent(organization):
    teenager = _participant(organization, date(2010, 1, 10))
    _consent(teenager, OWN)
    _consent(teenager, REPRESENTATIVE, revoked_on=DAY)
    row = annotate_consent_state(Participant.objects.filter(pk=teenager.pk), DAY).get()
    assert (row.has_own_consent, row.has_representative_consent, row.consent_ok) == (True, False, False)


# --- Python and SQL never disagree -------------------------------------------------


def _birth_dates(day):
    """Around every boundary that matters on `day`, plus 29 February births."""
    dates = [None, day + timedelta(days=10)]  # unknown, and a mistaken date in the future
    for years in (0, 10, 14, 18, 40):
        anniversary = years_ago(day, years)
        dates += [anniversary - timedelta(days=1), anniversary, anniversary + timedelta(days=1)]
    dates += [date(2012, 2, 29), date(2008, 2, 29), date(2004, 2, 29)]
    return sorted(set(dates), key=lambda d: (d is None, d))


CATEGORIES = [Category.STUDENT, Category.TEACHER, Category.GRADUATE, Category.PARENT, Category.OTHER]


def _consent_sets(day):
    """Each consent as (given_by, signed_on, revoked_on)."""
    past, future = day - timedelta(days=100), day + timedelta(days=1)
    own, rep = (OWN, past, None), (REPRESENTATIVE, past, None)
    return [
        (),
        (own,),
        (rep,),
        (own, rep),
        ((OWN, past, day - timedelta(days=1)), rep),
        (own, (REPRESENTATIVE, past, day)),
        ((OWN, future, None), rep),
        (own, (REPRESENTATIVE, day, None)),
        (own, (REPRESENTATIVE, future, None)),
        ((OWN, past, past), own, (REPRESENTATIVE, past, past)),
    ]


@pytest.mark.parametrize(
    "day",
    [date(2025, 9, 15), date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29), date(2027, 12, 31)],
)
def test_python_and_sql_agree_for_every_participant(organization, day):
    # The same rows as _participant and _consent make, written in two bulk inserts instead of
    # ~2,700 (the roadmap's post_save receiver has no roadmap to mark here).
    matrix = list(itertools.product(_birth_dates(day), CATEGORIES, _consent_sets(day)))
    participants = Participant.objects.bulk_create(
        ParticipantFactory.build(organization=organization, birth_date=birth_date, category=category)
        for birth_date, category, _consents in matrix
    )
    Consent.objects.bulk_create(
        _consent(participant, given_by, signed_on=signed_on, revoked_on=revoked_on, build=True)
        for participant, (_birth, _category, consents) in zip(participants, matrix, strict=True)
        for given_by, signed_on, revoked_on in consents
    )
    expected = {participant.pk: row for participant, row in zip(participants, matrix, strict=True)}

    annotated = annotate_consent_state(
        Participant.objects.filter(organization=organization).prefetch_related("consents"), day
    )
    seen = {True: 0, False: 0}
    givers_seen = set()
    for participant in annotated:
        python = check_consent(participant, participant.consents.all(), day).valid
        assert python is participant.consent_ok, (
            f"Python says {python}, SQL says {participant.consent_ok} on {day} for {expected[participant.pk]}"
        )
        seen[python] += 1
        givers = required_givers(participant, day)
        givers_seen.add(frozenset(givers) if givers is not None else None)
    assert len(expected) == sum(seen.values()) > 500
    # The matrix exercises every outcome and every rule, or it would prove little.
    assert seen[True] > 0 and seen[False] > 0
    assert givers_seen == {
        frozenset({REPRESENTATIVE}),
        frozenset({OWN, REPRESENTATIVE}),
        frozenset({OWN}),
        None,
    }
