from .models import AuditEntry


def audit_entries(*, organization):
    return AuditEntry.objects.filter(organization=organization).select_related("actor", "target_type")
