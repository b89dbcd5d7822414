"""The Russian wording of reminders and digests.

Texts are stored and e-mailed in Russian (the documents' language) whatever language is
active, and name no participant: a pair is «пара № 12», missing consents are a count.
Plurals come from the Russian catalogue (locale/ru), never from a hand-written rule.
"""

import re
from datetime import date

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import ngettext, npgettext

from apps.core.text import in_quotes
from apps.pairs.models import Meeting

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
