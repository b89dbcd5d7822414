"""How cell texts and headers are compared: case, extra spaces and ё/е do not matter."""

import re

SPACES = re.compile(r"\s+")


def normalise(value) -> str:
    text = "" if value is None else str(value)
    return SPACES.sub(" ", text.replace("ё", "е").replace("Ё", "Е")).strip().rstrip("*").strip().casefold()


def tidy(value) -> str:
    """A cell as text without extra spaces (the case is kept)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return SPACES.sub(" ", str(value)).strip()
