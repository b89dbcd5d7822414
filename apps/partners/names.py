"""How two schools' rows of one partner are recognised as the same organisation on the
committee's list: by ИНН, else by the name without its legal form, quotation marks, case,
ё and extra spaces («ООО "Омсктехуглерод"» = «Омсктехуглерод, ООО»)."""

import re

from apps.core.text import normalise

LEGAL_FORMS = (
    "общество с ограниченной ответственностью",
    "публичное акционерное общество",
    "акционерное общество",
    "ооо",
    "оао",
    "зао",
    "пао",
    "ао",
    "ип",
    "мкоу",
    "мбоу",
    "моу",
    "гбпоу",
    "бпоу",
    "фгбоу во",
    "фгбоу",
    "фгаоу во",
    "фгаоу",
    "ано",
    "нко",
)
_FORMS = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in LEGAL_FORMS) + r")(?!\w)")
_PUNCTUATION = re.compile(r"[«»\"“”„'`.,()\-–—№]+")


def name_key(name: str) -> str:
    text = normalise(name)
    text = _PUNCTUATION.sub(" ", text)
    text = _FORMS.sub(" ", text)
    return " ".join(text.split())


def partner_key(*, inn: str, name: str) -> str:
    return f"inn:{inn}" if inn else f"name:{name_key(name)}"
