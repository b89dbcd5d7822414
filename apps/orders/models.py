"""Orders (приказы): drafted by the curator, approved by the director, numbered at approval."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import TenantModel
from apps.core.storage import private_storage
from apps.core.text import in_quotes


class Kind(models.TextChoices):
    IMPLEMENT_MODEL = "implement_model", _("On implementing the target model of mentoring")
    REGULATION = "regulation", _("Approving the regulation on mentoring")
    ROADMAP = "roadmap", _("Approving the roadmap")
    CURATOR = "curator", _("Appointing the curator")
    MENTOR_SCHOOL = "mentor_school", _("Organising «Школа наставников»")
    PAIRS = "pairs", _("Approving mentoring pairs and groups")
    REWARD = "reward", _("Rewarding participants")
    FINAL_EVENT = "final_event", _("Holding the final event")
    OTHER = "other", _("Another order")


class OrderTemplate(TenantModel):
    """An organisation's own wording of an order type (a Django template fragment)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order template")
        verbose_name_plural = _("order templates")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="one_template_per_kind")]

    def __str__(self):
        return self.get_kind_display()


class NumberingScheme(TenantModel):
    """How an organisation numbers its orders: «135/1-ОД» is pattern «{n}/1-ОД» at 135.
    One counter per calendar year; the next number is taken at approval, under a row lock."""

    year = models.PositiveSmallIntegerField(_("year"))
    pattern = models.CharField(
        _("number pattern"), max_length=50, default="{n}-ОД", help_text=_("{n} is the sequence number.")
    )
    last_number = models.PositiveIntegerField(_("last number used"), default=0)

    class Meta:
        verbose_name = _("order numbering")
        verbose_name_plural = _("order numbering")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_numbering_per_year")
        ]


class Order(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", pgettext_lazy("order", "Approved")
        CANCELLED = "cancelled", _("Cancelled by a later order")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Assigned at approval: unique per organisation and year.
    number = models.CharField(_("number"), max_length=50, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    # What the order is about; its effects at approval depend on them.
    programme = models.ForeignKey(
        "pairs.Programme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pairs = models.ManyToManyField("pairs.Pair", blank=True, related_name="orders", verbose_name=_("pairs"))
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancels = models.ForeignKey(
        "self",
        verbose_name=_("cancels"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_by",
    )
    # Values typed when drafting (the final event's date and place…), kept for re-rendering.
    details = models.JSONField(default=dict, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="order_number_unique_per_year",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self):
        if self.number:
            return f"№ {self.number} от {self.date:%d.%m.%Y} {in_quotes(self.title)}"
        return f"{in_quotes(self.title)} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def get_absolute_url(self):
        return reverse("orders:detail", kwargs={"org_slug": self.organization.slug, "order_id": self.pk})


class OrderEvent(TenantModel):
    """One step of an order's history: who, when, what, and the director's comment."""

    class Action(models.TextChoices):
        CREATED = "created", _("Drafted")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", pgettext_lazy("order", "Approved")
        CANCELLED = "cancelled", pgettext_lazy("order", "Cancelled")

    tenant_parent = "order"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("order history entry")
        verbose_name_plural = _("order history")
        ordering = ["created_at", "pk"]


class OrderAttachment(TenantModel):
    """An appendix of an order (the regulation, a plan): a private file."""

    tenant_parent = "order"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), storage=private_storage, upload_to="orders/%Y/")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at", "pk"]
