from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.text import person_full_name, person_short_name


class User(AbstractUser):
    """A person who signs in: staff of organisations and committee members.

    Russian documents name people as «Фамилия Имя Отчество», so the patronymic
    is a field of its own.
    """

    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def full_name(self) -> str:
        """«Архипова Людмила Ивановна»; the username when no name is known."""
        return person_full_name(self.last_name, self.first_name, self.patronymic) or self.username

    @property
    def short_name(self) -> str:
        """«Архипова Л.И.», the form used in orders and roadmaps."""
        if not self.last_name:
            return self.username
        return person_short_name(self.last_name, self.first_name, self.patronymic)

    def __str__(self):
        return self.full_name
