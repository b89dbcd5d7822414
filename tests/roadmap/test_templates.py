"""The five built-in templates against the seed roadmaps they reproduce."""

import re

import pytest

from apps.roadmap.template_library import SEEDS_DIR, all_templates, get_template

SEEDS = SEEDS_DIR

# key: (stages, activities, a stage title, an activity title, a content item or "", a deadline)
EXPECTED = {
    "lyceum7": (
        7,
        23,
        "Подготовка условий для запуска целевой модели наставничества",
        "Закрепление наставнических пар, групп",
        "Издание приказа «Об утверждении наставнических пар, групп»",
        "01.12.2020 – май 2021",
    ),
    "borisovka": (
        6,
        15,
        "Формирование банка наставляемых",
        "Обучение наставников для работы с наставляемыми",
        "подготовка методических материалов для сопровождения наставнической деятельности",
        "Август - сентябрь",
    ),
    "kalachinsk": (
        5,
        20,
        "Нормативное правовое регулирование внедрения методологии (целевой модели) наставничества "
        "обучающихся образовательных организациях",
        "Формирование наставнических пар или групп",
        "",
        "Ноябрь 2020 г.",
    ),
    "valuyki": (
        7,
        35,
        "Формирование базы наставников",
        "Обучение наставников",
        "",
        "октябрь — май текущего года",
    ),
    "gloria": (
        5,
        20,
        "Организационно-методическое сопровождение деятельности",
        "Формирование наставнических пар или групп",
        "",
        "До 15.09.2024",
    ),
}


def normalise(text: str) -> str:
    """Lower case, letters and digits only: what survives page breaks, tags and hyphens."""
    return re.sub(r"[^0-9a-zа-яё]", "", re.sub(r"<[^>]+>", " ", text.lower()))


def in_seed(text: str, seed: str) -> bool:
    """The text is in the seed, or is two pieces of it that a page break split apart."""
    text = normalise(text)
    if not text or text in seed:
        return True
    return any(text[:cut] in seed and text[cut:] in seed for cut in range(3, len(text) - 2))


def texts(template: dict):
    """Every text of a template that must come from its seed, with where it is."""
    for index, paragraph in enumerate(template["preamble"]):
        yield f"preamble {index}", paragraph
    for stage in template["stages"]:
        yield f"stage {stage['number']}", stage["title"]
        yield f"note of stage {stage['number']}", stage["note"]
        for activity in stage["activities"]:
            where = f"stage {stage['number']}, activity {activity['number'] or activity['title'][:40]}"
            for field in ("title", "deadline", "result", "indicator"):
                yield f"{where}, {field}", activity[field]
            for item in activity["content"]:
                yield f"{where}, content", item


def test_there_is_one_template_per_seed():
    assert sorted(t["seed"] for t in all_templates().values()) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert set(all_templates()) == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_template_reproduces_its_seed(key):
    template = get_template(key)
    seed = normalise((SEEDS / template["seed"]).read_text(encoding="utf-8"))
    stages, activities, stage_title, activity_title, content_item, deadline = EXPECTED[key]

    assert len(template["stages"]) == stages
    assert sum(len(s["activities"]) for s in template["stages"]) == activities
    assert stage_title in [s["title"] for s in template["stages"]]
    all_activities = [a for s in template["stages"] for a in s["activities"]]
    assert activity_title in [a["title"] for a in all_activities]
    if content_item:
        assert content_item in [item for a in all_activities for item in a["content"]]
    if deadline:
        assert deadline in [a["deadline"] for a in all_activities]
    # Faithful: every text of the template is the seed's own wording.
    foreign = [where for where, text in texts(template) if not in_seed(text, seed)]
    assert not foreign, f"{key}: not in the seed: {foreign}"
    # The title is the seed's, with the owner's name as a placeholder.
    title = template["title"].replace("{organization}", template["seed_owner_name"])
    assert in_seed(title, seed)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_template_names_roles_not_people(key):
    """«Смирнова Л.М.» in a seed becomes «Куратор» in its template."""
    initials = re.compile(r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.")
    for stage in get_template(key)["stages"]:
        for activity in stage["activities"]:
            for entry in activity["responsible"]:
                assert not initials.search(entry["text"]), f"{key}: a person's name {entry['text']!r}"
                assert entry.get("role", "") in {"", "director", "curator", "staff", "mentor", "committee"}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_seed_table_row_is_in_its_template(key):
    """Complete: each activity row of the seed's table (a numbered row, or a row with a
    deadline) has its text somewhere in the template."""
    template = get_template(key)
    template_text = normalise(
        " ".join(
            " ".join([s["title"], s["note"]] + [a["title"] + " ".join(a["content"]) for a in s["activities"]])
            for s in template["stages"]
        )
    )
    seed_lines = (SEEDS / template["seed"]).read_text(encoding="utf-8").splitlines()
    missing = []
    for line in seed_lines:
        cells = [c for c in line.split("\t")]
        if len(cells) < 3 or not cells[0].strip().rstrip(".").replace(".", "").isdigit():
            continue
        main = max(cells[1:3], key=len)  # the stage or activity text of a numbered row
        # Item numbers «1)», «2. » are dropped by the template, which lists the items instead.
        main = re.sub(r"(?:^|(?<=[\s>]))\d{1,2}(?:\)|\.\s+(?=[А-ЯЁ]))\s*", "", main)
        piece = normalise(main)[:60]
        if piece and piece not in template_text:
            missing.append(line[:80])
    assert not missing, f"{key}: seed rows missing from the template: {missing}"
