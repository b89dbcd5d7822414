"""Which consents a participant needs, by age (152-ФЗ art. 9, Civil Code art. 26, 28):

- under 14: the legal representative's consent;
- from 14 to 18: the participant's own consent together with the representative's;
- adults: their own consent.

The same rule exists twice on purpose: in Python for one participant (`check_consent`)
and in SQL for the registry (`annotate_consent_state`); tests hold them equal.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ADULT_CATEGORIES, Consent, Participant

CHILD_AGE = 14
ADULT_AGE = 18

MISSING_OWN = _("the participant's own consent")
MISSING_REPRESENTATIVE = _("the legal representative's consent")
MISSING_BIRTH_DATE = _("the birth date, to know whose consent is needed")


def years_ago(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class ConsentCheck:
    valid: bool
    missing: tuple[str, ...]


def required_givers(participant: Participant, day: date) -> set[str] | None:
    """Who must have consented; None when the birth date is needed to tell."""
    if participant.birth_date is None:
        return {Consent.GivenBy.SUBJECT} if participant.category in ADULT_CATEGORIES else None
    age = age_on(participant.birth_date, day)
    if age < CHILD_AGE:
        return {Consent.GivenBy.REPRESENTATIVE}
    if age < ADULT_AGE:
        return {Consent.GivenBy.SUBJECT, Consent.GivenBy.REPRESENTATIVE}
    return {Consent.GivenBy.SUBJECT}


def consent_rule(participant: Participant, day: date | None = None) -> str:
    """The rule that applies to this participant, in words for the card."""
    day = day or timezone.localdate()
    if participant.birth_date is None:
        if participant.category in ADULT_CATEGORIES:
            return str(RULE_ADULT)
        return str(RULE_UNKNOWN)
    age = age_on(participant.birth_date, day)
    if age < CHILD_AGE:
        return str(RULE_CHILD)
    if age < ADULT_AGE:
        return str(RULE_TEEN)
    return str(RULE_ADULT)


RULE_CHILD = _(
    "Under 14: the legal representative consents; the child's own consent is not needed "
    "(a consent of the child on file does not replace it)."
)
RULE_TEEN = _("From 14 to 18: the participant's own consent and the legal representative's are both needed.")
RULE_ADULT = _("An adult: the participant's own consent is needed.")
RULE_UNKNOWN = _("The birth date decides whose consent is needed: under 14 the representative's only.")


def check_consent(participant: Participant, consents, day: date | None = None) -> ConsentCheck:
    """Is the participant's personal data covered by consents in force on `day`?"""
    day = day or timezone.localdate()
    required = required_givers(participant, day)
    if required is None:
        return ConsentCheck(False, (str(MISSING_BIRTH_DATE),))
    given = {c.given_by for c in consents if c.revoked_on is None and c.signed_on <= day}
    labels = {Consent.GivenBy.SUBJECT: MISSING_OWN, Consent.GivenBy.REPRESENTATIVE: MISSING_REPRESENTATIVE}
    missing = tuple(str(labels[g]) for g in sorted(required - given))
    return ConsentCheck(not missing, missing)


def annotate_consent_state(participants: QuerySet, day: date | None = None) -> QuerySet:
    """Add `has_own_consent`, `has_representative_consent` and `consent_ok` in one query."""
    day = day or timezone.localdate()

    def consent_exists(given_by):
        return Exists(
            Consent.objects.filter(
                participant=OuterRef("pk"), given_by=given_by, revoked_on__isnull=True, signed_on__lte=day
            )
        )

    under_14 = Q(birth_date__gt=years_ago(day, CHILD_AGE))
    under_18 = Q(birth_date__gt=years_ago(day, ADULT_AGE))
    age_unknown = Q(birth_date__isnull=True) & ~Q(category__in=ADULT_CATEGORIES)
    own, representative = Q(has_own_consent=True), Q(has_representative_consent=True)
    return participants.annotate(
        has_own_consent=consent_exists(Consent.GivenBy.SUBJECT),
        has_representative_consent=consent_exists(Consent.GivenBy.REPRESENTATIVE),
    ).annotate(
        consent_ok=Case(
            When(age_unknown, then=Value(False)),
            When(under_14 & representative, then=Value(True)),
            When(under_14, then=Value(False)),
            When(under_18 & own & representative, then=Value(True)),
            When(under_18, then=Value(False)),
            When(own, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
