"""The registry of audit event types: code → label and level. Writing an
event of an unregistered type is a programming error."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    code: str
    label: str | Promise  # translated when shown
    level: str = "info"  # info | important | sensitive


_REGISTRY: dict[str, EventType] = {}


def register(code: str, label: str | Promise, level: str = "info") -> EventType:
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


CASE_CREATED = register("case_created", _("case created"), "important")
STATUS_CHANGED = register("status_changed", _("status changed"), "important")
TASK_CREATED = register("task_created", _("task created"))
TASK_CLAIMED = register("task_claimed", _("task claimed"))
TASK_ASSIGNED = register("task_assigned", _("task assigned on creation"))
TASK_RELEASED = register("task_released", _("task released"))
TASK_REASSIGNED = register("task_reassigned", _("task reassigned"), "important")
TASK_COMPLETED = register("task_completed", _("task completed"), "important")
TASK_CANCELED = register("task_canceled", _("task canceled"))
TIMER_FIRED = register("timer_fired", _("timer fired"))
FIELD_CHANGED = register("field_changed", _("fields changed"), "important")
DOCUMENT_UPLOADED = register("document_uploaded", _("document uploaded"))
PAYMENT_MADE = register("payment_made", _("payment made"), "important")
RECIPIENT_CHANGED = register("recipient_changed", _("campaign recipient changed"))
LIST_APPROVED = register("list_approved", _("nomination list approved"), "important")
CASE_WITHDRAWN = register("case_withdrawn", _("case withdrawn"), "important")
CASE_CLOSED = register("case_closed", _("case closed"), "important")
ROSTER_FILED = register("roster_filed", _("household filed on the hardship roster"), "important")
PARAMETER_CHANGED = register("parameter_changed", _("parameter changed"), "important")
VIEWED = register("viewed", _("personal data viewed"), "sensitive")
EXPORTED = register("exported", _("exported"))
GENERATED = register("generated", _("document generated"))
MEDIATION_SESSION_LOGGED = register("mediation_session_logged", _("mediation session logged"))
MEDIATION_EXTENDED = register("mediation_extended", _("mediation time limit extended"), "important")
MEDIATOR_CHANGED = register("mediator_changed", _("mediator of the case changed"), "important")
MA_PLAN_CREATED = register("mutual_aid_plan_created", _("mutual-aid plan created"), "important")
MA_PLAN_CHANGED = register("mutual_aid_plan_changed", _("mutual-aid plan changed"), "important")
MA_ENROLLED = register("mutual_aid_enrolled", _("member enrolled in a mutual-aid plan"))
MA_ENROLLMENTS_IMPORTED = register(
    "mutual_aid_enrollments_imported", _("mutual-aid enrollments imported"), "important"
)
MA_BENEFIT_ASSESSED = register("mutual_aid_benefit_assessed", _("mutual-aid benefit assessed"))
MEMBER_CHANGED = register("member_changed", _("member's record changed"), "important")
