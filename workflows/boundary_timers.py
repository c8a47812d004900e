"""A timer boundary's task row written once (issue 19).

viewflow arms a boundary timer (``.OnTimeout``) by inserting its task row as
NEW, then ``activate`` computes the due moment and updates the row to
SCHEDULED: two statements on every step that arms one (relief's public
notice, mediation's time limits). ``ScheduledBoundaryActivation`` computes
the due moment before the insert, so the row goes in SCHEDULED at once; the
case flows use it for every timer boundary (``CaseFlowMixin``). The timer is
fired, cancelled and read as before."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.timezone import now
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.boundary import TimerBoundary, TimerBoundaryActivation
from viewflow.workflow.status import STATUS


def due_moment(activation: Any) -> datetime:
    """When the timer fires: its node's delay (a moment, a time from now, or
    a callable of the activation giving either)."""
    delay = activation.flow_task._delay
    if callable(delay):
        delay = delay(activation)
    if isinstance(delay, timedelta):
        delay = now() + delay
    if not isinstance(delay, datetime):
        raise ValueError(f"Timer delay must be a timedelta or datetime, got {delay!r}")
    return delay


class ScheduledBoundaryActivation(TimerBoundaryActivation):
    @classmethod
    def create(
        cls, flow_task: Any, prev_activation: Any, token: Any, data: Any = None, seed: Any = None
    ) -> Any:
        """The timer's task inserted SCHEDULED, with its due moment."""
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        task.scheduled = due_moment(activation)
        task.status = STATUS.SCHEDULED
        task.save()
        task.previous.add(prev_activation.task)
        return activation

    @Activation.status.transition(source=STATUS.SCHEDULED)
    def activate(self) -> None:
        """Nothing left to do: the row was inserted scheduled."""


def timers_scheduled_on_create(nodes: Any) -> None:
    """Give every timer boundary among ``nodes`` the activation above."""
    for node in nodes:
        if isinstance(node, TimerBoundary):
            node.activation_class = ScheduledBoundaryActivation
