from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel

from .roles import PERMISSIONS_BY_ROLE, Role


class Region(models.Model):
    """A subject of the Federation (область, край, республика) and its regional mentoring centre
    (РЦН): the level above the municipalities. Its members see every municipality in aggregate."""

    name = models.CharField(_("name"), max_length=255)
    centre_name = models.CharField(_("regional mentoring centre"), max_length=500)
    head_name = models.CharField(_("head of the centre"), max_length=255, blank=True)
    slug = models.SlugField(_("short address"), unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region:dashboard", kwargs={"region_slug": self.slug})

    def scope_kwargs(self) -> dict:
        """A region's scope: its organisations' rows, which its pages only aggregate, and the
        region's own (its audit entries). No municipality's own rows (a committee's roadmap,
        documents) are the region's."""
        return {
            "organization": Organization.objects.filter(municipality__parent_region=self).values_list(
                "pk", flat=True
            ),
            "region": self.pk,
        }


class Municipality(models.Model):
    """A municipal district or city and its education committee (комитет по образованию)."""

    name = models.CharField(_("name"), max_length=255)
    # The region's name as written on documents; `parent_region` is the regional level itself.
    region = models.CharField(_("region"), max_length=255, blank=True)
    parent_region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
    )
    committee_name = models.CharField(_("committee name"), max_length=255)
    chair_name = models.CharField(_("committee chair"), max_length=255, blank=True)
    slug = models.SlugField(_("short address"), unique=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committee:dashboard", kwargs={"municipality_slug": self.slug})

    def scope_kwargs(self) -> dict:
        """A committee's scope: its organisations' rows (which its pages only aggregate) and
        its own. A query, embedded in each scoped query (apps/core/scoping.py); with no
        organisations it still filters (to nothing), where None would disable the filter."""
        return {
            "organization": self.organizations.values_list("pk", flat=True),
            "municipality": self.pk,
        }


# The zones of Russia, west to east. Reminders go out at 07:00 of each organisation's own
# time: the seeds span Belgorod (Moscow time), Sverdlovsk (Yekaterinburg) and Omsk regions.
RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad time (UTC+2)")),
    ("Europe/Moscow", _("Moscow time (UTC+3): Belgorod, Moscow")),
    ("Europe/Samara", _("Samara time (UTC+4)")),
    ("Asia/Yekaterinburg", _("Yekaterinburg time (UTC+5): Sverdlovsk region")),
    ("Asia/Omsk", _("Omsk time (UTC+6): Omsk region")),
    ("Asia/Krasnoyarsk", _("Krasnoyarsk time (UTC+7)")),
    ("Asia/Irkutsk", _("Irkutsk time (UTC+8)")),
    ("Asia/Yakutsk", _("Yakutsk time (UTC+9)")),
    ("Asia/Vladivostok", _("Vladivostok time (UTC+10)")),
    ("Asia/Magadan", _("Magadan time (UTC+11)")),
    ("Asia/Kamchatka", _("Kamchatka time (UTC+12)")),
]


class Organization(models.Model):
    """A school, college or centre of additional education: the tenant."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        COLLEGE = "college", _("College")
        ADDITIONAL_EDUCATION = "additional_education", _("Centre of additional education")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=255)
    director_name = models.CharField(_("director's name"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    slug = models.SlugField(_("short address"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=RUSSIAN_TIME_ZONES, default="Europe/Moscow"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("organizations:home", kwargs={"org_slug": self.slug})

    def scope_kwargs(self) -> dict:
        """An organisation's scope: its own rows."""
        return {"organization": self}

    @property
    def missing_profile_fields(self) -> list[str]:
        """Names of profile fields that documents need and that are still empty."""
        required = ("director_name", "address")
        return [str(self._meta.get_field(f).verbose_name) for f in required if not getattr(self, f)]


class Membership(TenantModel):
    """A user's role in one organisation. A user may work in several organisations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_role_per_organization")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organization})"

    def has_permission(self, permission: str) -> bool:
        return self.is_active and permission in PERMISSIONS_BY_ROLE[self.role]


class CommitteeMembership(models.Model):
    """Gives a user the committee role for a municipality: aggregates, never personal data."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="one_committee_membership")
        ]

    def __str__(self):
        return f"{self.user} — {self.municipality}"


class RegionMembership(models.Model):
    """Gives a user the regional centre's role (РЦН) for a region: municipalities' aggregates only."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("regional centre membership")
        verbose_name_plural = _("regional centre memberships")
        constraints = [models.UniqueConstraint(fields=["region", "user"], name="one_region_membership")]

    def __str__(self):
        return f"{self.user} — {self.region}"
