"""The participant card's history folds the openings of the card into one line."""

from django import template

from ..selectors import participant_card_views

register = template.Library()


@register.simple_tag
def card_views(participant) -> dict:
    """{% card_views participant as views %}: views.count, views.last (an audit entry)."""
    return participant_card_views(participant=participant)
