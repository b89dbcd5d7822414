"""The roadmaps made before recurring deadlines were read: each activity whose deadline (or,
for a period of time, whose title and content) says a period gets its occurrences. An activity
already done has them all done on its day, with its evidence note; an open one is due on its
first occurrence, as `services.schedule_occurrences` would leave it."""

from datetime import date

from django.db import migrations

from apps.roadmap import deadlines


def _windows(activity, roadmap, period: str) -> list[tuple[date, date]]:
    """As Activity.occurrence_windows (historical models have no methods)."""
    starts_on = date(roadmap.academic_year, 9, 1)
    ends_on = date(roadmap.academic_year + roadmap.period_years, 8, 31)
    if period == deadlines.YEARLY and activity.deadline_kind == deadlines.MONTH:
        return [
            (deadlines.shift_day(activity.starts_on, years), deadlines.shift_day(activity.due_on, years))
            for years in range(roadmap.period_years)
        ]
    if activity.deadline_kind in (deadlines.THROUGHOUT, deadlines.UNKNOWN) or not activity.due_on:
        return deadlines.occurrence_windows(period, starts_on, ends_on)
    return deadlines.occurrence_windows(period, activity.starts_on or starts_on, activity.due_on)


def forwards(apps, schema_editor):
    Activity = apps.get_model("roadmap", "Activity")
    Occurrence = apps.get_model("roadmap", "Occurrence")
    for activity in Activity._base_manager.select_related("roadmap").iterator():
        text = " ".join([activity.title, *(activity.content or [])])
        period = deadlines.recurrence_of(activity.deadline_text, text)
        if not period:
            continue
        windows = _windows(activity, activity.roadmap, period)
        if not windows:
            continue
        done = activity.status == "done"
        Occurrence._base_manager.bulk_create(
            [
                Occurrence(
                    activity=activity,
                    starts_on=start,
                    due_on=due,
                    done_on=activity.done_on if done else None,
                    completed_by_id=activity.completed_by_id if done else None,
                    evidence_note=activity.evidence_note if done else "",
                )
                for start, due in windows
            ],
            ignore_conflicts=True,
        )
        activity.recurrence = period
        activity.due_on = windows[-1][1] if done else windows[0][1]
        activity.save(update_fields=["recurrence", "due_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0006_recurring_activities_and_their_occurrences"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
