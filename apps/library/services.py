"""Writes of the library: items written, changed, deleted, featured by the committee, and a
shared programme copied into an organisation's own programmes."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.academic_year import academic_year_of
from apps.pairs.models import MentoringForm, Pair, Programme
from apps.pairs.services import programmes as programme_services
from apps.participants.consents import check_consent
from apps.participants.models import Participant

from .models import Item

CASE_FIELDS = ("situation", "actions", "results")
EDITABLE_FIELDS = (
    "title",
    "description",
    "url",
    *CASE_FIELDS,
    "pair",
    "anonymised",
    "forms",
    "stages",
    "visibility",
    "published",
)


def _surnames_in(texts: list[str], people: list[Participant]) -> list[str]:
    words = set(re.findall(r"\w+", " ".join(texts).lower()))
    return sorted({p.last_name for p in people if p.last_name and p.last_name.lower() in words})


def _pair_people(pair: Pair) -> list[Participant]:
    mentees = Participant.objects.filter(pair_memberships__pair=pair)
    return [pair.mentor, *mentees]


def _validate(item: Item, named_people: list[Participant]) -> None:
    """The rules of an item, whatever page or command writes it."""
    if item.kind != Item.Kind.CASE:
        if not (item.description or item.url or item.file):
            raise ValidationError(_("Write a description, give a link or attach a file."))
        return
    if not (item.situation or item.actions or item.results):
        raise ValidationError(_("Describe the situation, what was done and the results."))
    if item.pair_id and item.pair.organization_id != item.organization_id:
        raise ValidationError(_("Choose a pair of your organisation."))
    if any(person.organization_id != item.organization_id for person in named_people):
        raise ValidationError(_("Choose people of your organisation's base."))
    texts = [item.title, item.description, *(getattr(item, field) for field in CASE_FIELDS)]
    if item.anonymised:
        # An anonymised story of a pair must not carry its people's surnames.
        if item.pair_id and (names := _surnames_in(texts, _pair_people(item.pair))):
            raise ValidationError(
                _(
                    "The case is marked anonymised but names %(names)s: remove the names, or "
                    "name the people with their consent."
                )
                % {"names": ", ".join(names)}
            )
        return
    if not named_people:
        raise ValidationError(_("Choose the people the case names, or keep it anonymised."))
    if item.is_shared:
        # The committee and other organisations never read personal data.
        raise ValidationError(
            _("A case that names people stays in the organisation: anonymise it to share it.")
        )
    refused = []
    for person in named_people:
        check = check_consent(person, list(person.consents.all()))
        if not check.valid:
            refused.append(f"{person.short_name}: {', '.join(check.missing)}")
    if refused:
        raise ValidationError(
            _(
                "Naming people needs their consent (a minor's, the legal "
                "representative's). Missing: %(missing)s."
            )
            % {"missing": "; ".join(refused)}
        )


def _stored_named(item: Item, named_people) -> list[Participant]:
    return [] if item.kind != Item.Kind.CASE or item.anonymised else list(named_people)


@transaction.atomic
def item_create(*, organization, actor, kind: str, title: str, file=None, named_people=(), **fields) -> Item:
    item = Item(organization=organization, kind=kind, title=title.strip(), created_by=actor)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(name)
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    if file and kind != Item.Kind.CASE:
        item.file = file
    if kind != Item.Kind.CASE:
        item.pair, item.anonymised = None, True
    named = _stored_named(item, named_people)
    _validate(item, named)
    item.full_clean(exclude=["search_vector", "file"])
    item.save()
    item.named_people.set(named)
    item.log("library.item_created", actor=actor, data={"library_kind": kind, "shared": item.is_shared})
    return item


@transaction.atomic
def item_update(*, item: Item, actor, file=None, named_people=(), **fields) -> Item:
    changed = []
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(name)
        value = value.strip() if isinstance(value, str) else value
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    if file and item.kind != Item.Kind.CASE:
        item.file = file
        changed.append("file")
    if item.kind != Item.Kind.CASE:
        item.pair, item.anonymised = None, True
    named = _stored_named(item, named_people)
    if {p.pk for p in named} != set(item.named_people.values_list("pk", flat=True)):
        changed.append("named_people")
    _validate(item, named)
    item.full_clean(exclude=["search_vector", "file"])
    item.save()
    item.named_people.set(named)
    if changed:
        item.log("library.item_changed", actor=actor, data={"fields": changed})
    return item


@transaction.atomic
def item_delete(*, item: Item, actor) -> None:
    item.log("library.item_deleted", actor=actor, data={"library_kind": item.kind})
    if item.file:
        item.file.delete(save=False)
    item.delete()


@transaction.atomic
def item_feature(*, item: Item, actor, featured: bool) -> Item:
    """The committee puts a shared item first for all its organisations, or takes it back."""
    if not item.is_shared:
        raise ValidationError(_("Only items shared with the municipality can be featured."))
    if item.featured != featured:
        item.featured = featured
        item.featured_at = timezone.now() if featured else None
        # No save(): the text, and so its search vector, is unchanged.
        Item.objects.filter(pk=item.pk).update(featured=featured, featured_at=item.featured_at)
        item.log("library.item_featured" if featured else "library.item_unfeatured", actor=actor)
    return item


@transaction.atomic
def programme_copy(*, item: Item, organization, actor, today: date | None = None) -> Programme:
    """A shared (or own) programme description becomes a programme of `organization` for the
    current academic year, in its first form of mentoring (the organisation's own form of that
    name, created if missing); the curator then sets its dates and people."""
    if item.kind != Item.Kind.PROGRAMME:
        raise ValidationError(_("Only a programme can be copied into the programmes."))
    today = today or timezone.localdate()
    year = academic_year_of(today)
    form_name = item.forms[0] if item.forms else None
    if form_name is None:
        form_name = (
            MentoringForm.objects.filter(organization=organization).values_list("name", flat=True).first()
        )
    if form_name is None:
        raise ValidationError(_("Choose a form of mentoring for the programme first."))
    form, _created = MentoringForm.objects.get_or_create(organization=organization, name=form_name)
    programme = programme_services.programme_create(
        organization=organization,
        actor=actor,
        title=item.title[:255],
        form=form,
        academic_year=year,
        starts_on=max(today, date(year, 9, 1)),
        ends_on=date(year + 1, 5, 31),
        goals=item.description,
    )
    # Logged by programme_create in the copying organisation; the author's audit learns nothing.
    return programme


@transaction.atomic
def participant_off_cases(*, participant: Participant) -> int:
    """A person whose data retention removed is no longer named: the cases that named them
    leave the website until the curator rewrites them without the name."""
    cases = list(Item.objects.filter(named_people=participant))
    for case in cases:
        case.named_people.remove(participant)
        if case.published:
            Item.objects.filter(pk=case.pk).update(published=False)
        case.log("library.case_withdrawn", actor=None)
    return len(cases)
