"""What every program's services do to a case and its detail row: close the
case with a final status, note a step in the row's ``history``, and apply
field values while recording what changed."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from casework.audit import registry as events
from casework.audit.services import audit_record

from .models import Case

R = TypeVar("R", bound=models.Model)


def case_close(*, case: Case, status: str, actor: Any) -> Case:
    """End the case with a final ``status`` (the flow's End node finishes the
    process; this is the domain status and closing time), recorded in the
    audit chain like every other status change."""
    before = case.case_status
    case.case_status = status
    case.closed = timezone.now()
    case.save(update_fields=["case_status", "closed"])
    audit_record(
        case=case, actor=actor, type=events.STATUS_CHANGED.code, data={"from": before, "to": status}
    )
    return case


def history_note(record: Any, actor: Any, kind: str, **data: Any) -> None:
    """Append a note to ``record.history`` (saved by the caller)."""
    record.history = [
        *record.history,
        {"kind": kind, "by": actor.get_username(), "at": timezone.now().isoformat(), **data},
    ]


def rejection_record(
    record: R, *, case: Case, actor: Any, status: str, reason_code: str, reason: str
) -> R:
    """A program record rejected with its reason code and words (its
    ``reject_reason_code`` and ``reject_reason``), and its case ended with the
    program's final ``status``."""
    record.reject_reason_code, record.reject_reason = reason_code, reason  # type: ignore[attr-defined]
    record.save(update_fields=["reject_reason_code", "reject_reason"])
    case_close(case=case, status=status, actor=actor)
    return record


def history_noted(record: R, actor: Any, kind: str, **data: Any) -> R:
    """Note on ``record.history`` (``history_note``) and save only that:
    the whole write of an action that decides nothing but its note."""
    history_note(record, actor, kind, **data)
    record.save(update_fields=["history"])
    return record


def fields_apply(record: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``record`` (saved by the caller); return
    ``{field: [before, after]}`` for the fields that changed."""
    changed = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            changed[name] = [before, value]
            setattr(record, name, value)
    return changed


def outcome_facts(case: Case, record: Any) -> dict[str, Any]:
    """What every paying program's case facts end with: the reason code and
    words of a rejection, and the case's payment once made."""
    facts: dict[str, Any] = {}
    if record.reject_reason_code:
        facts.update(
            {"reason_code": record.reject_reason_code, "reject_reason": record.reject_reason}
        )
    payment = getattr(case, "payment", None)
    if payment:
        facts["payment"] = {
            "amount": payment.amount,
            "method": payment.method,
            "reference": payment.reference,
            "paid_on": payment.paid_on,
        }
    return facts
