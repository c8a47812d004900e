"""The case status follows the open step; other apps hear of its moves and
of the decisions through ``workflows.hooks``."""

from __future__ import annotations

from typing import Any

from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.models import Case

from .. import hooks
from ..task_states import PENDING

# the statuses that are decisions the applicant member is told of (besides
# any status that closes the case): the ones the flows and services set
DECISION_STATUSES = frozenset({"approved", "rejected", "closed", "lapsed", "settled"})


def _status_of_open_step(case: Case, pending: list[Task] | None) -> str | None:
    """The status the flow maps the case's first open node to
    (``status_by_node``), if any; of the ``pending`` tasks when the caller
    holds them (read under the flow lock, and no task moved since but the
    ones in the list), else read now."""
    status_by_node = case.flow_class.status_by_node
    if pending is None and case.status == PROCESS.DONE:
        # viewflow's End finishes the process only when no task is left
        pending = []
    if pending is None:
        pending = list(Task.objects.filter(process_id=case.pk, status__in=PENDING).order_by("pk"))
    for task in pending:
        if task.status not in PENDING:
            continue
        mapped = status_by_node.get(task.flow_task.name)
        if callable(mapped):  # a status that depends on the case (e.g. assigned / mediating)
            mapped = mapped(case, task)
        if isinstance(mapped, tuple):
            mapped = mapped[0] if task.status == STATUS.NEW else mapped[1]
        if mapped:
            return mapped
    return None


def sync_status(
    case: Case,
    actor: Any,
    initial: bool = False,
    since: str | None = None,
    pending: list[Task] | None = None,
) -> None:
    """The case status follows the open step (``status_by_node`` of the flow);
    the final statuses are set by the services that end the case. When the
    case started (``initial``) or its status moved since the step began
    (``since``: the status then, when the step's services may have set one),
    ``hooks.status_moved`` runs: grants, payments and rejections all move
    the report's figures. ``pending``: the case's pending tasks, when the
    caller holds them (``locking.fetch``)."""
    before_step = case.case_status if since is None else since
    new_status = _status_of_open_step(case, pending)
    if new_status and new_status != case.case_status:
        before = case.case_status
        case.case_status = new_status
        case.save(update_fields=["case_status"])
        if not initial:
            audit_record(
                case=case,
                actor=actor,
                type=events.STATUS_CHANGED.code,
                data={"from": before, "to": new_status},
            )
    if initial or case.case_status != before_step:
        hooks.status_moved.send(case)


def tell_decision(case: Case, status_before: str) -> None:
    """Run ``hooks.case_decided`` when the step took a decision on the case:
    its status moved to a decision, or the case closed."""
    status = case.case_status
    if status != status_before and (status in DECISION_STATUSES or case.closed):
        hooks.case_decided.send(case, status)
