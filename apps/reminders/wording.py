"""The Russian wording of reminders and digests.

Texts are stored and e-mailed in Russian (the documents' language) whatever language is
active. A pair is named by its people as the board shows them («Зайцева О.П. и Никитина А.С.»:
the reminder goes to the pair's mentor and curator, who know them); missing consents are a count.
Plurals come from the Russian catalogue (locale/ru), never from a hand-written rule.
"""

import re
from datetime import date

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import ngettext, npgettext

from apps.core.text import in_quotes
from apps.pairs.models import Meeting, Pair, PairMentee

MEETING_KINDS_RU = {
    Meeting.Kind.ORGANISATIONAL: "организационная встреча",
    Meeting.Kind.TRIAL: "пробная встреча",
    Meeting.Kind.PLANNING: "встреча-планирование",
    Meeting.Kind.REGULAR: "встреча",
    Meeting.Kind.FINAL: "итоговая встреча",
}


def days_ru(number: int) -> str:
    """«1 день», «3 дня», «5 дней»."""
    with translation.override("ru"):
        return ngettext("%(count)d day", "%(count)d days", number) % {"count": number}


def days_genitive_ru(number: int) -> str:
    """After «дольше», «больше»: «1 дня», «21 дня», «5 дней» (never «дольше 21 день»)."""
    with translation.override("ru"):
        return npgettext("genitive", "%(count)d day", "%(count)d days", number) % {"count": number}


def participants_ru(number: int) -> str:
    """In the genitive: «(у, из) 1 участника», «5 участников»."""
    with translation.override("ru"):
        return npgettext("genitive", "%(count)d participant", "%(count)d participants", number) % {
            "count": number
        }


def reminders_ru(number: int) -> str:
    """«1 напоминание», «2 напоминания», «5 напоминаний»."""
    with translation.override("ru"):
        return ngettext("%(count)d reminder", "%(count)d reminders", number) % {"count": number}


def when_ru(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "сегодня"
    if days == 1:
        return "завтра"
    return f"через {days_ru(days)}"


def quoted(text: str, length: int = 120) -> str:
    """«Title» on one line, shortened for a notification's title; a title in quotation marks
    of its own («Шаг в науку») gets no second pair."""
    one_line = re.sub(r"\s+", " ", text).strip()
    return in_quotes(Truncator(one_line).chars(length))


def first_upper(text: str) -> str:
    """The first letter capital, the rest as written (str.capitalize lowers surnames)."""
    return text[:1].upper() + text[1:]


def pair_names_ru(pair_ids) -> dict[int, str]:
    """«пара Зайцева О.П. и Никитина А.С.» or «группа Зайцева О.П. и 3 наставляемых», by pair id,
    in two queries for any number of pairs."""
    pair_ids = set(pair_ids)
    mentors = dict(
        (pk, f"{last} {''.join(f'{p[0]}.' for p in (first, patronymic) if p)}".strip())
        for pk, last, first, patronymic in Pair.objects.filter(pk__in=pair_ids).values_list(
            "pk", "mentor__last_name", "mentor__first_name", "mentor__patronymic"
        )
    )
    mentees: dict[int, list[str]] = {}
    rows = (
        PairMentee.objects.filter(pair_id__in=pair_ids, left_at__isnull=True)
        .order_by("pk")
        .values_list("pair_id", "mentee__last_name", "mentee__first_name", "mentee__patronymic")
    )
    for pair_id, last, first, patronymic in rows:
        mentees.setdefault(pair_id, []).append(
            f"{last} {''.join(f'{p[0]}.' for p in (first, patronymic) if p)}".strip()
        )
    names = {}
    for pk, mentor in mentors.items():
        people = mentees.get(pk, [])
        if len(people) > 3:
            names[pk] = f"группа: {mentor} и {len(people)} наставляемых"
        elif people:
            names[pk] = f"{'группа' if len(people) > 1 else 'пара'}: {mentor} и {', '.join(people)}"
        else:
            names[pk] = f"наставник {mentor}"
    return names
