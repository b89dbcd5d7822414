"""The daily run of reminders, the e-mail digests, and a person's own changes.

Idempotency rests on three unique keys, not on timing:
- DailyRun (tenant, local day): inserted first in the tenant's transaction, so a doubled
  or concurrent run waits on the index and then skips the tenant;
- Notification (user, kind, key, day): stored with ON CONFLICT DO NOTHING (a get-or-create
  in bulk), so a reminder for the same thing on the same local day exists once;
- DigestSent (user, day): created in the transaction that assigns the day's notifications
  to it; its e-mail is queued (by the task that ran the day, apps/reminders/tasks.py) only
  after that commits, and sent under a row lock that skips a digest already sent.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, Min, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.core.scoping import owner_scope
from apps.documents.pdf import render_pdf
from apps.organizations.models import Organization

from .models import DailyRun, DigestSent, Notification, NotificationPreference
from .registry import KINDS, TenantDay, kinds_for
from .selectors import due_tenants, preferences_by_user, runs_of, tenant_key, tenant_members, tenants_of
from .wording import reminders_ru

logger = logging.getLogger(__name__)

# A digest gathers all of a person's workplaces: it waits until each has run for the day
# (Russian zones differ by up to ten hours), but never longer than this.
DIGEST_WAIT = timedelta(hours=12)
# Notifications older than this are no longer e-mailed (a preference switched on later).
DIGEST_WINDOW = timedelta(hours=36)
# A digest still unsent this long after its creation is queued again: the process died
# between the commit and the queueing, or the mail server was down through the retries.
DIGEST_REQUEUE_AFTER = timedelta(minutes=15)
DIGEST_REQUEUE_UNTIL = timedelta(days=2)


def daily_reminders_run(*, now=None) -> tuple[dict, list[int]]:
    """Store the reminders of every tenant where it is the sending hour, then compose the
    e-mail digests that are complete. Safe to run twice, late, or concurrently.

    Returns the report and the ids of the digests to e-mail: those composed now and those
    whose e-mail was lost (the caller, the hourly task, queues them)."""
    now = now or timezone.now()
    report = {"tenants": 0, "skipped": 0, "failed": 0, "notifications": 0, "digests": 0, "requeued": 0}
    for owner, day in due_tenants(now):
        try:
            stored = tenant_reminders_store(owner=owner, day=day, now=now)
        except SoftTimeLimitExceeded:
            raise
        except Exception:
            # One tenant's failure must not stop the others; its run is rolled back and the
            # next hourly run does it again.
            kind, pk = tenant_key(owner)
            logger.exception("Reminders of %s %s for %s failed", kind, pk, day)
            report["failed"] += 1
            continue
        if stored is None:
            report["skipped"] += 1
        else:
            report["tenants"] += 1
            report["notifications"] += stored
    composed = digests_compose(now=now)
    lost = digests_unsent(now=now)
    report["digests"], report["requeued"] = len(composed), len(lost)
    return report, composed + lost


@transaction.atomic
def tenant_reminders_store(*, owner, day, now) -> int | None:
    """Compute and store one tenant's reminders of its local `day`; None when another run
    has done (or is doing) this tenant's day."""
    is_organization = isinstance(owner, Organization)
    run, created = DailyRun.objects.get_or_create(
        organization=owner if is_organization else None,
        municipality=None if is_organization else owner,
        day=day,
        defaults={"ran_at": now},
    )
    if not created:
        return None
    with owner_scope(owner):
        tenant = TenantDay(owner=owner, today=day, members=tenant_members(owner))
        reminders = [reminder for kind in kinds_for(tenant) for reminder in kind.compute(tenant)]
    preferences = preferences_by_user(tenant.member_ids)
    rows = {}
    for reminder in reminders:
        for user_id, link in reminder.recipients.items():
            by_email, in_portal = preferences.get((user_id, reminder.kind), (True, True))
            if not (by_email or in_portal):
                continue
            rows.setdefault(
                (user_id, reminder.kind, reminder.key),
                Notification(
                    user_id=user_id,
                    organization=owner if is_organization else None,
                    municipality=None if is_organization else owner,
                    kind=reminder.kind,
                    key=reminder.key,
                    day=day,
                    title=reminder.title[:300],
                    body=reminder.body,
                    link=link,
                    created_at=now,
                ),
            )
    Notification.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=500)
    run.stored = len(rows)
    run.save(update_fields=["stored"])
    return len(rows)


