"""The region's own audit entries written before they had an owner (neither organisation nor
municipality, about an indicator set) are given the set's region, so its page shows them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def give_entries_their_region(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    IndicatorSet = apps.get_model("regional", "IndicatorSet")
    ContentType = apps.get_model("contenttypes", "ContentType")
    set_type = ContentType.objects.filter(app_label="regional", model="indicatorset").first()
    if set_type is None:
        return
    AuditEntry._base_manager.filter(
        organization__isnull=True,
        municipality__isnull=True,
        region__isnull=True,
        action__startswith="regional.",
        target_type=set_type,
    ).update(
        region=Subquery(IndicatorSet.objects.filter(pk=OuterRef("target_id")).values("region_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("regional", "0001_initial"),
        ("audit", "0004_entry_region"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_entries_their_region, migrations.RunPython.noop)]
