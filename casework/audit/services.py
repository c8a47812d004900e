"""Writing audit events."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from casework.core.classification import data_recorded
from casework.core.models import Case

from . import registry
from .chain import GENESIS, link_hash, value_seal
from .heads import head_read, head_write
from .models import AuditEvent, ChainHead

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


@dataclass
class _Pending:
    event: AuditEvent
    # the savepoints open when the event was recorded: rolling back to any of
    # them takes the event back, as it would have taken back its INSERT
    savepoints: tuple[str, ...]


@dataclass
class _Batch:
    """The events of one case recorded under its lock and not yet written."""

    case_id: int
    pending: list[_Pending] = field(default_factory=list)
    # the chain's last (seq, hash) when a caller read it under the lock
    head: tuple[int, str] | None = None

    def forget_rolled_back(self, sql: str) -> None:
        if not self.pending or not sql.startswith("ROLLBACK TO SAVEPOINT"):
            return
        rollback_sql = connection.ops.savepoint_rollback_sql
        self.pending = [
            p for p in self.pending if not any(sql == rollback_sql(s) for s in p.savepoints)
        ]

    def write(self) -> None:
        """Link the pending events onto the chain's head, read once, and
        insert them in one statement."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        seq, prev_hash = self.head or _head(self.case_id)
        for item in pending:
            seq += 1
            _link(item.event, seq, prev_hash)
            prev_hash = item.event.hash
        AuditEvent.objects.bulk_create([p.event for p in pending])
        head_write(case_id=self.case_id, seq=seq, last_hash=prev_hash)


# case id → its pending events (None: written at once, outside a transaction)
_chains_locked: ContextVar[Mapping[int, _Batch | None]] = ContextVar(
    "audit_chains_locked", default=MappingProxyType({})
)


@contextmanager
def chain_lock_held(case_id: int) -> Iterator[None]:
    """Declare that the caller holds the case's row lock for this block (the
    engine's flow lock is that lock), so events need not take it again.

    Inside a transaction the block's events of that case are written when it
    ends, in one INSERT after one read of the chain's head, in the order they
    were recorded (the lock keeps every other writer out meanwhile). An event
    recorded inside a savepoint that is rolled back is dropped, like its
    INSERT would have been; when the block ends with an exception its events
    are written still (unless the transaction is lost already), to stand or
    fall with the transaction as before. Outside a transaction each event
    is written at once."""
    held = _chains_locked.get()
    if case_id in held:  # nested: the outer block writes
        yield
        return
    batch = _Batch(case_id) if connection.in_atomic_block else None
    token = _chains_locked.set({**held, case_id: batch})
    try:
        if batch is None:
            yield
            return
        try:
            with connection.execute_wrapper(_savepoint_watch(batch)):
                yield
        except Exception as exc:
            # the events were written as they came before: a caller that
            # catches the exception inside the transaction still has them
            # (after a database error the transaction is beyond writing to)
            if not (connection.needs_rollback or isinstance(exc, DatabaseError)):
                batch.write()
            raise
        batch.write()
    finally:
        _chains_locked.reset(token)


def chain_head_annotations(model: type[models.Model], case_column: str) -> dict[str, RawSQL]:
    """Annotations for a query on ``model`` (made anyway, under the case's
    lock) that read the sealed head of the chain of the case whose id is in
    its column ``case_column``; pass the values to ``chain_head_read``. Raw
    SQL: the ORM's correlated subqueries cost more to build than the round
    trip they save."""
    quote = connection.ops.quote_name
    outer = f"{quote(model._meta.db_table)}.{quote(case_column)}"
    last = f"FROM {quote(ChainHead._meta.db_table)} WHERE {quote('chain')} = {outer}"
    return {
        "audit_head_seq": RawSQL(f"SELECT {quote('seq')} {last}", ()),
        "audit_head_hash": RawSQL(f"SELECT {quote('hash')} {last}", ()),
    }


def chain_head_read(case_id: int, seq: int | None, last_hash: str | None) -> None:
    """The caller read the case's chain head (``seq`` None: no events yet)
    in this ``chain_lock_held`` block, under the lock: the block's events
    link onto it without reading it again."""
    batch = _chains_locked.get().get(case_id)
    if batch is not None:
        batch.head = (seq, last_hash or GENESIS) if seq is not None else (0, GENESIS)


def _head(case_id: int | None) -> tuple[int, str]:
    """The chain's sealed (seq, hash); the chain outside any case for None.
    New events link onto the sealed head, not onto the last event found: a
    tail deleted behind the model's back stays a gap the verifier names."""
    return head_read(case_id) or (0, GENESIS)


def _savepoint_watch(batch: _Batch) -> Callable[..., Any]:
    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if isinstance(sql, str):
            batch.forget_rolled_back(sql)
        return execute(sql, params, many, context)

    return watch


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
    IMMEDIATE transaction already serializes writers). Under
    ``chain_lock_held`` in a transaction the event is written when that
    block ends (its ``seq`` and ``hash`` are set then)."""
    registry.get(type)
    payload = _plain(data or {})
    if case is not None:  # the chain keeps medical and mediation values as proof only
        payload = data_recorded(case.program, payload, value_seal)
    actor_name = actor.get_username() if actor is not None else "system"
    event = AuditEvent(
        case=case, at=timezone.now(), actor=actor, actor_name=actor_name, type=type, data=payload
    )
    batch = _chains_locked.get().get(case.pk) if case is not None else None
    if batch is not None:
        batch.pending.append(_Pending(event, tuple(connection.savepoint_ids)))
        return event
    # no savepoint: an event belongs to its caller's transaction, whole
    with transaction.atomic(savepoint=False):
        if case is not None:
            if case.pk not in _chains_locked.get():
                Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NO_CASE_CHAIN_LOCK])
        seq, prev_hash = _head(case.pk if case is not None else None)
        _link(event, seq + 1, prev_hash)
        event.save()  # and the head (AuditEvent.save)
    return event
