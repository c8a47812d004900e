"""THE seam between viewflow and the domain: claim, release, reassign,
complete, withdraw, and firing due timers.

Viewflow owns the process graph and the task rows; it checks no permissions
and never fills ``Task.assigned``. Everything that moves a task goes through
here, in one transaction under the flow's row lock: authorize (role + org
scope + four-eyes + ownership), validate the action's input, call the domain
service, complete the activation (which creates the next tasks), then write
the audit events and the case status.

By concern: ``access`` (who may see and take what; refusals carry their
codes, ``refusals``), ``locking`` (the step's transaction and its one read),
``assignment`` (claim, release, reassign), ``completion`` (the action),
``withdrawal``, ``status_sync`` (the case status, and ``workflows.hooks`` for
what other apps do when it moves), ``timers``, ``starting`` (the flows,
case start, the task info of a new task). Callers use this package:
``from workflows import engine``.
"""

from __future__ import annotations

from ..task_states import OPEN
from .access import manages, may_take, step_of, task_for_user
from .assignment import task_claim, task_reassign, task_release
from .completion import task_complete
from .refusals import Refusal
from .starting import FLOWS, case_start, register_flow, task_created
from .status_sync import DECISION_STATUSES
from .timers import timers_fire_due
from .withdrawal import case_withdraw

__all__ = [
    "DECISION_STATUSES",
    "FLOWS",
    "OPEN",
    "Refusal",
    "case_start",
    "case_withdraw",
    "manages",
    "may_take",
    "register_flow",
    "step_of",
    "task_claim",
    "task_complete",
    "task_created",
    "task_for_user",
    "task_reassign",
    "task_release",
    "timers_fire_due",
]
