"""How cell texts and headers are compared: case, extra spaces and ё/е do not matter."""

import re

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
