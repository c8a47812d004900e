"""Walking every chain and naming the first broken link."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .chain import GENESIS, link_hash
from .models import AuditEvent


@dataclass
class VerifyResult:
    ok: bool = True
    cases_checked: int = 0
    events_checked: int = 0
    first_broken: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)


def audit_verify(case_ids: list[int] | None = None) -> VerifyResult:
    """Recompute every link. A link is broken when its seq skips, its
    prev_hash is not the previous hash, or its hash does not match its
    content (an edit, a delete, a reorder or an insert behind the model's
    back all show as one of these)."""
    result = VerifyResult()
    qs = AuditEvent.objects.order_by("case_id", "seq").values_list(
        "case_id",
        "case__case_number",
        "seq",
        "at",
        "actor_name",
        "type",
        "data",
        "prev_hash",
        "hash",
    )
    if case_ids is not None:
        qs = qs.filter(case_id__in=case_ids)
    current: Any = object()
    prev_hash, expected_seq, case_broken = GENESIS, 1, False
    for case_id, case_number, seq, at, actor, type_, data, stored_prev, stored_hash in qs.iterator(
        chunk_size=5000
    ):
        if case_id != current:
            current, prev_hash, expected_seq, case_broken = case_id, GENESIS, 1, False
            result.cases_checked += 1
        result.events_checked += 1
        if case_broken:
            continue
        recomputed = link_hash(
            stored_prev,
            case_id=case_id,
            seq=seq,
            at=at.isoformat(),
            actor=actor,
            type=type_,
            data=data,
        )
        problem = None
        if seq != expected_seq:
            problem = f"seq {seq} where {expected_seq} was expected"
        elif stored_prev != prev_hash:
            problem = "prev_hash does not match the previous link"
        elif recomputed != stored_hash:
            problem = "content does not match its hash"
        if problem:
            case_broken = True
            label = case_number or "(no case)"
            result.problems.append(f"{label} seq {seq}: {problem}")
            if result.ok:
                result.ok = False
                result.first_broken = {"case_number": case_number, "seq": seq, "problem": problem}
        prev_hash, expected_seq = stored_hash, seq + 1
    return result
