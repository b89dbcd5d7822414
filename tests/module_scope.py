"""Data built once for a whole test module (pretix's module-level `env` fixture).

A module-scoped fixture yields from `built_for_module`; the module's function fixtures
(`tenant_a`, `output`, …) take it together with `db`. The data lives in a transaction held
open through the module, and each case's own transaction (the `db` fixture) is a savepoint
inside it that rolls back: a case that writes leaves the data as it was for the next one.
After the module's last case the transaction rolls back and the files its rows pointed at
are deleted, so the next module starts from an empty database.

Every case of such a module sees the data, also one that takes only `db`: a module whose
cases expect an empty database does not use it. Transactional cases (`transactional_db`,
`django_db(transaction=True)`, `live_server`) cannot run inside it.
"""

from collections.abc import Callable, Iterator
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import Client
from django_scopes import scopes_disabled

T = TypeVar("T")


def built_for_module(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """`yield from` this in a module-scoped fixture that asks for `django_db_setup`."""
    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():
            files_before = stored_files()
            data = build()
        # Between the cases, as elsewhere, only a case that asks for `db` reaches the database.
        with django_db_blocker.block():
            yield data
        with scopes_disabled():
            files = stored_files() - files_before
        transaction.set_rollback(True)
    for storage, name in files:
        storage.delete(name)


def added_to_module(django_db_blocker, build: Callable[[], T]) -> T:
    """More data for the module, built by a module-scoped fixture that asks for the module's
    world: it goes into the world's transaction, so every case sees it and it rolls back (its
    files deleted) with the world."""
    with django_db_blocker.unblock(), transaction.atomic(), scopes_disabled():
        return build()


def signed_in_once(users) -> dict:
    """{user's pk: session key}: each person signed in once, for all cases of a module (built
    with `added_to_module`) or all requests of a walk. A sign-in costs as much as a page; a
    case then sends the key (`use_session`), and what its requests write into the session
    rolls back with the case."""
    sessions = {}
    for user in users:
        client = Client()
        client.force_login(user)
        sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def use_session(client, session_key: str) -> None:
    """The client goes on as the person whose session this is (as after `force_login`)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key


def stored_files() -> set:
    """(storage, name) of every file a row points at."""
    files = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                files |= {(field.storage, name) for name in names if name}
    return files
