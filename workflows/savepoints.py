"""Viewflow's node savepoints, left out inside a step (``workflows.engine``).

Viewflow runs each node's activation in a savepoint (the timer's, the
end's, the start's) so that a failing node can be rolled back alone and
kept in an error state while the flow goes on — what it does when
``context.propagate_exception`` is off. The engine never turns it off: any
exception ends the step and its lock's transaction rolls back whole, so
each of those savepoints is two round trips that can never be used.
``node_savepoints_off`` leaves them out for viewflow's part of a step (the
moves that follow a completed task or a fired timer). The step's action
runs before it, so a service that catches a unique violation keeps its
own savepoint; the services a ``Function`` node calls in that part (a
consultation's close, a mediation's time-out) catch no database error,
and one that would must wrap itself in ``savepoints_kept``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# Django's feature flag ``connection.savepoint()`` reads (a class attribute)
_FLAG = "uses_savepoints"


@contextmanager
def node_savepoints_off() -> Iterator[None]:
    """No savepoints for the block's nested atomic blocks (the outermost
    block's transaction still rolls back whole); nested uses leave it to
    the outermost."""
    features = connection.features
    if _FLAG in features.__dict__:
        yield
        return
    setattr(features, _FLAG, False)
    try:
        yield
    finally:
        delattr(features, _FLAG)


@contextmanager
def savepoints_kept() -> Iterator[None]:
    """Savepoints as configured, for a domain service that viewflow's part
    of a step calls (the start's details): inside ``node_savepoints_off``
    it may still catch a unique violation in its own savepoint."""
    features = connection.features
    off = features.__dict__.pop(_FLAG, None)
    try:
        yield
    finally:
        if off is not None:
            setattr(features, _FLAG, off)
