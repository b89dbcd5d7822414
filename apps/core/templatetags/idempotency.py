"""{% form_token %}: the one-time token of a creating form (apps/core/idempotency.py)."""

from django import template
from django.utils.html import format_html

from apps.core.idempotency import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token():
    """A hidden field with a new token, beside {% csrf_token %} in every form that creates."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
