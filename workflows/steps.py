"""How a flow declares its human steps for the engine: who may take each
step, what actions it offers (name → input serializer → service), when it
is due, the case status it sets and whether the case may be withdrawn
there. Flows hold these as data; the engine, the pages and the exports
read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from rest_framework import serializers

from casework.core.calendar import add_working_days
from casework.core.parameters import param_int


@dataclass(frozen=True)
class Action:
    name: str
    input: type[serializers.Serializer]
    service: Callable[..., Any]
    roles: tuple[str, ...] | None = None  # who may take this action, if not the step's roles
    label: str | Promise = ""
    # the case waits on the applicant: the step's clock stops, and the next
    # task of this step gets the working days that were left (PROCESSES.md, Clock)
    pauses_clock: bool = False
    # taken only once the task is past its due date (409 ``not_overdue`` before)
    overdue_only: bool = False


StepStatus = str | tuple[str, str] | Callable[[Any, Any], str]


@dataclass(frozen=True)
class Step:
    title: str | Promise  # translated when shown (gettext_lazy)
    roles: tuple[str, ...]
    actions: tuple[Action, ...]
    due: Callable[[Any, dt.date], dt.date | None] | None = None
    submitter_may_act: bool = False
    # users who may not take this step on this case (four-eyes)
    excluded_users: Callable[[Any], set[int]] | None = None
    # who holds the task from its creation (e.g. the mediator assigned to the case)
    assignee: Callable[[Any], Any] | None = None
    # told whenever the task gets a new holder: (case, user, actor)
    on_assigned: Callable[[Any, Any, Any], None] | None = None
    # the case status while the step is open: one status, a pair
    # (unclaimed, claimed), or a callable (case, task) → status that decides
    # from the case, which then returns one of ``statuses``
    status: StepStatus = ""
    statuses: tuple[str, ...] = ()  # what a callable ``status`` may return
    # the applicant (or a caseworker) may withdraw the case while it is here
    withdrawable: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def case_statuses(self) -> tuple[str, ...]:
        """Every case status this step may set."""
        if isinstance(self.status, tuple):
            return self.status
        if isinstance(self.status, str):
            return (self.status,) if self.status else ()
        return self.statuses

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)


def working_days(key: str) -> Callable[[Any, dt.date], dt.date]:
    """Due ``param(key)`` working days after the day the task is created."""

    def due(case: Any, today: dt.date) -> dt.date:
        return add_working_days(today, param_int(key))

    return due
