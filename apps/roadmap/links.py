"""The orders a roadmap activity names, read from its words: «Издание приказа о поощрении…»,
«приказ «Об утверждении наставнических пар, групп»», «Закрепление пар распоряжением…».

One phrase table for the whole portal: the importer links an activity of a school's file with it,
and the built-in templates' own links agree with it (tests/roadmap/test_links.py), so an order
approved in the portal marks the activity done whichever way the roadmap was made (rules 7 and 8
of builtin_templates/SCHEMA.md). Kinds are those of apps.orders.models.Kind.
"""

import re

# An order word near the phrase: «приказ», «распоряжение» (003 fixes pairs by one).
ORDER = r"(?:приказ|распоряжени)\w*"
NEAR = r"[^.;]{0,60}?"  # within the same sentence

ORDER_PHRASES: list[tuple[str, str]] = [
    ("implement_model", rf"{ORDER}{NEAR}(?:о|об)\s+(?:внедрени|введени|реализаци)\w*\s+(?:\w+\s+)?модел"),
    ("regulation", r"утвержд\w*\s+(?:\w+\s+)?положени\w*\s+о\s+(?:\w+\s+){0,2}наставничеств"),
    ("roadmap", r"утвержд\w*\s+(?:\w+\s+)?дорожн\w*\s+карт"),
    (
        "curator",
        rf"{ORDER}{NEAR}назначени\w*\s+(?:\w+\s+)?куратор|назначени\w*\s+(?:\w+\s+)?куратор\w*{NEAR}{ORDER}",
    ),
    ("mentor_school", rf"{ORDER}{NEAR}школ\w*\s+наставник"),
    (
        "pairs",
        rf"{ORDER}{NEAR}(?:утвержд|закрепл)\w*\s+(?:\w+\s+){{0,2}}пар"
        rf"|(?:утвержд|закрепл)\w*\s+(?:\w+\s+){{0,2}}пар\w*{NEAR}{ORDER}",
    ),
    ("reward", rf"{ORDER}{NEAR}поощрени"),
    ("final_event", rf"{ORDER}{NEAR}(?:проведени\w*\s+)?итогов\w*\s+(?:мероприяти|конференци|встреч)"),
]
COMPILED = [(kind, re.compile(words, re.I)) for kind, words in ORDER_PHRASES]
# Every phrase has one of these words: most activities are passed over by one search.
ANY_PHRASE = re.compile(rf"{ORDER}|утвержд", re.I)

# The portal event that completes an activity naming one order kind (rule 7): the order itself,
# and for the pairs' order the approval of the pairs (which the order brings about).
EVENT_OF_KIND = {"pairs": "pairs_approved"}


# «Заключение соглашений с организациями-партнерами» (002 1.3), «заключение договоров о
# сотрудничестве с партнёрами»: an agreement concluded on a partner's page completes it.
PARTNER_AGREEMENT = re.compile(
    r"(?:заключени|подписани)\w*\s+(?:\w+\s+){0,2}(?:соглашени|договор)\w*[^.;]{0,80}?партн", re.I
)


def orders_named(*texts: str) -> list[str]:
    """The order kinds the texts name, in the table's order, each once."""
    text = " ".join(" ".join(str(t or "").replace("ё", "е").split()) for t in texts)
    if not ANY_PHRASE.search(text):
        return []
    return [kind for kind, phrase in COMPILED if phrase.search(text)]


# Activities the public section «Наставничество» completes (apps.public), read from the title
# only: «Информирование … (через раздел на сайте, родительские собрания, классные часы)» mixes
# several things in its content and stays the curator's to mark.
PUBLIC_SECTION_PHRASES: list[tuple[str, re.Pattern]] = [
    ("results_published", re.compile(r"публикаци\w*\s+(?:\w+\s+){0,2}результат", re.I)),
    (
        "public_informing",
        re.compile(r"(?:рубрик|раздел)\w*[^.;]{0,60}?сайт|информировани\w*\s+через\s+раздел", re.I),
    ),
]


def public_section_event(title: str) -> str:
    """The public section's event an activity's title names, or ""."""
    text = " ".join(str(title or "").replace("ё", "е").split())
    return next((event for event, phrase in PUBLIC_SECTION_PHRASES if phrase.search(text)), "")


def links_of(activity: dict) -> dict:
    """{"orders": [...], "event": "..."} of a template-shaped activity, read from its title,
    content and result: one order named makes it the event that completes the activity
    («order:reward», or «pairs_approved»), several are all needed (rule 8)."""
    kinds = orders_named(
        activity.get("title", ""), *(activity.get("content") or []), activity.get("result", "")
    )
    if len(kinds) == 1:
        return {"orders": kinds, "event": EVENT_OF_KIND.get(kinds[0], f"order:{kinds[0]}")}
    if not kinds and PARTNER_AGREEMENT.search(activity.get("title", "").replace("ё", "е")):
        return {"orders": [], "event": "partner_agreement"}
    return {"orders": kinds, "event": "" if kinds else public_section_event(activity.get("title", ""))}
