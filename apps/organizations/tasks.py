"""The base of every task that works on one organisation's data."""

from celery import Task
from django_scopes import scope

from .models import Organization


class TenantTask(Task):
    """Takes `organization_id`, and runs the task inside that organisation's scope, as a
    request would: scoped managers then see only its rows. Tasks take ids, never objects,
    so that a queued message holds no personal data."""

    # The caller passes organization_id, the task function receives organization.
    typing = False

    def __call__(self, *args, organization_id: int, **kwargs):
        organization = Organization.objects.get(pk=organization_id)
        with scope(organization=organization):
            return super().__call__(*args, organization=organization, **kwargs)
