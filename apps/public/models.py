"""The public section «Наставничество» of an organisation's website (issue #18): what its
curator publishes for everyone at /p/<slug>/. `PublicSection` is the section itself (open or
not, the curator's contact, the roadmap shown); `NewsItem` and `PublicDocument` are published
one by one; `WinnerConsent` is a contest winner's written consent to have their name
published (152-ФЗ art. 10.1: a consent to dissemination, not the programme's consent).
Nothing unpublished is ever shown: the public pages answer 404 for it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.core.storage import private_storage


class PublicSection(TenantModel):
    is_open = models.BooleanField(_("section open to visitors"), default=False)
    intro = models.TextField(_("introduction"), blank=True)
    contact_name = models.CharField(_("curator's name"), max_length=255, blank=True)
    contact_position = models.CharField(_("position"), max_length=255, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    show_events = models.BooleanField(_("show events"), default=True)
    show_targets = models.BooleanField(_("show the targets as figures"), default=True)
    # The roadmap shown: its web view and its official PDF (apps.roadmap.documents).
    roadmap = models.ForeignKey(
        "roadmap.Roadmap", verbose_name=_("roadmap"), on_delete=models.SET_NULL, null=True, blank=True
    )
    roadmap_published_on = models.DateField(_("roadmap published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("public section")
        verbose_name_plural = _("public sections")
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_public_section")]

    def __str__(self):
        return str(self.organization)


class NewsItem(TenantModel):
    title = models.CharField(_("title"), max_length=300)
    # Sanitised by orders.services.clean_html, as an order's text.
    text = models.TextField(_("text"))
    published_on = models.DateField(_("date"))
    is_published = models.BooleanField(_("published"), default=False)
    # A news item about the programme's results completes «публикация результатов».
    about_results = models.BooleanField(_("about the programme's results"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["organization", "is_published", "-published_on"])]

    def __str__(self):
        return self.title

    def get_public_url(self) -> str:
        return reverse("public:news_item", kwargs={"site_slug": self.organization.slug, "news_id": self.pk})


class PublicDocument(TenantModel):
    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Regulation on mentoring")
        ORDER = "order", _("Order")
        RESULTS = "results", _("Results of the programme")
        OTHER = "other", _("Other document")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # An uploaded PDF, or an approved order (its PDF from apps.documents).
    file = models.FileField(_("file"), storage=private_storage, upload_to="public/%Y/", blank=True)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_on = models.DateField(_("date"))
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public document")
        verbose_name_plural = _("public documents")
        ordering = ["kind", "-published_on", "-pk"]
        indexes = [models.Index(fields=["organization", "is_published"])]

    def __str__(self):
        return self.title


class WinnerConsent(TenantModel):
    """An adult winner's consent to the publication of their name with their place."""

    nominee = models.OneToOneField("events.Nominee", on_delete=models.CASCADE, related_name="+")
    tenant_parent = "nominee"
    signed_on = models.DateField(_("signed on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent to publication")
        verbose_name_plural = _("consents to publication")

    def __str__(self):
        return f"{self.nominee} {self.signed_on:%d.%m.%Y}"
