"""The people of a reward order as curators type them (Word's en dash, a hyphen, no dash at
all) and the responsible person's line, which ended «Смирнова Л.М..» without a position."""

import pytest
from django.utils import translation

from apps.orders import wording
from apps.orders.default_templates import ORDER_TYPES
from apps.orders.forms import OrderDraftForm


def _people(tenant, text):
    form = OrderDraftForm({"kind": "reward", "people": text}, organization=tenant.organization, kind="reward")
    return form, form.is_valid()


@pytest.mark.parametrize(
    "line",
    [
        "Смирнова Л.М. — наставник",
        "Смирнова Л.М. – наставник",
        "Смирнова Л.М. - наставник",
        "Смирнова Л.М.-наставник",
        "  Смирнова Л.М.—наставник  ",
    ],
)
def test_a_name_and_a_role_are_read_whatever_the_dash(tenant_a, line):
    form, valid = _people(tenant_a, f"{line}\n\nПетрова-Водкина А.И. — наставляемая\n")
    assert valid, form.errors
    assert form.cleaned_data["people"] == [
        {"name": "Смирнова Л.М.", "role": "наставник"},
        {"name": "Петрова-Водкина А.И.", "role": "наставляемая"},
    ]


def test_a_line_without_a_role_is_refused_by_its_number(tenant_a):
    with translation.override("ru"):
        form, valid = _people(tenant_a, "Смирнова Л.М. — наставник\nГромов Ф.Т. наставник")
        assert not valid
        assert "Строка 2" in form.errors["people"][0]


@pytest.mark.parametrize("position", ["", "заместитель директора"])
def test_the_responsible_line_ends_with_one_full_stop(position):
    body = ORDER_TYPES["reward"]["body"]
    context = {
        "organization": {"short_name": "МБОУ «СОШ № 3»"},
        "curator": {"short_name": "Смирнова Л.М.", "position": position},
        "people": [{"name": "Громов Ф.Т.", "role": "наставник"}],
        "year": "2026/2027",
    }
    text = wording.render(body, context)
    assert "Л.М.." not in text
    assert f"Ответственный: {position + ' ' if position else ''}Смирнова Л.М.</li>" in text
