"""Access facts kept between requests, and dropped the moment anything they depend on changes.

Every tenant request needs its actor (the person's employment and roles: two queries) and most
need the actor's access to a board (a query with subqueries). Both change rarely, when someone
edits people, teams, roles or a board's sharing, so each process keeps them in the cache alias
"access" (local memory; values are pickled, so no two requests share an instance).

Every key carries the *generation*: a random token in one database row, replaced in the same
transaction as any change to a model that access depends on (`access_changed`, called by the
signals in `apps.py` and by the bulk methods of `AccessQuerySet`). A request reads the token
once, with one indexed point query, and looks its facts up under it. Because the token lives in
the database:
- every process (web workers, the task worker, a management command) sees a change the moment
  it commits, whichever cache backend is configured;
- a change rolled back leaves no trace: tokens are random, so a rolled-back one never returns.
Entries also expire after `ACCESS_CACHE_SECONDS`, which bounds the life of anything a write that
bypasses the ORM (raw SQL in a shell) might leave behind. Decision 0021.

The token's table is read and written with SQL of its own: `models.py` builds on this module
(`AccessQuerySet`), so this module must not import the models back.
"""

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.dispatch import Signal

ACCESS_CACHE_ALIAS = "access"
ACCESS_CACHE_SECONDS = 300
_TABLE = "organisations_accessgeneration"
_MISSING = object()
MISSING = _MISSING  # what `recall` answers for a key not cached

T = TypeVar("T")

# Sent once the transaction that changed who may do what has committed (at most once per
# transaction): open WebSockets re-check their access on it (`officina.realtime.access`).
access_generation_changed = Signal()


def current_generation() -> str:
    """The token every cached access fact is keyed by (one point query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {_TABLE} WHERE id = 1")  # noqa: S608 - constant
        row = cursor.fetchone()
    if row is not None:
        return str(row[0])
    return _create_generation()


def access_changed() -> None:
    """Drop every cached access fact: call in the transaction that changes who may do what."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_TABLE} SET token = %s WHERE id = 1", [_new_token()])  # noqa: S608
        updated = cursor.rowcount
    if not updated:
        _create_generation()
    if not any(pending[1] is _announce for pending in connection.run_on_commit):
        transaction.on_commit(_announce)


def _announce() -> None:
    access_generation_changed.send(sender=None)


def access_model_changed(sender: type, *, action: str = "post_", **kwargs: Any) -> None:
    """Receiver of post_save, post_delete and m2m_changed for the models access depends on."""
    if action.startswith("pre_"):  # m2m_changed: act once, after the change
        return
    access_changed()


def remember(key: str, generation: str, build: Callable[[], T]) -> T:
    """The value cached under `key` in this generation, or `build()` (cached if it returns)."""
    found: Any = recall(key, generation)
    if found is not _MISSING:
        return found  # type: ignore[no-any-return]
    value = build()
    keep(key, generation, value)
    return value


def recall(key: str, generation: str) -> Any:
    """The value cached under `key` in this generation, or `MISSING`."""
    return caches[ACCESS_CACHE_ALIAS].get(f"{generation}:{key}", _MISSING)


def keep(key: str, generation: str, value: object) -> None:
    """Cache `value` under `key` in this generation."""
    caches[ACCESS_CACHE_ALIAS].set(f"{generation}:{key}", value, ACCESS_CACHE_SECONDS)


def _new_token() -> str:
    return secrets.token_hex(16)


def _create_generation() -> str:
    """The row is made by a migration; recreate it after a test flush emptied the table."""
    token = _new_token()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {_TABLE} (id, token) VALUES (1, %s)", [token])  # noqa: S608
    except IntegrityError:  # another process made it first
        return current_generation()
    return token


class AccessQuerySet(QuerySet[Any]):
    """Bulk writes bypass model signals: these drop the cached access facts themselves."""

    def update(self, **kwargs: Any) -> int:
        changed = super().update(**kwargs)
        if changed:
            access_changed()
        return changed

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        created = super().bulk_create(objs, *args, **kwargs)
        access_changed()
        return created

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        changed = super().bulk_update(objs, fields, batch_size=batch_size)
        access_changed()
        return changed
