"""The details of an audit entry in words a director reads: each key of its `data` by its
label, each value by what it means (a field's verbose name, a status's label, yes or no, a
row's number), never a raw key, a code or a Python list. The vocabularies are in actions.py."""

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .actions import (
    DATA_LABELS,
    FIELD_LABELS,
    FIELDS_OF,
    ROW_KEYS,
    TRANSITIONS,
    VALUE_CHOICES,
    VALUE_LABELS,
)


def _for(table: dict, action: str, key: str):
    """The entry of `table` for this action and key: the action's own, or its family's."""
    if (action, key) in table:
        return table[(action, key)]
    family = action.split(".", 1)[0] + "."
    return table.get((family, key))


def _field(reference: str):
    app_label, model_name, field_name = reference.split(".")
    return django_apps.get_model(app_label, model_name)._meta.get_field(field_name)


def _model(reference: str | None, fallback):
    if reference:
        app_label, model_name = reference.split(".")
        return django_apps.get_model(app_label, model_name)
    return fallback


def _field_label(model, name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return str(DATA_LABELS.get(name, name.replace("_", " ")))


def _value(action: str, key: str, value, target_model) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if key == "fields":
        model = _model(FIELDS_OF.get(action), target_model)
        return ", ".join(_field_label(model, name) for name in value)
    if isinstance(value, list):
        return ", ".join(_value(action, key, item, target_model) for item in value)
    if key in ROW_KEYS:
        return f"№ {value}"
    labels = _for(VALUE_LABELS, action, key)
    if labels is not None:
        return str(labels.get(value, value))
    reference = _for(VALUE_CHOICES, action, key)
    if reference is not None:
        return str(dict(_field(reference).flatchoices).get(value, value))
    return str(value)


# jsonb keeps no order: the details follow the order of DATA_LABELS («was» before «now»).
_ORDER = {key: position for position, key in enumerate(DATA_LABELS)}


def entry_details(entry) -> list[tuple[str, str]]:
    """(label, value) of each item of the entry's data."""
    target_model = entry.target_type.model_class() if entry.target_type_id else None
    details = []
    data = entry.data or {}
    for key in sorted(data, key=lambda key: (_ORDER.get(key, len(_ORDER)), key)):
        value = data[key]
        label = str(DATA_LABELS.get(key) or _field_label(target_model, key))
        if entry.action in TRANSITIONS and isinstance(value, list) and len(value) == 2:
            before, after = (_value(entry.action, key, item, target_model) for item in value)
            text = f"{before} → {after}"
        else:
            text = _value(entry.action, key, value, target_model)
        details.append((label, text))
    return details
