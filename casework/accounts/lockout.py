"""Lockout after repeated failed logins.

One count per user name (known or not, so a lock tells nothing about which
names exist), shared by every way in: the web login, the admin login and the
token endpoint all authenticate through ``LockoutModelBackend``. Locking by
name alone lets someone lock a colleague out for the cool-off; the price of
stopping password guessing spread over many addresses.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginLock

logger = logging.getLogger("casework.auth")


def lock_key(username: str) -> str:
    """The name as counted: case and surrounding spaces do not buy new tries."""
    return username.replace("\x00", "").strip().lower()[:150]


def login_locked_until(*, username: str) -> dt.datetime | None:
    """When the lock on this name ends, or None when it is not locked."""
    if settings.LOGIN_FAILURE_LIMIT <= 0:
        return None
    return (
        LoginLock.objects.filter(username=lock_key(username), locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )


def lock_minutes_left(until: dt.datetime) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


@transaction.atomic
def login_failure_record(*, username: str) -> LoginLock | None:
    """Count one failed login; the ``LOGIN_FAILURE_LIMIT``-th within
    ``LOGIN_FAILURE_WINDOW_MINUTES`` locks the name for ``LOGIN_LOCKOUT_MINUTES``.
    Does nothing when the limit is 0 (lockout off)."""
    if settings.LOGIN_FAILURE_LIMIT <= 0:
        return None
    now = timezone.now()
    lock, _ = LoginLock.objects.select_for_update().get_or_create(
        username=lock_key(username), defaults={"window_started": now}
    )
    if lock.locked_until is not None and lock.locked_until > now:
        return lock
    if now - lock.window_started > dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES):
        lock.failures = 0
        lock.window_started = now
    lock.failures += 1
    if lock.failures >= settings.LOGIN_FAILURE_LIMIT:
        lock.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        lock.failures = 0
        lock.window_started = now
        logger.warning(
            "login locked for %r until %s after %d failures",
            lock.username,
            lock.locked_until.isoformat(),
            settings.LOGIN_FAILURE_LIMIT,
        )
    lock.save()
    return lock


def login_failures_clear(*, username: str) -> None:
    """A successful login starts the count afresh."""
    LoginLock.objects.filter(username=lock_key(username)).delete()
