"""The built-in roadmap templates: the five seed roadmaps, curated into JSON.

Each file in builtin_templates/ follows builtin_templates/SCHEMA.md. Deadlines keep the
seed's words and years; creating a roadmap shifts them to the chosen year.
"""

import json
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "builtin_templates"
# The seed documents the templates reproduce, kept beside them.
SEEDS_DIR = TEMPLATES_DIR / "seeds"


@cache
def all_templates() -> dict[str, dict]:
    """Templates by key, in the order of their seed numbers."""
    templates = {}
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        templates[data["key"]] = data
    return templates


def templates_for(owner_kind: str) -> list[dict]:
    """An organisation picks from the organisations' templates, a committee from the committees'."""
    return [t for t in all_templates().values() if t["owner_kind"] == owner_kind]


def get_template(key: str) -> dict | None:
    return all_templates().get(key)
