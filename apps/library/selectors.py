"""Reads of the library, each page in a constant number of queries.

An organisation reads its own items and those its municipality's other organisations share;
the committee reads what its organisations share. Shared rows belong to other tenants, so they
are read outside the organisation's scope, filtered by the municipality.
"""

import json

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from apps.organizations.models import Organization
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Participant

from .models import SEARCH_CONFIG, Item, full_text_search


def _visible(owner) -> QuerySet:
    shared = Q(visibility=Item.Visibility.MUNICIPALITY)
    with scopes_disabled():
        if isinstance(owner, Organization):
            return Item.objects.filter(
                Q(organization=owner) | shared & Q(organization__municipality_id=owner.municipality_id)
            )
        return Item.objects.filter(shared, organization__municipality=owner)


def items_found(
    owner, *, words: str = "", kind: str = "", form: str = "", stage: int | None = None
) -> QuerySet:
    """The items the owner may read, featured first, then the best matches of `words` (in
    Russian: «наставника» finds «наставник»), then the newest; a page of them is one query."""
    items = _visible(owner).select_related("organization").defer("search_vector")
    order = ["-featured"]
    if words.strip() and full_text_search():
        query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
        items = items.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        order.append("-rank")
    elif words.strip():  # the embedded SQLite default: the words as written
        items = items.filter(Q(title__icontains=words.strip()) | Q(description__icontains=words.strip()))
    if kind:
        items = items.filter(kind=kind)
    if form:
        items = items.filter(_tagged("forms", form))
    if stage:
        items = items.filter(_tagged("stages", stage))
    return items.order_by(*order, "-updated_at", "-pk")


def search_items(owner, **filters) -> list[Item]:
    return list(items_found(owner, **filters))


def item_for(owner, item_id: int) -> Item:
    """An item the owner may read, or 404 (another municipality's, or not shared)."""
    item = (
        _visible(owner)
        .select_related("organization", "pair__mentor", "pair__programme")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    return item


def own_item(organization: Organization, item_id: int) -> Item:
    """An item the organisation wrote (to edit or delete it), or 404."""
    item = Item.objects.filter(organization=organization, pk=item_id).first()
    if item is None:
        raise Http404
    return item


def named_people(item: Item) -> list[Participant]:
    """The people a case names: only for its own organisation's pages."""
    if item.anonymised:
        return []
    return list(item.named_people.order_by("last_name", "first_name"))


def _published(organization: Organization) -> QuerySet:
    """Call inside scopes_disabled(): public pages have no scope."""
    named_without_consent = annotate_consent_state(
        Participant.objects.filter(
            pk__in=Item.named_people.through.objects.filter(item=OuterRef(OuterRef("pk"))).values(
                "participant_id"
            )
        )
    ).filter(consent_ok=False)
    return (
        Item.objects.filter(organization=organization, published=True)
        .exclude(Q(kind=Item.Kind.CASE, anonymised=False) & Exists(named_without_consent))
        .defer("search_vector")
    )


def public_items(organization: Organization) -> list[Item]:
    """What the organisation publishes in its public section «Наставничество» (apps/public):
    its published items; a case only while anonymised, or while everyone it names still has
    their consent in force (a revoked consent takes the case down at once). One query, without
    a request's scope (public pages have none)."""
    with scopes_disabled():
        return list(_published(organization).order_by("kind", "-featured", "-updated_at", "-pk"))


def public_item(organization: Organization, item_id: int) -> Item:
    """One published item of the organisation (its page, its file), or 404 for anything else."""
    with scopes_disabled():
        item = _published(organization).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _tagged(field: str, value) -> Q:
    """Items whose JSON list `field` holds `value`: PostgreSQL's containment (jsonb @>); SQLite
    has none, so there the list's JSON text is searched for the value's."""
    if full_text_search():
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})