def digests_compose(*, now) -> list[int]:
    """Create the digest of every person and day whose notifications are all stored; their ids."""
    no_email = NotificationPreference.objects.filter(
        user=OuterRef("user"), kind=OuterRef("kind"), by_email=False
    )
    composed = DigestSent.objects.filter(user=OuterRef("user"), day=OuterRef("day"))
    pending = list(
        Notification.objects.filter(
            digest__isnull=True, created_at__gte=now - DIGEST_WINDOW, user__is_active=True
        )
        .exclude(user__email="")
        .exclude(Exists(no_email))
        .exclude(Exists(composed))
        .values("user_id", "day")
        .annotate(first=Min("created_at"))
        .order_by("user_id", "day")
    )
    if not pending:
        return []
    tenants = tenants_of({row["user_id"] for row in pending})
    runs = runs_of({row["day"] for row in pending})
    composed = []
    for row in pending:
        waiting = [t for t in tenants[row["user_id"]] if (*t, row["day"]) not in runs]
        if waiting and row["first"] > now - DIGEST_WAIT:
            continue  # another workplace of theirs, further west, has not reached 07:00 yet
        digest = digest_create(user_id=row["user_id"], day=row["day"], now=now)
        if digest is not None:
            composed.append(digest.pk)
    return composed


@transaction.atomic
def digest_create(*, user_id: int, day, now) -> DigestSent | None:
    """The person's one digest of the day, with its notifications. None when it exists
    already (a doubled run) or has nothing to send."""
    digest, created = DigestSent.objects.get_or_create(user_id=user_id, day=day, defaults={"created_at": now})
    if not created:
        return None
    no_email = NotificationPreference.objects.filter(user_id=user_id, by_email=False).values("kind")
    assigned = (
        Notification.objects.filter(user_id=user_id, day=day, digest__isnull=True)
        .exclude(kind__in=no_email)
        .update(digest=digest)
    )
    if not assigned:
        transaction.set_rollback(True)
        return None
    return digest


def digests_unsent(*, now) -> list[int]:
    """Digests still unsent a while after their creation: their job was lost (the process
    died before queueing it, or the mail server was down through the retries)."""
    return list(
        DigestSent.objects.filter(
            sent_at__isnull=True,
            created_at__lt=now - DIGEST_REQUEUE_AFTER,
            created_at__gte=now - DIGEST_REQUEUE_UNTIL,
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def digest_send(*, digest_id: int) -> bool:
    """Render the PDF and send the e-mail of a digest, once.

    The row stays locked while sending: a second delivery of the same job skips a locked
    row and finds a sent one marked. A failure of the mail server rolls back and the task
    retries. Only a crash between the send and the commit could repeat an e-mail."""
    digest = (
        DigestSent.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(pk=digest_id, sent_at__isnull=True)
        .first()
    )
    if digest is None:
        return False
    notifications = list(digest.notifications.select_related("organization", "municipality"))
    if notifications and digest.user.email:
        context = digest_context(digest, notifications)
        message = EmailMessage(
            subject=render_to_string("reminders/digest_subject.txt", context).strip(),
            body=render_to_string("reminders/digest_email.txt", context),
            to=[digest.user.email],
        )
        message.attach(
            f"napominaniya-{digest.day:%Y-%m-%d}.pdf",
            render_pdf("reminders/digest_pdf.html", context),
            "application/pdf",
        )
        message.send()
    digest.sent_at = timezone.now()
    digest.save(update_fields=["sent_at"])
    return bool(notifications)


def digest_context(digest: DigestSent, notifications) -> dict:
    """Sections by workplace, then by kind in the registry's order."""
    by_source = defaultdict(lambda: defaultdict(list))
    for notification in notifications:
        by_source[notification.source][notification.kind].append(notification)
    groups = [
        {
            "source": source,
            "sections": [
                {"heading": kind.heading_ru, "items": kinds[code]}
                for code, kind in KINDS.items()
                if code in kinds
            ],
        }
        for source, kinds in sorted(by_source.items())
    ]
    count = len(notifications)
    return {
        "user": digest.user,
        "day": digest.day,
        "groups": groups,
        "count": count,
        "count_label": reminders_ru(count),
        "portal_url": settings.PORTAL_URL,
        "list_path": reverse("reminders:list"),
        "settings_path": reverse("reminders:settings"),
        "letterhead": "Портал наставничества: целевая модель наставничества",
    }


# --- A person's own changes -----------------------------------------------------------------
# Not audited: they concern the person only, not the data of an organisation.


@transaction.atomic
def notifications_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one notification, or all of the person's, read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user, preferences: dict[str, tuple[bool, bool]]) -> None:
    """kind -> (by e-mail, in the portal), in one statement."""
    rows = [
        NotificationPreference(user=user, kind=kind, by_email=by_email, in_portal=in_portal)
        for kind, (by_email, in_portal) in preferences.items()
        if kind in KINDS
    ]
    NotificationPreference.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "kind"], update_fields=["by_email", "in_portal"]
    )
