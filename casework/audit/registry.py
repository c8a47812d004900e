"""The registry of audit event types: code → label and level. Writing an
event of an unregistered type is a programming error."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    level: str = "info"  # info | important | sensitive


_REGISTRY: dict[str, EventType] = {}


def register(code: str, label: str, level: str = "info") -> EventType:
    event_type = EventType(code, label, level)
    _REGISTRY[code] = event_type
    return event_type


def get(code: str) -> EventType:
    try:
        return _REGISTRY[code]
    except KeyError as exc:
        raise LookupError(f"unregistered audit event type {code!r}") from exc


def all_types() -> list[EventType]:
    return list(_REGISTRY.values())


CASE_CREATED = register("case_created", "case created", "important")
STATUS_CHANGED = register("status_changed", "status changed", "important")
TASK_CREATED = register("task_created", "task created")
TASK_CLAIMED = register("task_claimed", "task claimed")
TASK_ASSIGNED = register("task_assigned", "task assigned on creation")
TASK_RELEASED = register("task_released", "task released")
TASK_REASSIGNED = register("task_reassigned", "task reassigned", "important")
TASK_COMPLETED = register("task_completed", "task completed", "important")
TASK_CANCELED = register("task_canceled", "task canceled")
TIMER_FIRED = register("timer_fired", "timer fired")
FIELD_CHANGED = register("field_changed", "fields changed", "important")
DOCUMENT_UPLOADED = register("document_uploaded", "document uploaded")
PAYMENT_MADE = register("payment_made", "payment made", "important")
CASE_WITHDRAWN = register("case_withdrawn", "case withdrawn", "important")
CASE_CLOSED = register("case_closed", "case closed", "important")
ROSTER_FILED = register("roster_filed", "household filed on the hardship roster", "important")
PARAMETER_CHANGED = register("parameter_changed", "parameter changed", "important")
VIEWED = register("viewed", "personal data viewed", "sensitive")
EXPORTED = register("exported", "exported")
GENERATED = register("generated", "document generated")
MEDIATION_SESSION_LOGGED = register("mediation_session_logged", "mediation session logged")
MEDIATION_EXTENDED = register("mediation_extended", "mediation time limit extended", "important")
MEDIATOR_CHANGED = register("mediator_changed", "mediator of the case changed", "important")
MA_PLAN_CREATED = register("mutual_aid_plan_created", "mutual-aid plan created", "important")
MA_PLAN_CHANGED = register("mutual_aid_plan_changed", "mutual-aid plan changed", "important")
MA_ENROLLED = register("mutual_aid_enrolled", "member enrolled in a mutual-aid plan")
MA_ENROLLMENTS_IMPORTED = register(
    "mutual_aid_enrollments_imported", "mutual-aid enrollments imported", "important"
)
MA_BENEFIT_ASSESSED = register("mutual_aid_benefit_assessed", "mutual-aid benefit assessed")
