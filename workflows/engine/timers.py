"""Firing due viewflow timers (the end of a public notice, a mediation's
time limit)."""

from __future__ import annotations

import logging

from django.utils import timezone
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit import registry as events
from casework.audit.services import audit_record, case_chain, chain_head_loaded

from ..models import TaskInfo
from ..savepoints import node_savepoints_off
from ..task_states import OPEN
from .locking import fetch
from .prepared import prepared
from .status_sync import sync_status

logger = logging.getLogger(__name__)


def _timer_fire(task_id: int, detail: str | None) -> bool:
    """Fire one timer under its flow lock (held by the caller); False when it
    was already fired. ``detail``: the flow's ``case_detail``."""
    task = fetch(task_id, detail=detail)
    act = task.flow_task.activation_class(task)
    if not act.start.can_proceed():
        return False
    case = act.process
    # the head came with the case, read under the flow lock
    with case_chain(case, head=chain_head_loaded(case)):
        act.start()
        audit_record(
            case=case,
            actor=None,
            type=events.TIMER_FIRED.code,
            data={"task": task.pk, "node": task.flow_task.name},
        )
        with node_savepoints_off():
            act.execute()
        # a boundary timer cancels the step it interrupts
        TaskInfo.objects.filter(case=case, open=True).exclude(task__status__in=OPEN).update(
            open=False
        )
        sync_status(case, None)
    return True


def timers_fire_due() -> int:
    """Fire every due viewflow timer (e.g. the end of a public notice), each
    in its own transaction under its flow lock; safe beside another run of
    itself (a timer already fired is skipped)."""
    fired = 0
    due = (
        Task.objects.filter(
            flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=timezone.now()
        )
        .order_by("scheduled")
        .values_list("pk", "process_id", "flow_task")
    )
    for task_id, process_id, flow_task in list(due):
        try:
            # the lock's atomic block is the timer's transaction
            with prepared(), flow_task.flow_class.lock(process_id):
                fired += _timer_fire(task_id, getattr(flow_task.flow_class, "case_detail", None))
        except FlowLockFailed:
            logger.info("timer %s locked by another run, skipped", task_id)
    return fired
