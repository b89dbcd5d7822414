from django import template

register = template.Library()


@register.filter
def factor_label(code):
    """The name of a matching factor, as the curator reads it."""
    from apps.pairs.matching import FACTOR_LABELS

    return FACTOR_LABELS.get(code, code)


@register.filter
def get_item(mapping, key):
    """`{{ consent_ok|get_item:participant_id }}`: a dict lookup by a variable key."""
    return mapping.get(key) if mapping else None
