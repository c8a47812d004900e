"""Lockout after repeated failed logins.

One count per user name (known or not, so a lock tells nothing about which
names exist), shared by every way in: the web login, the admin login and the
token endpoint all authenticate through ``LockoutModelBackend``. Locking by
name alone lets someone lock a colleague out for the cool-off; the price of
stopping password guessing spread over many addresses.

Concurrent attempts on one name queue on its row, so the count is exact and
bounds the passwords checked, and each attempt is answered by its own verdict
(``login_refused_until``), never by the state some other attempt left since.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginLock

logger = logging.getLogger("casework.auth")

U = TypeVar("U")


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


def login_attempt(
    *, username: str, check_password: Callable[[], U | None]
) -> tuple[U | None, dt.datetime | None]:
    """One login attempt on a user name, the lockout around its password check.

    Attempts on one name are decided one at a time: the name's row stays
    locked from before ``check_password`` runs until the verdict is written.
    So a name locked by a concurrent failure never has its password checked,
    and no more than ``LOGIN_FAILURE_LIMIT`` wrong passwords are checked per
    window however many arrive at once. (Checking first and counting after let
    every guess that arrived before the fifth failure was written be checked,
    and a right one cleared the count.)

    Returns ``(user, None)`` on success, which starts the count afresh;
    ``(None, None)`` for a failure counted below the limit; ``(None, until)``
    when the name was locked (the password not checked) or this failure,
    the ``LOGIN_FAILURE_LIMIT``-th within ``LOGIN_FAILURE_WINDOW_MINUTES``,
    locked it for ``LOGIN_LOCKOUT_MINUTES``. With a limit of 0 (lockout off)
    only the password is checked."""
    if settings.LOGIN_FAILURE_LIMIT <= 0:
        return check_password(), None
    until = login_locked_until(username=username)
    if until is not None:  # refused at once, not queued behind the row
        return None, until
    with transaction.atomic():
        lock, _ = LoginLock.objects.select_for_update().get_or_create(
            username=lock_key(username), defaults={"window_started": timezone.now()}
        )
        now = timezone.now()  # after waiting for the attempt before
        if lock.locked_until is not None and lock.locked_until > now:
            return None, lock.locked_until
        user = check_password()
        if user is not None:
            if lock.failures or lock.locked_until is not None:
                # reset, not deleted: a row that comes and goes would let an
                # attempt waiting to insert it find none after all
                lock.failures = 0
                lock.locked_until = None
                lock.window_started = now
                lock.save()
            return user, None
        return None, _failure_count(lock, now)


def _failure_count(lock: LoginLock, now: dt.datetime) -> dt.datetime | None:
    """Count one failure on the locked row; the lock's end if it locks."""
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
    return lock.locked_until if lock.locked_until is not None and lock.locked_until > now else None


# Set on the request by the backend: the lock this request's own attempt met
# or set (None: its failure was counted below the limit).
_REFUSED_UNTIL = "_login_refused_until"


def login_attempt_note(request: Any, until: dt.datetime | None) -> None:
    """Keep the attempt's verdict on the request for the page or view that answers it."""
    if request is not None:
        setattr(request, _REFUSED_UNTIL, until)


def login_refused_until(request: Any, *, username: Any) -> dt.datetime | None:
    """Whether a failed login is to be answered "locked", and until when: as
    this request's attempt was decided, not read back afterwards (meanwhile a
    concurrent failure may have locked the name, while this one was a wrong
    password counted below the limit). A request that never reached the
    password check (no password given) is answered by the name's lock now."""
    if hasattr(request, _REFUSED_UNTIL):
        return cast(dt.datetime | None, getattr(request, _REFUSED_UNTIL))
    return login_locked_until(username=username) if isinstance(username, str) else None
