"""For operators: did the morning run happen for a tenant, and did a person's digest go out."""

from django.contrib import admin

from .models import DailyRun, DigestSent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DailyRun)
class DailyRunAdmin(ReadOnlyAdmin):
    list_display = ("day", "organization", "municipality", "ran_at", "stored")
    list_filter = ("day",)
    date_hierarchy = "day"


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ("day", "user", "created_at", "sent_at")
    list_filter = ("day", ("sent_at", admin.EmptyFieldListFilter))
    date_hierarchy = "day"
