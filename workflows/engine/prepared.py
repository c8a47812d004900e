"""A step's statements prepared on PostgreSQL: planned once per connection.

A step sends the same few dozen statements every time (the task read under
the lock joins eight tables), and PostgreSQL spent longer planning each of
them than running it. Inside ``prepared()`` the connection binds parameters
on the server (psycopg's ``Cursor``, Django's ``ServerBindingCursor``) and
prepares a statement once it has run ``ENGINE_PREPARE_THRESHOLD`` times on
that connection; outside, the project's connection is as configured
(client-side binding, nothing prepared), so other code is untouched. Off
with ``ENGINE_PREPARED_STATEMENTS=false`` (e.g. behind a pgbouncer in
transaction mode that does not track prepared statements); nothing to do
on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor

# Django's feature flag (a cached property) its query log reads
_BINDING_FEATURE = "uses_server_side_binding"


@contextmanager
def prepared() -> Iterator[None]:
    """Server-side binding and prepared statements for the block (nested
    blocks leave it to the outermost)."""
    if connection.vendor != "postgresql" or not settings.ENGINE_PREPARED_STATEMENTS:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw.cursor_factory is ServerBindingCursor:
        yield
        return
    saved = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory = ServerBindingCursor
    raw.prepare_threshold = settings.ENGINE_PREPARE_THRESHOLD
    # the queries' log (DEBUG, CaptureQueriesContext) spells them with their
    # values as before: Django composes them as for server-side binding
    features = connection.features.__dict__
    logged = features.get(_BINDING_FEATURE)
    features[_BINDING_FEATURE] = True
    try:
        yield
    finally:
        if connection.connection is raw:  # not closed and reopened meanwhile
            raw.cursor_factory, raw.prepare_threshold = saved
        if logged is None:
            features.pop(_BINDING_FEATURE, None)
        else:
            features[_BINDING_FEATURE] = logged
