"""The wording of an order kind is a small language: the documented variables, a few tags and
filters, and bounded work and output. A curator cannot tie up a worker with it, neither when
saving a wording nor when an order is drafted from one saved before the limits existed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from apps.orders import services, wording
from apps.orders.default_templates import ORDER_TYPES
from apps.orders.models import Order, OrderTemplate

LJUST_ATTACK = "{{ 'x'|ljust:'300000000' }}"
NESTED_LOOP_ATTACK = (
    "{% for a in '" + "x" * 6000 + "' %}{% for b in '" + "x" * 6000 + "' %}.{% endfor %}{% endfor %}"
)


def _refusal(text: str, context: dict | None = None) -> str:
    with pytest.raises(ValidationError) as refused:
        services.render_body(text, context or {})
    return " ".join(refused.value.messages)


def _sample(pairs: int = 3, mentees: int = 2, name: str = "Смирнова Людмила Михайловна") -> dict:
    """Data shaped as order_context gives it."""
    return {
        "organization": {
            "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 7»",
            "short_name": "МБОУ «Лицей № 7»",
            "director_name": "Петров П.П.",
            "address": "г. Калачинск",
        },
        "order": {"number": "", "date": "", "title": ""},
        "year": "2026/2027",
        "curator": {"full_name": name, "short_name": "Смирнова Л.М.", "position": "заместитель директора"},
        "roadmap": {"title": "Дорожная карта", "period": "2026/2027"},
        "programme": {"title": "Программа", "form": "Учитель – ученик", "starts_on": "", "ends_on": ""},
        "pairs": [
            {
                "mentor": f"{name} {n}",
                "mentees": [f"Ученик {n}.{m}" for m in range(mentees)],
                "form": "Ученик – ученик",
                "programme": "Программа",
            }
            for n in range(pairs)
        ],
        "sessions": [{"date": "01.10.2026", "topic": "Роль наставника"}],
        "people": [{"name": "Смирнова Л.М.", "role": "наставник"}],
        "event": {"date": "25.05.2027", "place": "актовый зал"},
    }


def test_a_width_filter_is_refused_and_named():
    assert "ljust" in _refusal(LJUST_ATTACK)


def test_a_nested_loop_over_literals_is_refused():
    message = _refusal(NESTED_LOOP_ATTACK)
    assert "for" in message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{% debug %}", "debug"),
        ("{% load static %}", "load"),
        ('{% include "base.html" %}', "include"),
        ('{% extends "base.html" %}', "extends"),
        ('{% ssi "/etc/passwd" %}', "ssi"),
        ("{% templatetag openblock %}", "templatetag"),
        ("{% lorem 100000000 w %}", "lorem"),
        ("{% widthratio 1 1 100000000 %}", "widthratio"),
        ("{{ 'x'|rjust:'99' }}", "rjust"),
        ("{{ 'x'|center:'99' }}", "center"),
        ("{{ 'x'|truncatechars:'99' }}", "truncatechars"),
        ("{{ '1.5'|floatformat:'1000000' }}", "floatformat"),
        ("{{ year|add:year }}", "add"),
        ("{{ organization.short_name|safe }}", "safe"),
    ],
)
def test_tags_and_filters_off_the_list_are_refused_by_name(text, named):
    assert named in _refusal(text)


@pytest.mark.parametrize(
    "name",
    ["settings", "organization.pk", "curator.full_name.upper", "pairs.clear", "request.user", "pair.mentor"],
)
def test_only_the_documented_variables_may_be_named(name):
    assert name in _refusal("<p>{{ " + name + " }}</p>")


def test_a_loop_goes_over_a_list_of_the_portals_data_once():
    assert "year" in _refusal("{% for c in year %}{{ c }}{% endfor %}")
    nested = "{% for a in pairs %}{% for b in pairs %}{{ b.mentor }}{% endfor %}{% endfor %}"
    assert "pairs" in _refusal(nested)
    # The mentees of each pair are the loop inside the loop that the pairs order needs.
    inner = "{% for p in pairs %}{% for m in p.mentees %}{{ m }};{% endfor %}{% endfor %}"
    assert (
        services.render_body(inner, _sample(pairs=2, mentees=2))
        == "Ученик 0.0;Ученик 0.1;Ученик 1.0;Ученик 1.1;"
    )


def test_the_language_a_curator_needs_still_works():
    text = (
        "{# a note #}{% comment %}also a note{% endcomment %}"
        "<p>{{ organization.short_name|upper }}, {{ curator.position|default:'куратор'|capfirst }}; "
        "{{ pairs|length }} пар{{ pairs|length|pluralize:'а,ы' }}; "
        "{% with first=pairs|first %}{{ first.mentor }}{% endwith %}; "
        "{% for pair in pairs %}{{ forloop.counter }}. {{ pair.mentees|join:', ' }}"
        "{% if not forloop.last %}; {% endif %}{% empty %}нет{% endfor %}; "
        "{% firstof programme.starts_on 'с начала года' %}; "
        "{% now 'Y' as this_year %}{{ this_year|length }}; "
        "{{ curator.position|yesno:'да,нет' }}</p>"
    )
    assert services.render_body(text, _sample(pairs=2, mentees=2)) == (
        "<p>МБОУ «ЛИЦЕЙ № 7», Заместитель директора; 2 пары; Смирнова Людмила Михайловна 0; "
        "1. Ученик 0.0, Ученик 0.1; 2. Ученик 1.0, Ученик 1.1; с начала года; 4; да</p>"
    )


@pytest.mark.parametrize("kind", sorted(ORDER_TYPES))
def test_the_default_wording_of_every_kind_still_renders(kind):
    rendered = services.render_body(ORDER_TYPES[kind]["body"], _sample())
    assert "МБОУ «Лицей № 7»" in rendered and "{" not in rendered


@pytest.mark.parametrize("kind", sorted(ORDER_TYPES))
def test_every_kind_is_drafted_from_its_default_wording(tenant_a, kind):
    order = services.order_draft(organization=tenant_a.organization, kind=kind, actor=tenant_a.curator)
    assert tenant_a.organization.short_name in order.body


def test_every_variable_the_default_wordings_use_is_documented():
    for kind, order_type in ORDER_TYPES.items():
        wording.check(order_type["body"])  # raises on an undocumented name
        used = set(re.findall(r"\{\{ (\w+)", order_type["body"])) - {
            "forloop",
            "pair",
            "mentee",
            "session",
            "person",
        }
        assert used <= set(wording.VARIABLES), kind


def test_a_loop_bomb_on_real_data_is_stopped():
    text = "{% for p in pairs %}{% for m in p.mentees %}{% endfor %}{% endfor %}"
    context = _sample(pairs=400, mentees=400)  # 160,000 turns of the inner loop
    assert str(wording.MAX_STEPS) in _refusal(text, context)


def test_output_over_the_cap_is_refused():
    text = "{% for p in pairs %}<p>{{ p.mentor }}</p>{% endfor %}"
    huge_names = _sample(pairs=200, mentees=1, name="Я" * 10_000)  # 2,000,000 characters
    assert str(wording.MAX_OUTPUT_CHARS) in _refusal(text, huge_names)
    # A join cannot build the long text in one go either.
    joined = "{% for p in pairs %}{{ p.mentees|join:'" + "x" * 40_000 + "' }}{% endfor %}"
    assert _refusal(joined, _sample(pairs=1, mentees=100))


def test_a_wording_longer_than_the_cap_is_refused():
    assert _refusal("<p>" + "x" * (wording.MAX_WORDING_CHARS + 1) + "</p>")


def test_the_refusal_speaks_the_users_language():
    with translation.override("en"):
        assert _refusal(LJUST_ATTACK) == (
            "The filter «ljust» is not available in the wording of an order. Filters: "
            + ", ".join(sorted(wording.FILTERS))
            + "."
        )
    with translation.override("ru"):
        assert _refusal(LJUST_ATTACK).startswith("Фильтр «ljust» недоступен в формулировке приказа.")


def _template_edit(tenant, kind="curator"):
    return reverse("orders:template_edit", kwargs={"org_slug": tenant.organization.slug, "kind": kind})


@pytest.mark.parametrize("attack", [LJUST_ATTACK, NESTED_LOOP_ATTACK, "{% debug %}"])
def test_saving_an_attack_is_refused(client, tenant_a, attack):
    client.force_login(tenant_a.curator)
    response = client.post(_template_edit(tenant_a), {"title": "О куратора", "body": attack})
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not OrderTemplate.objects.filter(organization=tenant_a.organization).exists()


@pytest.mark.parametrize("attack", [LJUST_ATTACK, NESTED_LOOP_ATTACK])
def test_a_wording_saved_before_the_limits_cannot_hang_a_draft(tenant_a, attack):
    OrderTemplate.objects.create(organization=tenant_a.organization, kind="curator", title="T", body=attack)
    with pytest.raises(ValidationError):
        services.order_draft(organization=tenant_a.organization, kind="curator", actor=tenant_a.curator)
    assert not Order.objects.filter(organization=tenant_a.organization).exists()


def test_the_edit_page_lists_every_variable(client, tenant_a):
    client.force_login(tenant_a.curator)
    page = client.get(_template_edit(tenant_a, "pairs")).content.decode()
    for name in wording.variable_names():
        assert name in page, name
    for name in ("forloop.counter", "upper", "for"):
        assert name in page


def _shape(value):
    if isinstance(value, dict):
        return {key: _shape(inner) for key, inner in value.items()}
    if isinstance(value, wording.Items):
        return [_shape(value.fields)]
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return "value"


@pytest.mark.usefixtures("pairs_seeded")
def test_the_documented_variables_are_what_an_order_is_written_from(tenant_a):
    from apps.pairs.models import Programme

    programme = Programme.objects.get(organization=tenant_a.organization)
    order = services.order_draft(
        organization=tenant_a.organization,
        kind="pairs",
        actor=tenant_a.curator,
        programme=programme,
        details={"people": [{"name": "Смирнова Л.М.", "role": "наставник"}]},
    )
    context = services.order_context(order)
    context["sessions"] = [{"date": "01.10.2026", "topic": "Роль наставника"}]
    assert _shape(context) == _shape(wording.VARIABLES)
