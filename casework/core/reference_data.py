"""The parameters and the calendar's overrides, read once per change.

Both tables are small, read by nearly every step (a due date is a
parameter and a calendar window) and written rarely, by an administrator.
Each process keeps one snapshot of both tables; a version token in
Django's cache says whether it is still current. The cache is shared by
every web and Celery process in production (``CACHE_URL``, Redis; the
deploy check W003 warns when it is not). A write of either table — any
``save`` or ``delete`` of a ``Parameter`` or ``CalendarDay``, so
``parameter_update``, the admin, the admin's bulk delete — replaces the
token when its transaction commits, as does ``migrate``; the next read in
every process then sees a token it does not hold and reads both tables
again (2 queries). Steady state: one cache GET per read and no SQL.

A token is replaced only after the commit, so a process that reads the new
token reads the committed rows (PostgreSQL's READ COMMITTED); a process
that read the old token and the old rows keeps them under the old token,
which nobody hands out any more. Inside a transaction that has written
either table and not committed yet, reads go to the database (they see
the transaction's own writes, and nothing uncommitted is kept); rolled
back, the write leaves no trace. Rows changed behind Django's back (SQL by
hand, a restore) are seen after the next write, ``migrate`` or
``reference_data_changed()``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import CalendarDay, Parameter


@dataclass(frozen=True)
class Snapshot:
    """Every parameter's value (as stored) and every calendar override."""

    parameters: dict[str, str]
    calendar: dict[dt.date, bool]


# this process's snapshot and the token it was read under
_held: tuple[str, Snapshot] | None = None


def _token_key() -> str:
    # one token per database: a shared Redis may serve several (tests, benches)
    return f"casework:reference-data:{settings.DATABASES['default']['NAME']}"


def reference_data_changed() -> None:
    """Make every process read both tables again on its next read (now: call
    it after the transaction that changed them has committed)."""
    cache.set(_token_key(), uuid.uuid4().hex, timeout=None)


def _written_here() -> bool:
    """Whether this connection's open transaction wrote either table."""
    # (savepoint ids, callback, robust): dropped with their savepoint
    return any(entry[1] is reference_data_changed for entry in connection.run_on_commit)


def _current_token() -> str | None:
    key = _token_key()
    token = cache.get(key)
    if token is None:  # first start, cleared or evicted: begin a new one
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key)  # the one another process may have added first
    return token


def snapshot() -> Snapshot | None:
    """Both tables as this process last read them, read again when changed;
    None where they must be read from the database: inside a transaction
    that wrote them, or without a cache (``DummyCache``)."""
    global _held
    if _written_here():
        return None
    token = _current_token()
    if token is None:
        return None
    held = _held
    if held is not None and held[0] == token:
        return held[1]
    fresh = Snapshot(
        parameters=dict(Parameter.objects.values_list("key", "value")),
        calendar=dict(CalendarDay.objects.values_list("date", "is_workday")),
    )
    _held = (token, fresh)
    return fresh


@receiver(post_save, sender=Parameter, dispatch_uid="reference_data_parameter_saved")
@receiver(post_delete, sender=Parameter, dispatch_uid="reference_data_parameter_deleted")
@receiver(post_save, sender=CalendarDay, dispatch_uid="reference_data_calendar_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="reference_data_calendar_deleted")
def _table_written(**kwargs: Any) -> None:
    # registered in the writing transaction: dropped with it on rollback,
    # and marks it as one that reads the tables from the database
    transaction.on_commit(reference_data_changed)


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
