"""Concurrent failures on PostgreSQL: no failure is lost, none answers 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from casework.accounts.models import LoginLock

from .conftest import client_at, token_request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

ATTEMPTS = 12


def test_simultaneous_failures_lock_after_exactly_five(lockout):
    codes: list[int] = []
    start = threading.Barrier(ATTEMPTS)

    def attempt(i: int) -> None:
        try:
            start.wait(timeout=30)
            codes.append(token_request(client_at(f"10.2.0.{i}"), "ghost", "wrong").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [400] * 4 + [429] * (ATTEMPTS - 4)
    assert LoginLock.objects.get(username="ghost").locked_until is not None
