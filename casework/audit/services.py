"""Writing audit events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from casework.core.classification import data_recorded
from casework.core.models import Case

from . import registry
from .chain import GENESIS, link_hash, value_seal
from .models import AuditEvent, ChainHead, events_write, head_read, statements_run

# pg_advisory_xact_lock key serializing writers of the chain outside any case
# (parameter changes): there is no case row to lock for it.
NO_CASE_CHAIN_LOCK = 0x61756469745F6E63  # "audit_nc"
# the actor_name of an event no user caused (a timer, the due-work run)
SYSTEM_ACTOR = "system"


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


class CaseChain:
    """The audit chain of one case, opened by the holder of the case's row
    lock for the rest of its block (``case_chain``): each event is linked
    onto the chain as it is recorded (its ``seq`` and ``hash`` set at once)
    and kept; ``write`` inserts the kept events in one statement and moves
    the sealed head once. The head is read once, under the lock: with the
    locked case row when the caller fetched it (``head``), else on the
    first event."""

    def __init__(self, case_id: int, head: tuple[int, str] | None) -> None:
        self.case_id = case_id
        self._head = head
        self._unwritten: list[AuditEvent] = []
        self._riders: dict[Any, tuple[str, list[Any]]] = {}

    def append(self, event: AuditEvent) -> None:
        seq, prev_hash = self._head or _head(self.case_id)
        _link(event, seq + 1, prev_hash)
        self._head = (event.seq, event.hash)
        self._unwritten.append(event)

    def ride(self, key: Any, sql: str, params: list[Any]) -> None:
        """Keep a write to go out with the next write of the events
        (``case_write_with_events``); a later one of the same ``key``
        replaces it."""
        self._riders.pop(key, None)
        self._riders[key] = (sql, params)

    def write(self) -> None:
        """Insert the events recorded since the last write and move the
        chain's sealed head onto the last of them, with the writes kept to
        ride along (``events_write``: one statement on PostgreSQL)."""
        riders, self._riders = list(self._riders.values()), {}
        if not self._unwritten or self._head is None:
            statements_run(riders)
            return
        events_write(self._unwritten, riders)
        self._unwritten = []


def case_write_with_events(case: Case, key: Any, sql: str, params: list[Any]) -> None:
    """Run ``sql`` (a write that reads only what earlier statements wrote,
    e.g. a copy of the case's facts) with the case's next write of audit
    events when its chain is open and the database is PostgreSQL: one
    data-modifying CTE of that statement, one round trip fewer (a later
    write of the same ``key`` replaces it); else now."""
    chain: CaseChain | None = getattr(case, "audit_chain", None)
    if chain is None or connection.vendor != "postgresql":
        statements_run([(sql, params)])
        return
    chain.ride(key, sql, params)


# the chain of a case that has no events yet
NEW_CHAIN = (0, GENESIS)


def chain_head_loaded(case: Case) -> tuple[int, str] | None:
    """The sealed head of the case's chain when it came with the case row
    (``select_related("audit_head")``): NEW_CHAIN when the case has none
    yet; None when it was not read."""
    if not Case.audit_head.is_cached(case):  # type: ignore[attr-defined]
        return None
    try:
        head = case.audit_head  # type: ignore[attr-defined]
    except ChainHead.DoesNotExist:
        return NEW_CHAIN
    return (head.seq, head.hash)


def case_chain_begin(case: Case, *, head: tuple[int, str] | None = None) -> None:
    """Open the chain of ``case`` (this object): from now on ``audit_record``
    of it appends to the chain, until ``case_chain_end``. The caller holds
    the case's row lock inside that lock's atomic block (or made the row in
    this transaction), so no other writer reaches the chain meanwhile.
    ``head``: the chain's head, when it came with the locked case
    (``chain_head_loaded``); NEW_CHAIN for a case just made."""
    case.audit_chain = CaseChain(case.pk, head)  # type: ignore[attr-defined]


def case_chain_end(case: Case) -> None:
    """Write the events of the case's open chain (one INSERT, one move of
    the head) and close it: ``audit_record`` of it writes at once again."""
    chain: CaseChain = case.audit_chain  # type: ignore[attr-defined]
    case.audit_chain = None  # type: ignore[attr-defined]
    chain.write()


@contextmanager
def case_chain(case: Case, *, head: tuple[int, str] | None = None) -> Iterator[None]:
    """The chain of ``case`` open for the block (``case_chain_begin``), its
    events written when the block ends, in one INSERT after at most one
    read of the head.

    When the block ends with an exception nothing is written: the caller's
    lock's atomic block rolls back the rest of the block's work the same
    way. Events are written only at the end, so an audited write must not
    sit in a savepoint that is rolled back while the block goes on (the
    services' savepoints around an INSERT that may break a unique
    constraint hold no audited write; viewflow's node savepoints re-raise).
    Events of the case are recorded with this same object: another object
    of it writes at once onto the head the block has not moved yet, so the
    block's INSERT takes the same ``seq``, the unique (case, seq) refuses
    it and the block fails whole, the chain unharmed."""
    case_chain_begin(case, head=head)
    try:
        yield
    except BaseException:
        case.audit_chain = None  # type: ignore[attr-defined]
        raise
    case_chain_end(case)


def _head(case_id: int | None) -> tuple[int, str]:
    """The chain's sealed (seq, hash); the chain outside any case for None.
    New events link onto the sealed head, not onto the last event found: a
    tail deleted behind the model's back stays a gap the verifier names."""
    return head_read(case_id) or NEW_CHAIN


def _link(event: AuditEvent, seq: int, prev_hash: str) -> None:
    event.seq = seq
    event.prev_hash = prev_hash
    event.hash = link_hash(
        prev_hash,
        case_id=event.case_id,
        seq=seq,
        at=event.at.isoformat(),
        actor=event.actor_name,
        type=event.type,
        data=event.data,
    )


def audit_record(
    *, case: Case | None, actor: Any, type: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event to the case's chain and move the chain's sealed head
    onto it, in the caller's transaction. The case row is locked for the
    rest of the transaction so two writers never take the same ``seq``; the
    chain outside any case takes an advisory lock instead (on SQLite the
    IMMEDIATE transaction already serializes writers). Inside
    ``case_chain`` of this case object the event is linked at once and
    written with the block's others when it ends."""
    registry.get(type)
    payload = _plain(data or {})
    if case is not None:  # the chain keeps medical and mediation values as proof only
        payload = data_recorded(case.program, payload, value_seal)
    actor_name = actor.get_username() if actor is not None else SYSTEM_ACTOR
    event = AuditEvent(
        case=case, at=timezone.now(), actor=actor, actor_name=actor_name, type=type, data=payload
    )
    chain: CaseChain | None = getattr(case, "audit_chain", None)
    if chain is not None:
        chain.append(event)
        return event
    # no savepoint: an event belongs to its caller's transaction, whole
    with transaction.atomic(savepoint=False):
        if case is not None:
            Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NO_CASE_CHAIN_LOCK])
        seq, prev_hash = _head(case.pk if case is not None else None)
        _link(event, seq + 1, prev_hash)
        events_write([event])  # and the head, in one statement
    return event
