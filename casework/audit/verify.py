"""Walking every case's chain against its sealed head and the last
checkpoint, and naming what is wrong with each.

The walk goes over the cases, not the events: a case whose events are all
gone is still walked, and found wanting. Per chain the first problem is
named, with the case number and the seq where it shows:

- ``row edited`` — an event's content does not match its hash;
- ``row deleted in the middle`` — the seqs skip;
- ``rows reordered or inserted`` — a link does not point at the one before;
- ``chain replaced`` — a case's chain holds no record of its creation;
- ``row beyond the sealed head`` — an event after the head, appended
  without the key;
- ``head forged`` — the head's seal does not verify;
- ``head deleted`` — events but no sealed head;
- ``tail deleted`` — the events end before the sealed head;
- ``chain deleted`` — a case without events (every case has one from its
  creation, in the same transaction);
- ``rolled back before the last checkpoint`` — the head is behind the last
  checkpoint, or the event at the checkpointed seq is another one;
- a case named in the last checkpoint and gone from the database;
- ``table emptied`` — not one case has an event left.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from casework.core.models import Case

from .chain import GENESIS, link_hash
from .checkpoint import NO_CASE_LABEL, Checkpoint, checkpoint_last
from .heads import head_seal_ok
from .models import NO_CASE_CHAIN, AuditEvent, ChainHead
from .registry import CASE_CREATED

EVENT_FIELDS = ("case_id", "seq", "at", "actor_name", "type", "data", "prev_hash", "hash")


@dataclass
class VerifyResult:
    ok: bool = True
    cases_checked: int = 0
    events_checked: int = 0
    first_broken: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    # the checkpoint the chains were held against (None: there was none)
    checkpoint_at: str | None = None
    checkpoint_chains: int = 0

    def broken(self, case_number: str | None, seq: int | None, problem: str) -> None:
        """One problem; ``case_number`` None for the chain outside any case
        or a problem of no one chain (then ``seq`` is None too)."""
        if seq is None and case_number is None:
            self.problems.append(problem)
        elif seq is None:
            self.problems.append(f"{case_number}: {problem}")
        else:
            self.problems.append(f"{case_number or NO_CASE_LABEL} seq {seq}: {problem}")
        if self.ok:
            self.ok = False
            self.first_broken = {"case_number": case_number, "seq": seq, "problem": problem}


@dataclass(frozen=True)
class _Head:
    seq: int
    hash: str
    seal: str


@contextmanager
def _snapshot() -> Iterator[None]:
    """On PostgreSQL, one snapshot for the heads and the events, read in
    separate queries while the app writes on (not inside a caller's
    transaction, which is a snapshot of its own making)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def audit_verify(
    case_ids: list[int] | None = None, *, checkpoint_path: Path | None = None
) -> VerifyResult:
    """Check every case's chain (or those of ``case_ids``, and then not the
    chain outside any case nor the cases gone) link by link against its
    sealed head and the last checkpoint in ``checkpoint_path`` (default
    ``AUDIT_CHECKPOINT_PATH``; none there is no problem, a line that does
    not verify is). Reads only."""
    result = VerifyResult()
    # read before the database: its heads can only be newer than these
    read = checkpoint_last(checkpoint_path)
    for problem in read.problems:
        result.broken(None, None, problem)
    checkpoint = read.checkpoint
    if checkpoint is not None:
        result.checkpoint_at, result.checkpoint_chains = checkpoint.at, len(checkpoint.heads)
    with _snapshot():
        _walk(result, case_ids, checkpoint)
    return result


def _walk(result: VerifyResult, case_ids: list[int] | None, checkpoint: Checkpoint | None) -> None:
    anchors = checkpoint.heads if checkpoint is not None else {}
    cases = Case.objects.order_by("pk").values_list(
        "pk", "case_number", "audit_head__seq", "audit_head__hash", "audit_head__seal"
    )
    events = AuditEvent.objects.filter(case__isnull=False).order_by("case_id", "seq")
    if case_ids is not None:
        cases, events = cases.filter(pk__in=case_ids), events.filter(case_id__in=case_ids)
    chains = groupby(events.values_list(*EVENT_FIELDS).iterator(chunk_size=5000), itemgetter(0))
    pending = next(chains, None)
    walked: set[str] = set()
    cases_total = cases_with_events = 0
    for pk, number, seq, last_hash, seal in cases.iterator(chunk_size=2000):
        while pending is not None and pending[0] < pk:
            _orphans(result, *pending)
            pending = next(chains, None)
        has_events = pending is not None and pending[0] == pk
        rows: Iterable[tuple[Any, ...]] = pending[1] if pending is not None and has_events else ()
        head = _Head(seq, last_hash, seal) if seq is not None else None
        found = _chain(result, number, pk, head, rows, anchors.get(number), checkpoint)
        if has_events:
            pending = next(chains, None)  # only now: the group is read to its end
        walked.add(number)
        cases_total += 1
        cases_with_events += found > 0
    while pending is not None:
        _orphans(result, *pending)
        pending = next(chains, None)
    if case_ids is not None:
        return
    _outside_any_case(result, anchors.get(NO_CASE_LABEL), checkpoint)
    for chain in (
        ChainHead.objects.filter(chain__gt=NO_CASE_CHAIN)
        .exclude(case_id__in=Case.objects.values("pk"))
        .values_list("chain", flat=True)
    ):
        result.broken(f"(case id {chain})", None, "case deleted: its sealed head is left")
    if checkpoint is not None:
        for label, (seq, _) in anchors.items():
            if label != NO_CASE_LABEL and label not in walked:
                result.broken(
                    label, seq, f"case gone from the database: in the checkpoint of {checkpoint.at}"
                )
    if cases_total and not cases_with_events:
        result.broken(
            None, None, f"table emptied: not one of the {cases_total} cases has an audit event"
        )


