from django.contrib.contenttypes.models import ContentType

from .actions import ACTION_LABELS
from .models import AuditEntry


def log_action(
    *,
    organization,
    actor,
    action: str,
    target=None,
    data: dict | None = None,
    municipality=None,
    region=None,
) -> AuditEntry:
    """Record a change. Call it inside the same transaction as the change itself.
    `organization` is None, and `municipality` given, for what a municipality owns; both
    None, and `region` given, for what a region owns (its monitoring forms)."""
    if action not in ACTION_LABELS:
        raise ValueError(f"Unknown audit action {action!r}: add it to apps/audit/actions.py")
    return AuditEntry.objects.create(
        organization=organization,
        municipality=municipality,
        region=region,
        actor=actor,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        data=data or {},
    )


def apply_changes(stored, values: dict, fields) -> list[str]:
    """Set on `stored` (a row fresh from the database) the `fields` whose values differ;
    return their names, for the save and for the audit entry."""
    changed = [f for f in fields if f in values and getattr(stored, f) != values[f]]
    for field in changed:
        setattr(stored, field, values[field])
    return changed
