from django.contrib import admin

from .models import CommitteeMembership, Membership, Municipality, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "committee_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("short_name", "kind", "municipality", "slug", "is_active")
    list_filter = ("kind", "municipality", "is_active")
    search_fields = ("short_name", "full_name")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "is_active")
    list_filter = ("role", "organization", "is_active")
    autocomplete_fields = ["user"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality", "is_active")
    autocomplete_fields = ["user"]
