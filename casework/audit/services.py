"""Writing audit events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from casework.core.models import Case

from . import registry
from .chain import GENESIS, link_hash
from .models import AuditEvent

# pg_advisory_xact_lock key serializing writers of the chain outside any case
# (parameter changes): there is no case row to lock for it.
NO_CASE_CHAIN_LOCK = 0x61756469745F6E63  # "audit_nc"


def _json_number(text: str) -> int | float:
    # PostgreSQL's jsonb keeps a number's digits, not its spelling: 1e+16 comes
    # back as 10000000000000000, an int to Python, and -0.0 as 0.0. Read the
    # number that way now, so the hash is over what will be read back.
    number = Decimal(text)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(number)
    return float(text) or 0.0


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # Decimals and dates become strings exactly as they will be read back;
    # NaN and infinities are refused (no database stores them in JSON).
    text = json.dumps(data, cls=DjangoJSONEncoder, allow_nan=False)
    return json.loads(text, parse_float=_json_number)


_chains_locked: ContextVar[frozenset[int]] = ContextVar("audit_chains_locked", default=frozenset())


@contextmanager
def chain_lock_held(case_id: int) -> Iterator[None]:
    """Declare that the caller holds the case's row lock for this block (the
    engine's flow lock is that lock), so events need not take it again."""
    token = _chains_locked.set(_chains_locked.get() | {case_id})
    try:
        yield
    finally:
        _chains_locked.reset(token)


def audit_record(
    *, case: Case | None, actor: Any, type: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event to the case's chain. The case row is locked for the
    rest of the transaction so two writers never take the same ``seq``; the
    chain outside any case takes an advisory lock instead (on SQLite the
    IMMEDIATE transaction already serializes writers)."""
    registry.get(type)
    payload = _plain(data or {})
    # no savepoint: an event belongs to its caller's transaction, whole
    with transaction.atomic(savepoint=False):
        if case is not None:
            if case.pk not in _chains_locked.get():
                Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NO_CASE_CHAIN_LOCK])
        last = (
            AuditEvent.objects.filter(case=case).order_by("-seq").values_list("seq", "hash").first()
        )
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = timezone.now()
        actor_name = actor.get_username() if actor is not None else "system"
        event = AuditEvent(
            case=case,
            seq=seq,
            at=at,
            actor=actor,
            actor_name=actor_name,
            type=type,
            data=payload,
            prev_hash=prev_hash,
            hash=link_hash(
                prev_hash,
                case_id=case.pk if case else None,
                seq=seq,
                at=at.isoformat(),
                actor=actor_name,
                type=type,
                data=payload,
            ),
        )
        event.save()
    return event
