from django import template

from apps.pairs.matching import FACTOR_LABELS

register = template.Library()


@register.filter
def factor_label(code):
    """The name of a matching factor, as the curator reads it."""
    return FACTOR_LABELS.get(code, code)
