"""Programmes, and the forms of mentoring they run in."""

from django.db import transaction

from apps.audit.services import log_action

from ..models import STANDARD_FORMS, MentoringForm, Programme


@transaction.atomic
def forms_create_standard(*, organization) -> None:
    """The five standard forms of mentoring, for an organisation that has none yet."""
    MentoringForm.objects.bulk_create(
        [MentoringForm(organization=organization, name=name) for name in STANDARD_FORMS],
        ignore_conflicts=True,
    )


@transaction.atomic
def form_add(*, organization, actor, name: str) -> MentoringForm:
    """An organisation's own form of mentoring, beside the five standard ones."""
    form = MentoringForm(organization=organization, name=name.strip())
    form.full_clean()
    form.save()
    log_action(
        organization=organization, actor=actor, action="programme.form_added", data={"name": form.name}
    )
    return form


@transaction.atomic
def programme_create(*, organization, actor, **fields) -> Programme:
    programme = Programme(organization=organization, **fields)
    programme.full_clean()
    programme.save()
    programme.log("programme.created", actor=actor)
    return programme
