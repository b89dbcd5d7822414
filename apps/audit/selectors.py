from .models import AuditEntry


def audit_entries(*, organization):
    return AuditEntry.objects.filter(organization=organization).select_related("actor", "target_type")


def region_audit_entries(*, region):
    """The regional centre's own changes (its monitoring forms, their exports): neither an
    organisation's entries nor a committee's, whose rows the region only sums."""
    return AuditEntry.objects.filter(
        region=region, organization__isnull=True, municipality__isnull=True
    ).select_related("actor", "target_type")