def _outside_any_case(
    result: VerifyResult, anchor: tuple[int, str] | None, checkpoint: Checkpoint | None
) -> None:
    events = AuditEvent.objects.filter(case__isnull=True).order_by("seq")
    head = ChainHead.objects.filter(chain=NO_CASE_CHAIN).values_list("seq", "hash", "seal").first()
    if head is None and anchor is None and not events.exists():
        return  # no parameter was ever changed
    rows = events.values_list(*EVENT_FIELDS).iterator(chunk_size=5000)
    sealed = _Head(*head) if head is not None else None
    _chain(result, None, NO_CASE_CHAIN, sealed, rows, anchor, checkpoint)


def _orphans(result: VerifyResult, case_id: int, rows: Iterable[tuple[Any, ...]]) -> None:
    count = sum(1 for _ in rows)
    result.events_checked += count
    result.broken(f"(case id {case_id})", None, f"case deleted: {count} of its events are left")


def _chain(
    result: VerifyResult,
    number: str | None,
    chain: int,
    head: _Head | None,
    rows: Iterable[tuple[Any, ...]],
    anchor: tuple[int, str] | None,
    checkpoint: Checkpoint | None,
) -> int:
    """Walk one chain to its end (the rows must be consumed whole) and
    name its first problem; returns how many events it has."""
    result.cases_checked += 1
    case_id = chain if chain != NO_CASE_CHAIN else None
    problem: tuple[int, str] | None = None
    prev_hash, expected, count = GENESIS, 1, 0
    at_anchor: str | None = None  # the hash of the event at the checkpointed seq
    created = False
    for _, seq, at, actor, type_, data, stored_prev, stored_hash in rows:
        count += 1
        created = created or type_ == CASE_CREATED.code
        if anchor is not None and seq == anchor[0]:
            at_anchor = stored_hash
        if problem is not None:
            continue
        recomputed = link_hash(
            stored_prev, case_id=case_id, seq=seq, at=at.isoformat(), actor=actor, type=type_,
            data=data,
        )  # fmt: skip
        if seq != expected:
            problem = (seq, f"row deleted in the middle: seq {seq} where {expected} was expected")
        elif stored_prev != prev_hash:
            problem = (
                seq,
                "rows reordered or inserted: prev_hash does not match the previous link",
            )
        elif recomputed != stored_hash:
            problem = (seq, "row edited: content does not match its hash")
        elif head is not None and seq > head.seq:
            problem = (seq, f"row beyond the sealed head: the head is at seq {head.seq}")
        prev_hash, expected = stored_hash, seq + 1
    result.events_checked += count
    last_seq = expected - 1
    if problem is None and case_id is not None and count and not created:
        # a chain deleted with its head and begun anew by the app's next event
        problem = (1, "chain replaced: it holds no record of the case's creation")
    if problem is None:
        problem = _against_head(chain, head, last_seq, prev_hash)
    if problem is None and anchor is not None and head is not None and checkpoint is not None:
        problem = _against_checkpoint(head, anchor, at_anchor, checkpoint)
    if problem is not None:
        result.broken(number, *problem)
    return count


def _against_head(
    chain: int, head: _Head | None, last_seq: int, last_hash: str
) -> tuple[int, str] | None:
    if head is None:
        if last_seq == 0:
            return (1, "chain deleted: no events and no sealed head")
        return (last_seq, "head deleted: the chain has no sealed head")
    if not head_seal_ok(chain=chain, seq=head.seq, last_hash=head.hash, seal=head.seal):
        return (head.seq, "head forged: its seal does not verify")
    if last_seq == 0:
        return (1, f"chain deleted: no events, the sealed head is at seq {head.seq}")
    if last_seq < head.seq:
        return (
            last_seq + 1,
            f"tail deleted: the chain ends at seq {last_seq}, its sealed head is at seq {head.seq}",
        )
    if last_hash != head.hash:
        return (last_seq, "head forged: the last event is not the sealed head")
    return None


def _against_checkpoint(
    head: _Head, anchor: tuple[int, str], at_anchor: str | None, checkpoint: Checkpoint
) -> tuple[int, str] | None:
    seq, prefix = anchor
    if head.seq < seq:
        return (
            seq,
            f"rolled back before the last checkpoint: the head is at seq {head.seq}, "
            f"the checkpoint of {checkpoint.at} at seq {seq}",
        )
    if at_anchor is None or not at_anchor.startswith(prefix):
        return (
            seq,
            f"rolled back before the last checkpoint: seq {seq} is not the event "
            f"checkpointed on {checkpoint.at}",
        )
    return None
