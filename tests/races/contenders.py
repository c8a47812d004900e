"""Running contenders together on real threads, each on its own database
connection, released at once by a barrier (tests/races, tests/notifications)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from casework.core.errors import Conflict

JOIN_TIMEOUT = 30  # seconds; PostgreSQL reports a deadlock after 1 s


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


def contend(*contenders: Callable[[], Callable[[], Any]]) -> list[Outcome]:
    """Run each contender in its own thread. A contender prepares (in its
    thread, on its own connection) and returns the action to race; the
    actions start together at a barrier. Returns one Outcome per contender,
    in order: what the action returned, or what it raised."""
    barrier = threading.Barrier(len(contenders), timeout=JOIN_TIMEOUT)
    outcomes = [Outcome() for _ in contenders]

    def main(i: int, prepare: Callable[[], Callable[[], Any]]) -> None:
        try:
            action = prepare()
            barrier.wait()
            outcomes[i].value = action()
        except BaseException as exc:  # reported to the test
            barrier.abort()
            outcomes[i].error = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=main, args=(i, c), name=f"contender-{i}", daemon=True)
        for i, c in enumerate(contenders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    hung = [t.name for t in threads if t.is_alive()]
    assert not hung, f"contenders still running after {JOIN_TIMEOUT}s (lock wait?): {hung}"
    errors = [
        o.error for o in outcomes if o.error is not None and not isinstance(o.error, Conflict)
    ]
    if errors:
        raise AssertionError(f"unexpected errors in contenders: {errors!r}") from errors[0]
    return outcomes


def race(*actions: Any) -> list[Any]:
    """``contend``, for the tests that want each contender's answer: what it
    returned, or the Conflict it raised (anything else fails the test)."""
    outcomes = contend(*actions)
    unexpected = [
        o.error for o in outcomes if o.error is not None and not isinstance(o.error, Conflict)
    ]
    assert not unexpected, unexpected
    return [o.error if o.error is not None else o.value for o in outcomes]
