"""The task bases of apps/core/tasks.py: a task leaves only with its transaction's commit,
and a tenant's task runs inside that tenant's scope."""

import uuid

import pytest
from celery import shared_task
from django.core import mail
from django.db import transaction
from django_scopes import get_scope

from apps.accounts.tasks import send_email
from apps.core.tasks import TenantTask
from apps.organizations.models import Membership
from apps.organizations.services import member_add
from mentoring_portal.celery import app as celery_app

from ..broker import unreachable_broker


class Rollback(Exception):
    pass


def _add_colleague(tenant):
    return member_add(
        organization=tenant.organization,
        actor=tenant.director,
        username="smirnova",
        email="smirnova@example.org",
        last_name="Смирнова",
        first_name="Людмила",
        role="curator",
    )


def test_an_invitation_does_not_leave_when_adding_the_colleague_rolls_back(tenant_a):
    with pytest.raises(Rollback), transaction.atomic():
        _add_colleague(tenant_a)
        raise Rollback
    assert not Membership.objects.filter(user__username="smirnova").exists()
    assert mail.outbox == []


def test_an_invitation_leaves_once_the_colleague_is_added(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _add_colleague(tenant_a)
        assert mail.outbox == []  # not before the commit
    assert [m.to for m in mail.outbox] == [["smirnova@example.org"]]


@pytest.fixture
def broker_queue():
    """A queue of its own on the real Redis broker, with eager running switched off."""
    queue = f"test-{uuid.uuid4().hex}"
    overrides = {"task_always_eager": False, "task_default_queue": queue}
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    with celery_app.connection_for_write() as connection:
        redis = connection.default_channel.client
        try:
            yield lambda: redis.llen(queue)
        finally:
            redis.delete(queue)
            celery_app.conf.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_task_sent_in_a_rolled_back_transaction_never_reaches_the_broker(broker_queue):
    with pytest.raises(Rollback), transaction.atomic():
        send_email.delay(subject="s", body="b", to=["x@example.org"])
        raise Rollback
    assert broker_queue() == 0

    with transaction.atomic():
        send_email.delay(subject="s", body="b", to=["x@example.org"])
        assert broker_queue() == 0  # still inside the transaction
    assert broker_queue() == 1

    send_email.delay(subject="s", body="b", to=["x@example.org"])  # no transaction: at once
    assert broker_queue() == 2


@shared_task(base=TenantTask)
def _scope_of_the_task(*, owner):
    current = get_scope()
    return {
        "owner": owner,
        "organization": current.get("organization"),
        "municipality": current.get("municipality"),
    }


def test_a_tenant_task_runs_in_its_organisations_scope(tenant_a):
    result = _scope_of_the_task.apply(
        kwargs={"owner": [tenant_a.organization._meta.label_lower, tenant_a.organization.pk]}
    )
    assert result.get() == {
        "owner": tenant_a.organization,
        "organization": tenant_a.organization,
        "municipality": None,
    }


def test_a_tenant_task_runs_in_its_committees_scope(tenant_a):
    municipality = tenant_a.organization.municipality
    result = _scope_of_the_task.apply(kwargs={"owner": [municipality._meta.label_lower, municipality.pk]})
    found = result.get()
    # The committee's organisations are a query (apps/core/scoping.py), read here.
    assert {**found, "organization": list(found["organization"])} == {
        "owner": municipality,
        "organization": [tenant_a.organization.pk],
        "municipality": municipality.pk,
    }


def test_a_tenant_task_carries_only_the_owners_label_and_id(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert _scope_of_the_task.delay(owner=tenant_a.organization) is None  # waits for the commit
    [send] = callbacks  # partial(apply_async, args, kwargs): the message as it will leave
    assert send.args[1] == {"owner": ["organizations.organization", tenant_a.organization.pk]}


_refused = []


@shared_task(base=TenantTask)
def _refused_when_the_broker_is_down(number, *, owner):
    return number


_refused_when_the_broker_is_down.not_sent = lambda args, kwargs: _refused.append((args, kwargs))


def test_a_broker_that_is_down_fails_no_commit_and_the_task_hears_of_it(
    tenant_a, django_capture_on_commit_callbacks
):
    """The error is logged, the transaction's change stays, and not_sent() lets the task mark
    the row that waits for its job (documents, imports)."""
    with unreachable_broker(), django_capture_on_commit_callbacks(execute=True):
        _refused_when_the_broker_is_down.delay(7, owner=tenant_a.organization)
    assert _refused == [((7,), {"owner": ["organizations.organization", tenant_a.organization.pk]})]
