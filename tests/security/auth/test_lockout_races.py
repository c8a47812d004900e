"""Concurrent failures on PostgreSQL: no failure is lost, none answers 500,
and no more passwords are checked than the limit allows."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection, connections

from casework.accounts.models import LoginLock
from casework.demo.seed import PASSWORD

from .conftest import client_at, token_request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    # serialized_rollback, like every committing test here: a plain flush
    # afterwards re-creates the content types under new ids, and the next
    # serialized_rollback test fails to restore its own (duplicate key)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ATTEMPTS = 12


def answer(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_simultaneous_failures_lock_after_exactly_five(lockout):
    """Twelve wrong passwords at once: the first four are told so, the fifth
    locks and the rest are refused as locked -- whatever the interleaving (a
    429 from the throttle, ``throttled``, would not pass for a lock)."""
    codes: list[tuple[int, str]] = []
    start = threading.Barrier(ATTEMPTS)

    def attempt(i: int) -> None:
        try:
            start.wait(timeout=30)
            codes.append(answer(token_request(client_at(f"10.2.0.{i}"), "ghost", "wrong")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [(400, "invalid")] * 4 + [(429, "locked")] * (ATTEMPTS - 4)
    assert LoginLock.objects.get(username="ghost").locked_until is not None


HELD = "held-in-the-hasher"
held_entered = threading.Event()
held_release = threading.Event()


class HeldMD5Hasher(MD5PasswordHasher):
    """The tests' MD5 hasher, except that checking the password ``HELD`` waits
    for the test: a password check caught in the middle."""

    def verify(self, password: str, encoded: str) -> bool:
        if password == HELD:
            held_entered.set()
            held_release.wait(timeout=60)
        return super().verify(password, encoded)


def waiting_for_a_row_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_guess_arriving_while_the_fifth_failure_is_checked_is_refused_unchecked(
    users, lockout, settings
):
    """Four failures; while the fifth guess's password is being checked, the
    right password arrives from elsewhere. It waits for the fifth's verdict,
    which locks the name, and is refused unchecked: however many guesses are
    sent at once, no more than five passwords are checked (it used to check
    every guess that arrived before the fifth failure was written, and a right
    one got in and wiped the count)."""
    for _ in range(4):
        assert answer(token_request(client_at("10.3.0.1"), "caseworker", "wrong")) == (
            400,
            "invalid",
        )
    settings.PASSWORD_HASHERS = [f"{__name__}.HeldMD5Hasher"]
    held_entered.clear()
    held_release.clear()
    answers: dict[str, tuple[int, str] | int] = {}

    def attempt(name: str, address: str, password: str) -> None:
        try:
            response = token_request(client_at(address), "caseworker", password)
            answers[name] = answer(response) if response.status_code != 200 else 200
        finally:
            connections.close_all()

    fifth = threading.Thread(target=attempt, args=("fifth", "10.3.0.2", HELD))
    fifth.start()
    try:
        assert held_entered.wait(timeout=30), "the fifth guess never reached the hasher"
        right = threading.Thread(target=attempt, args=("right", "10.3.0.3", PASSWORD))
        right.start()
        deadline = time.monotonic() + 30
        while right.is_alive() and not waiting_for_a_row_lock():
            assert time.monotonic() < deadline, "the right password neither waited nor ended"
            time.sleep(0.01)
    finally:
        held_release.set()
    fifth.join(timeout=60)
    right.join(timeout=60)
    assert answers == {"fifth": (429, "locked"), "right": (429, "locked")}
    assert LoginLock.objects.get(username="caseworker").locked_until is not None
