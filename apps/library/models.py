"""The library: methodological materials, cases and programmes an organisation keeps, and
shares with its municipality (issue #18).

An `Item` belongs to the organisation that wrote it. Shared with the municipality, every
organisation of it and the committee read it (with the author's name), and the committee may
feature it. Its words are searched in Russian through a stored `tsvector` (`search_vector`,
with a GIN index) that `save()` refreshes.

PostgreSQL is the portal's database; the embedded default of `make run` (SQLite, README) has
no `tsvector`: there the vector stays empty and the search reads the words as written
(selectors.items_found), and the tags are JSON lists on both.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.core.storage import private_storage
from apps.organizations.stages import STAGES
from apps.pairs.models import STANDARD_FORMS

SEARCH_CONFIG = "russian"
FORM_CHOICES = [(name, name) for name in STANDARD_FORMS]
STAGE_CHOICES = [(number, label) for number, label in enumerate(STAGES, start=1)]

# What the search reads, by weight: a title counts more than the text.
SEARCHED_FIELDS = {"A": ["title"], "B": ["description", "situation", "actions", "results"]}


class Item(TenantModel):
    class Kind(models.TextChoices):
        MATERIAL = "material", _("Methodological material")
        CASE = "case", _("Case")
        PROGRAMME = "programme", _("Programme")

    class Visibility(models.TextChoices):
        ORGANIZATION = "organization", _("Our organisation only")
        MUNICIPALITY = "municipality", _("Shared with the municipality")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # A material's or a programme's text; a case's short summary.
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="library/%Y/", blank=True)
    # A case: a pair's story.
    situation = models.TextField(_("situation"), blank=True)
    actions = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    pair = models.ForeignKey(
        "pairs.Pair",
        verbose_name=_("pair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Anonymised unless the author names people, each of whom has consented (a minor through
    # the legal representative): participants.consents decides.
    anonymised = models.BooleanField(_("anonymised"), default=True)
    named_people = models.ManyToManyField(
        "participants.Participant", verbose_name=_("people named"), blank=True, related_name="+"
    )
    # Lists of FORM_CHOICES and STAGE_CHOICES (the forms check them): JSON, so that the
    # embedded SQLite default migrates too.
    forms = models.JSONField(_("forms of mentoring"), default=list, blank=True)
    stages = models.JSONField(_("stages"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.ORGANIZATION
    )
    # Shown in the organisation's public section «Наставничество» (apps/public).
    published = models.BooleanField(_("published on the website"), default=False)
    featured = models.BooleanField(_("featured by the committee"), default=False)
    featured_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-featured", "-updated_at", "-pk"]
        # The search vector's GIN index is made by migration 0001 on PostgreSQL only.
        indexes = [models.Index(fields=["visibility", "organization"], name="library_item_visibility")]

    def __str__(self):
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility == self.Visibility.MUNICIPALITY

    def stage_labels(self) -> list[str]:
        labels = dict(STAGE_CHOICES)
        return [labels[number] for number in sorted(self.stages) if number in labels]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The stored vector follows the text: one UPDATE computed by PostgreSQL itself.
        if full_text_search():
            type(self)._base_manager.filter(pk=self.pk).update(search_vector=search_vector_expression())


def full_text_search() -> bool:
    """PostgreSQL's Russian full-text search is at hand (not on the embedded SQLite default)."""
    return connection.vendor == "postgresql"


def search_vector_expression():
    vector = None
    for weight, fields in SEARCHED_FIELDS.items():
        part = SearchVector(*fields, config=SEARCH_CONFIG, weight=weight)
        vector = part if vector is None else vector + part
    return vector
