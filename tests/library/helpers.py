"""A tenant's library items for the isolation walk, the permission matrix and the private
responses walk: built on first use, found again after (the module's world is shared)."""

from django.core.files.base import ContentFile

from apps.library.models import Item


def seed_library(tenant) -> dict:
    """A material shared with the municipality and one kept in the organisation, each with a file."""
    made = {}
    for key, visibility in (
        ("shared", Item.Visibility.MUNICIPALITY),
        ("private", Item.Visibility.ORGANIZATION),
    ):
        item = Item.objects.filter(organization=tenant.organization, visibility=visibility).first()
        if item is None:
            item = Item.objects.create(
                organization=tenant.organization,
                kind=Item.Kind.PROGRAMME if key == "shared" else Item.Kind.MATERIAL,
                title=f"Памятка наставнику ({key})",
                description="Первая встреча наставника и наставляемого",
                forms=["Учитель – ученик"],
                visibility=visibility,
                file=ContentFile(b"%PDF-1.4 library", name="pamyatka.pdf"),
            )
        made[key] = item
    return made
