"""Starting cases, and what the engine records when viewflow creates a
human task (its scope, due date, four-eyes exclusions and holder)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit import registry as events
from casework.audit.services import audit_record, case_chain_end
from casework.core.calendar import add_working_days
from casework.core.models import Case

from ..models import TaskInfo
from ..savepoints import node_savepoints_off
from ..steps import Step
from .access import step_of
from .prepared import prepared
from .status_sync import sync_status

FLOWS: dict[str, Any] = {}


def register_flow(flow_class: Any) -> Any:
    """Make ``flow_class`` the flow of its program (``case_start``)."""
    FLOWS[flow_class.program] = flow_class
    # viewflow titles each node of the process chart with ``task_title``:
    # give the human steps their (translated) step titles
    for name, step in flow_class.steps.items():
        getattr(flow_class, name).task_title = step.title
    return flow_class


def case_start(*, program: str, actor: Any, **start_kwargs: Any) -> Case:
    """Start the program's flow; its start node numbers the case and audits
    it, viewflow creates the first tasks. The start's audit events, kept
    on the new case's chain (``CaseFlowMixin.start_case``), are written
    together when it is done, in the same transaction."""
    with prepared(), transaction.atomic(savepoint=False), node_savepoints_off():
        case = FLOWS[program].start.run(actor=actor, **start_kwargs)
        # a new case's pending tasks that have a status are the human tasks
        # its start created (``task_created``): no need to read them back
        sync_status(case, actor, initial=True, pending=getattr(case, "tasks_created", []))
        case_chain_end(case)
    return case


def tell_assigned(task: Task, case: Case, user: Any, actor: Any) -> None:
    """Run the step's ``on_assigned`` when the task gets a new holder."""
    step = step_of(task)
    if step.on_assigned:
        step.on_assigned(case, user, actor)


def _due(step: Step, case: Case, node: str) -> dt.date | None:
    """The new task's due date: the step's rule, unless an earlier task of
    this step paused its clock — then it resumes today with the working
    days that were left."""
    today = timezone.localdate()
    due = step.due(case, today) if step.due else None
    # only an action of this step that pauses its clock leaves days on it,
    # when the step is completed: then the case holds its last action
    # (``_completion_record``); a new case has none
    pauses = any(a.pauses_clock for a in step.actions)
    if due is None or not pauses or "last_action" not in (case.data or {}):
        return due
    paused = (
        TaskInfo.objects.filter(case=case, node=node)
        .order_by("-task_id")
        .values_list("clock_left", flat=True)
        .first()
    )
    return due if paused is None else add_working_days(today, paused)


def _exclusions_write(step: Step, case: Case, info: TaskInfo) -> None:
    """The four-eyes exclusions of the new task, for steps that declare them."""
    excluded = step.excluded_users(case) if step.excluded_users else None
    if excluded:  # a new row has none yet: insert, no read first
        through = TaskInfo.excluded_users.through
        through.objects.bulk_create(
            [through(taskinfo_id=info.pk, user_id=user_id) for user_id in sorted(excluded)]
        )


def _holder_assign(step: Step, case: Case, task: Task) -> None:
    """Give the new task to the step's ``assignee``, when it names one."""
    holder = step.assignee(case) if step.assignee else None
    if holder is None:
        return
    task.owner, task.status, task.assigned = holder, STATUS.ASSIGNED, timezone.now()
    task.save(update_fields=["owner", "status", "assigned"])
    audit_record(
        case=case,
        actor=None,
        type=events.TASK_ASSIGNED.code,
        data={"task": task.pk, "node": task.flow_task.name, "user": holder.get_username()},
    )
    tell_assigned(task, case, holder, None)


def applicant_id(case: Case) -> int | None:
    """Who answers the case's steps that wait on the submitter: the member
    whose case it is, when they have a login (also when a caseworker opened
    the case for them), else whoever submitted it."""
    member = case.member
    if member is not None and member.user_id is not None:
        return member.user_id
    return case.submitted_by_id


def task_created(activation: Any) -> None:
    """Called by viewflow (``onCreate``) whenever a human task is created:
    record its scope, due date and four-eyes exclusions. The case object
    keeps the tasks created on it (``case_start`` reads them)."""
    task = activation.task
    case: Case = activation.process
    case.tasks_created = [*getattr(case, "tasks_created", ()), task]
    step = step_of(task)
    info = TaskInfo.objects.create(
        task=task,
        case=case,
        node=task.flow_task.name,
        role=step.roles[0],
        unit_path=case.org_unit.path,
        submitter_id=applicant_id(case) if step.submitter_may_act else None,
        due=_due(step, case, task.flow_task.name),
    )
    _exclusions_write(step, case, info)
    audit_record(
        case=case,
        actor=None,
        type=events.TASK_CREATED.code,
        data={"task": task.pk, "node": info.node, "due": info.due},
    )
    _holder_assign(step, case, task)
