"""Russian wording every app shares: quotation marks that never double («программа
««Шаг в науку»»» was one), and people's names with their initials in one format:
«Смирнова Л.М.», never «Смирнова Л. М.»."""

import re

# A name or title already enclosed in quotation marks of its own.
_ENCLOSED = re.compile(r"^\s*(«.*»|„.*“|\".*\")\s*$", re.DOTALL)
# An initial as people type it in a name field: «Л.» or «Л».
_INITIAL = re.compile(r"^\w\.?$")


def in_quotes(text: str) -> str:
    """«text», unless the text is already in quotation marks («Шаг в науку» stays as it is)."""
    text = str(text).strip()
    return text if _ENCLOSED.match(text) else f"«{text}»"


def initials(*names: str) -> str:
    """«Л.М.» from «Людмила», «Михайловна» (or from «Л.», «М.»), without spaces."""
    return "".join(f"{name.strip()[0]}." for name in names if name and name.strip())


def person_full_name(last_name: str, first_name: str, patronymic: str) -> str:
    """«Смирнова Людмила Михайловна»; a person known by initials only is «Смирнова Л.М.»."""
    given = [name.strip() for name in (first_name, patronymic) if name and name.strip()]
    if given and all(_INITIAL.match(name) for name in given):
        return f"{last_name} {initials(*given)}".strip()
    return " ".join(part for part in (last_name, *given) if part)


def person_short_name(last_name: str, first_name: str, patronymic: str) -> str:
    """«Смирнова Л.М.», the form of orders and roadmaps."""
    return f"{last_name} {initials(first_name, patronymic)}".strip()


# --- How cell texts and headers are compared: case, extra spaces and ё/е do not matter. ---
SPACES = re.compile(r"\s+")


RUNS = re.compile(r"\s\s|[^\S ]")  # two spaces in a row, or a tab, a line break…


def _spaces(text: str) -> str:
    # Most cells have single spaces only: the regular expression runs only where needed.
    return SPACES.sub(" ", text) if RUNS.search(text) else text


def normalise(value) -> str:
    text = "" if value is None else str(value)
    return _spaces(text.replace("ё", "е").replace("Ё", "Е")).strip().rstrip("*").strip().casefold()


def tidy(value) -> str:
    """A cell as text without extra spaces (the case is kept)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return _spaces(str(value)).strip()
