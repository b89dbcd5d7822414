"""The one validator of answers: a value as a page's form, a survey's link or an imported
cell gives it, cleaned by the question's kind, or a ValidationError with a translated
message. Choice answers are matched ignoring case, extra spaces and ё/е; an import passes its
value mapping (answers as the file writes them → choices) and keeps «Другое: …» as written."""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.text import normalise, tidy

from .models import Question

TEXT_MAX_LENGTH = 5000
EMPTY = (None, "", [])

OTHER_ANSWER = re.compile(r"^(другое|другой|иное|other)\b", re.IGNORECASE)
OTHER_IN_LIST = re.compile(r"(?:^|[,;])\s*((?:другое|другой|иное|other)\s*:.*)$", re.IGNORECASE | re.DOTALL)
YES = {"да", "yes", "true", "1", "+"}
NO = {"нет", "no", "false", "0", "-"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")


def split_choices(value) -> list[str]:
    """A multiple-choice cell: Google Forms joins answers with «, », people with «; ».
    «Другое: …» (the form's own answer) keeps its commas: everything after it is one answer."""
    if isinstance(value, list | tuple):
        return [tidy(v) for v in value if tidy(v)]
    text = tidy(value)
    if not text:
        return []
    other = OTHER_IN_LIST.search(text)
    rest = text[: other.start()] if other else text
    separator = ";" if ";" in rest else ","
    parts = [p.strip() for p in rest.split(separator) if p.strip()]
    return [*parts, other.group(1).strip()] if other else parts


def is_empty(value) -> bool:
    return value in EMPTY or (isinstance(value, str) and not value.strip())


def answer_clean(question: Question, value, *, values: dict[str, str] | None = None, from_file=False):
    """The answer to `question`: text, a choice, a list of choices, a number on the scale,
    True/False, a number or an ISO date; None for no answer (`required` is checked by the
    caller, which knows whether the question was asked). `from_file`: a cell of an import,
    whose text is tidied and whose «Другое: …» is kept as written."""
    if is_empty(value):
        return None
    kind = question.kind
    if kind == Question.Kind.TEXT:
        text = tidy(value) if from_file else str(value).strip()
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("The answer is too long: at most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
            )
        return text
    if kind == Question.Kind.SCALE:
        number = _number(value)
        if number is None or number != int(number) or not 1 <= number <= question.scale_max:
            raise ValidationError(_("Give a number from 1 to %(max)d.") % {"max": question.scale_max})
        return int(number)
    if kind == Question.Kind.NUMBER:
        number = _number(value)
        if number is None:
            raise ValidationError(_("Give a number."))
        return int(number) if number == int(number) else number
    if kind == Question.Kind.YES_NO:
        if isinstance(value, bool):
            return value
        word = normalise(value)
        if word in YES:
            return True
        if word in NO:
            return False
        raise ValidationError(_("Answer «да» or «нет»."))
    if kind == Question.Kind.DATE:
        day = _date(value)
        if day is None:
            raise ValidationError(_("Give a date such as 25.12.2010."))
        return day.isoformat()
    return _choices(question, value, values or {}, from_file)


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ".").replace(" ", ""))
    except ValueError:
        return None


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = tidy(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _allowed(question: Question) -> dict[str, str]:
    allowed = question.__dict__.get("_allowed_choices")
    if allowed is None:  # once per question, not per answer (an import checks thousands)
        allowed = question.__dict__["_allowed_choices"] = {normalise(c): c for c in question.choices}
    return allowed


def _choices(question: Question, value, values: dict[str, str], from_file: bool):
    allowed = _allowed(question)
    single = question.kind == Question.Kind.CHOICE
    parts = [tidy(value)] if single else split_choices(value)
    chosen = []
    for part in parts:
        key = normalise(values.get(normalise(part), part))
        if key in allowed:
            chosen.append(allowed[key])
        elif from_file and OTHER_ANSWER.match(part):
            chosen.append(part)
        else:
            raise ValidationError(
                _("«%(value)s» is not one of: %(allowed)s.")
                % {"value": part, "allowed": "; ".join(question.choices)}
            )
    if not chosen:
        return None
    return chosen[0] if single else chosen
