"""Russian organisations' requisites: ИНН and ОГРН with their check digits.

ИНН: 10 digits for an organisation, 12 for an individual entrepreneur; ОГРН: 13 digits,
ОГРНИП: 15. The check digits catch a mistyped or swapped digit before it reaches the
committee's list, where partners of several schools are matched by ИНН.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    if not value.isdigit():
        return False
    if len(value) == 10:
        return _check_digit(value, INN10_WEIGHTS) == int(value[9])
    if len(value) == 12:
        return _check_digit(value, INN11_WEIGHTS) == int(value[10]) and _check_digit(
            value, INN12_WEIGHTS
        ) == int(value[11])
    return False


def ogrn_is_valid(value: str) -> bool:
    if not value.isdigit():
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def validate_inn(value: str) -> None:
    if not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(
            _("The INN has 10 digits (an organisation) or 12 (an entrepreneur)."), code="inn_length"
        )
    if not inn_is_valid(value):
        raise ValidationError(_("The INN's check digits do not match: check the number."), code="inn_check")


def validate_ogrn(value: str) -> None:
    if not value.isdigit() or len(value) not in (13, 15):
        raise ValidationError(
            _("The OGRN has 13 digits (15 for an entrepreneur's OGRNIP)."), code="ogrn_length"
        )
    if not ogrn_is_valid(value):
        raise ValidationError(
            _("The OGRN's check digit does not match: check the number."), code="ogrn_check"
        )
