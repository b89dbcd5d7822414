"""An imported activity that names an order gets the links the templates have (one phrase table,
apps/roadmap/links.py), so approving that order, or the pairs it approves, marks it done."""

import pytest
from django.core.management import call_command

from apps.orders.models import Kind
from apps.roadmap.links import ORDER_PHRASES, links_of, orders_named
from apps.roadmap.models import Activity, Roadmap
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import all_templates
from tests.roadmap.shapes import shaped_docx
from tests.roadmap.test_services import _approve


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Приказ о поощрении участников наставнической деятельности", ["reward"]),
        ("Издание приказа «Об утверждении наставнических пар, групп»", ["pairs"]),
        ("приказ об утверждении пар", ["pairs"]),
        ("Закрепление пар/групп распоряжением руководителя", ["pairs"]),
        ("Издание приказа о назначении куратора внедрения целевой модели", ["curator"]),
        ("Издание приказа о внедрении целевой модели наставничества", ["implement_model"]),
        ("Разработка и утверждение положения о наставничестве", ["regulation"]),
        ("Утверждение дорожной карты", ["roadmap"]),
        ("Издание приказа об организации «Школы наставников»", ["mentor_school"]),
        ("Приказ «О проведении итогового мероприятия»", ["final_event"]),
        # no order named
        ("Формирование наставнических пар", []),
        ("Организация «Школы наставников» и проведение обучения", []),
        ("Поощрение наставников грамотами", []),
    ],
)
def test_the_phrases_of_each_order_kind(text, kinds):
    assert orders_named(text) == kinds


def test_every_kind_of_the_table_is_a_kind_of_order():
    assert {kind for kind, _words in ORDER_PHRASES} <= set(Kind.values)


def _completing(links: dict) -> set[str]:
    """The order kinds whose approval completes an activity with these links."""
    event = links.get("event") or ""
    kinds = set(links.get("orders") or [])
    if event.startswith("order:"):
        kinds.add(event.removeprefix("order:"))
    if event == Activity.Event.PAIRS_APPROVED:  # the pairs' order approves them
        kinds.add("pairs")
    return kinds


@pytest.mark.parametrize("key", sorted(all_templates()))
def test_the_templates_links_agree_with_the_phrase_table(key):
    """Where a template activity names orders, the table reads the same orders from it as the
    template links (an activity the table links and the template does not would be a gap)."""
    checked = 0
    for stage in all_templates()[key]["stages"]:
        for activity in stage["activities"]:
            found = links_of(activity)
            if not found["orders"] or all_templates()[key]["owner_kind"] == "municipality":
                continue  # a committee's roadmap is completed by no organisation's order
            checked += 1
            assert _completing(found) == _completing(activity), activity["title"]
    assert checked or key in {"kalachinsk"}


FILE = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат. Вид документа"],
    ["1. Организационный этап", "<", "<", "<", "<"],
    ["1.1", "Формирование наставнических пар", "Октябрь", "Куратор", "приказ об утверждении пар"],
    ["1.2", "Подведение итогов", "Май", "Директор", "Приказ о поощрении"],
    ["1.3", "Анкетирование", "Октябрь", "Куратор", "Анкеты"],
]


def test_an_imported_activity_naming_an_order_is_marked_done_by_its_approval(tenant_a, tmp_path, capsys):
    year = current_academic_year()
    path = tmp_path / "plan.docx"
    path.write_bytes(shaped_docx(FILE).getvalue())
    call_command("import_roadmap", str(path), "--org", tenant_a.organization.slug, "--year", str(year))
    assert capsys.readouterr().out.strip() == "stages 1, activities 3"
    roadmap = Roadmap.objects.get(organization=tenant_a.organization, academic_year=year)
    pairs = roadmap.activities.get(title="Формирование наставнических пар")
    reward = roadmap.activities.get(title="Подведение итогов")
    survey = roadmap.activities.get(title="Анкетирование")
    assert (pairs.orders, pairs.event) == (["pairs"], Activity.Event.PAIRS_APPROVED)
    assert (reward.orders, reward.event) == (["reward"], Activity.Event.ORDER_REWARD)
    assert (survey.orders, survey.event) == ([], "")

    order = _approve(tenant_a, "reward")
    reward.refresh_from_db()
    assert reward.status == Activity.Status.DONE
    assert reward.evidence_link == order.get_absolute_url()
    survey.refresh_from_db()
    assert survey.status == Activity.Status.PLANNED
