from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ consent_ok|get_item:participant_id }}`: a dict lookup by a variable key."""
    return mapping.get(key) if mapping else None
