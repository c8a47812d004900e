"""The parameters and the calendar's overrides, read once per change; and
the programs' own tables of that kind (``keep_in_snapshot``: relief's
subsistence standards and ceilings).

The tables are small, read by nearly every step (a due date is a
parameter and a calendar window) and written rarely, by an administrator.
Each process keeps one snapshot of the tables; a version token in
Django's cache says whether it is still current. The cache is shared by
every web and Celery process in production (``CACHE_URL``, Redis; the
deploy check W003 warns when it is not). A write of any of them — any
``save`` or ``delete`` of a ``Parameter``, a ``CalendarDay`` or a kept
table's row, so
``parameter_update``, the admin, the admin's bulk delete — replaces the
token when its transaction commits, as does ``migrate``; the next read in
every process then sees a token it does not hold and reads the tables
again (a query each). Steady state: one cache GET per request and no SQL.

A request reads the token once, at its first read of the tables, and keeps
it to its end (``_RequestToken``): the whole request works with one version
of the tables (or its own writes), and a change committed while it runs is
read by the next request. Outside a request (a Celery task, a command)
every read asks the cache.

A token is replaced only after the commit, so a process that reads the new
token reads the committed rows (PostgreSQL's READ COMMITTED); a process
that read the old token and the old rows keeps them under the old token,
which nobody hands out any more. Inside a transaction that has written
one of the tables and not committed yet, reads go to the database (they see
the transaction's own writes, and nothing uncommitted is kept); rolled
back, the write leaves no trace. Rows changed behind Django's back (SQL by
hand, a restore) are seen after the next write, ``migrate`` or
``reference_data_changed()``.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import CalendarDay, Parameter

# the tables' names in the snapshot
PARAMETERS, CALENDAR = "parameters", "calendar"


@dataclass(frozen=True)
class Snapshot:
    """The kept tables, each as its reader gives it (``keep_in_snapshot``),
    by name: a table written by the open transaction is left out."""

    tables: dict[str, Any]

    @property
    def parameters(self) -> dict[str, str]:
        """Every parameter's value, as stored, by key."""
        return cast(dict[str, str], self.tables[PARAMETERS])

    @property
    def calendar(self) -> dict[dt.date, bool]:
        """Every calendar override: whether the day is a working day."""
        return cast(dict[dt.date, bool], self.tables[CALENDAR])


# the tables kept in the snapshot: name → (model, reader)
_KEPT: dict[str, tuple[type[Model], Callable[[], Any]]] = {}


def keep_in_snapshot(name: str, model: type[Model], read: Callable[[], Any]) -> None:
    """Keep ``read()`` (what is needed of ``model``'s table) in the snapshot
    as ``tables[name]``, read again whenever the token changes; a ``save``
    or ``delete`` of a ``model`` row changes it (a program's: its app's
    ``ready``)."""
    _KEPT[name] = (model, read)
    for signal, done in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_table_written, sender=model, dispatch_uid=f"reference_data_{name}_{done}")


# this process's snapshot and the token it was read under
_held: tuple[str, Snapshot] | None = None


def _token_key() -> str:
    # one token per database: a shared Redis may serve several (tests, benches)
    return f"casework:reference-data:{settings.DATABASES['default']['NAME']}"


def reference_data_changed() -> None:
    """Make every process read the tables again on its next read (now: call
    it after the transaction that changed them has committed)."""
    token = uuid.uuid4().hex
    cache.set(_token_key(), token, timeout=None)
    _request_token.keep(token)  # this request reads its own change next


class _RequestToken(threading.local):
    """The token this thread's request read first (None: not read yet, or
    no request running): the rest of the request reads no cache."""

    def __init__(self) -> None:
        self.running = False
        self.token: str | None = None

    def begin(self, **kwargs: Any) -> None:
        self.running, self.token = True, None

    def end(self, **kwargs: Any) -> None:
        self.running, self.token = False, None

    def keep(self, token: str | None) -> None:
        if self.running:
            self.token = token


_request_token = _RequestToken()
request_started.connect(_request_token.begin, dispatch_uid="reference_data_request_started")
request_finished.connect(_request_token.end, dispatch_uid="reference_data_request_finished")


class _Changed:
    """What a write of a kept table has run when its transaction commits: a
    new token. Until then it marks the transaction as one that reads that
    table from the database."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self) -> None:
        reference_data_changed()


def _written_here() -> set[str]:
    """The tables this connection's open transaction wrote."""
    # (savepoint ids, callback, robust): dropped with their savepoint
    return {entry[1].name for entry in connection.run_on_commit if isinstance(entry[1], _Changed)}


def _current_token() -> str | None:
    if _request_token.token is not None:
        return _request_token.token
    key = _token_key()
    token = cache.get(key)
    if token is None:  # first start, cleared or evicted: begin a new one
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key)  # the one another process may have added first
    _request_token.keep(token)
    return token


def snapshot(name: str) -> Snapshot | None:
    """The tables as this process last read them, read again when changed,
    for a read of table ``name``; None where that table must be read from
    the database: inside a transaction that wrote it, or without a cache
    (``DummyCache``). Read again inside a transaction that wrote other
    tables, the snapshot leaves those out (nothing uncommitted is kept)."""
    global _held
    written = _written_here()
    if name in written:
        return None
    token = _current_token()
    if token is None:
        return None
    held = _held
    if held is not None and held[0] == token and name in held[1].tables:
        return held[1]
    kept = {table: read() for table, (_model, read) in _KEPT.items() if table not in written}
    fresh = Snapshot(kept)
    _held = (token, fresh)
    return fresh


def _table_written(sender: type[Model], **kwargs: Any) -> None:
    # registered in the writing transaction: dropped with it on rollback,
    # and marks it as one that reads the table from the database
    name = next(table for table, (model, _read) in _KEPT.items() if model is sender)
    transaction.on_commit(_Changed(name))


keep_in_snapshot(PARAMETERS, Parameter, lambda: dict(Parameter.objects.values_list("key", "value")))
keep_in_snapshot(
    CALENDAR, CalendarDay, lambda: dict(CalendarDay.objects.values_list("date", "is_workday"))
)


@receiver(post_migrate, dispatch_uid="reference_data_migrated")
def _migrated(sender: Any, **kwargs: Any) -> None:
    # data migrations add and change parameters; post_migrate is sent for
    # every app after all of them ran: once is enough
    if sender.label == "core":
        reference_data_changed()


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """W003 (deploy): the cache is this process's memory, so a parameter or
    calendar change is not seen by the other web and Celery processes."""
    if settings.CACHES["default"]["BACKEND"].endswith("locmem.LocMemCache"):
        return [
            checks.Warning(
                "CACHES is not shared between processes: a changed parameter or "
                "calendar day reaches only the process that changed it.",
                hint="Set CACHE_URL to the Redis all web and Celery processes use.",
                id="casework.W003",
            )
        ]
    return []
