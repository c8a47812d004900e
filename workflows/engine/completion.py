"""Completing a step: the action's input, its domain service, and what the
engine records of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.calendar import working_days_between
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.models import Case

from ..models import TaskInfo
from ..savepoints import node_savepoints_off
from ..steps import Action
from ..task_states import TAKEABLE
from .access import may_take, step_of
from .assignment import assign
from .locking import locked, locked_by_id
from .refusals import refuse
from .status_sync import sync_status, tell_decision
from .writes import rows_update


def _action_to_take(task: Task, user: Any, action_name: str) -> Action:
    """The step's action ``action_name``, once the task is open, the action
    known and ``user`` may take it; refuses (409, 400, 403) otherwise."""
    if task.status not in TAKEABLE:
        raise Conflict(
            _("task %(task)s is already %(status)s")
            % {"task": task.pk, "status": task.status.lower()},
            code="task_closed",
        )
    step = step_of(task)
    action = step.action(action_name)
    if action is None:
        choices = ", ".join(a.name for a in step.actions)
        raise InvalidInput(
            _("unknown action %(action)r") % {"action": action_name},
            fields={"action": [_("choose one of: %(choices)s") % {"choices": choices}]},
        )
    refuse(may_take(user, task, action))
    if task.status == STATUS.ASSIGNED and task.owner_id != user.pk:
        raise Forbidden(
            _("task %(task)s is held by %(owner)s") % {"task": task.pk, "owner": task.owner},
            code="not_holder",
        )
    if action.overdue_only and not overdue(task.info):
        raise Conflict(_("%(step)s is not overdue yet") % {"step": step.title}, code="not_overdue")
    return action


def overdue(info: TaskInfo) -> bool:
    """Whether the task is past its due date (a task without one never is)."""
    return info.due is not None and info.due < timezone.localdate()


def _validated(action: Action, data: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """The action's input read from ``data``; 400 with the fields' errors."""
    serializer = action.input(data=data, context=context)
    if not serializer.is_valid():
        raise InvalidInput(_("invalid input"), fields=flatten_errors(serializer.errors))
    return serializer.validated_data


def _completion_record(task: Task, case: Case, user: Any, action: Action, values: Any) -> None:
    """What the engine keeps of a completed step: the last action (read by
    the flow's gateways), the task info, the audit event."""
    case.data = {**(case.data or {}), "last_action": action.name}
    completed = {"completed_by": user.pk, "action": action.name, "open": False}
    rows_update(  # one statement on PostgreSQL
        (Case, case.pk, {"data": case.data}),
        (TaskInfo, task.pk, {**completed, **clock_pause(task.info, action)}),
    )
    audit_record(
        case=case,
        actor=user,
        type=events.TASK_COMPLETED.code,
        data={
            "task": task.pk,
            "node": task.flow_task.name,
            "action": action.name,
            "input": jsonable(values),
        },
    )


def task_complete(
    task: Task | int,
    user: Any,
    action_name: str,
    data: dict[str, Any],
    *,
    then: Callable[[Case], Any] | None = None,
) -> Case:
    """Take ``action_name`` on the task (or the task of that id, read only
    under its lock: ``locked_by_id``) with ``data``. Claims implicitly when
    the task is unclaimed and the user may take it. Refuses: 404 (cannot see
    the case), 409 (task closed), 403 (role, scope, four-eyes, held by
    someone else), 400 (unknown action or invalid input). ``then``: called
    with the case at the end of the step, still under its lock and with its
    audit chain open (e.g. the API's response: what it reads is read in the
    step's transaction, what it logs goes out with the step's events)."""
    opened = (
        locked(task, user, pending=True)
        if isinstance(task, Task)
        else locked_by_id(task, user, pending=True)
    )
    with opened as act:
        task = act.task
        case: Case = act.process
        action = _action_to_take(task, user, action_name)
        values = _validated(action, data, {"case": case, "task": task, "user": user})
        if task.status == STATUS.NEW:
            assign(act, user, case, user)
        status_before = case.case_status
        act.start(None)
        action.service(case=case, actor=user, **values)
        _completion_record(task, case, user, action, values)
        with node_savepoints_off():
            act.execute()
        sync_status(case, user, since=status_before, pending=pending_after(task, case))
        tell_decision(case, status_before)
        if then is not None:
            then(case)
    return case


def pending_after(task: Task, case: Case) -> list[Task] | None:
    """The case's pending tasks once ``task`` is completed: the others that
    were pending under the lock (``locking.fetch``) and the human tasks the
    step created (``task_created``); completing a human task moves no other
    task unless it ends the process (then None: nothing is left, and
    ``sync_status`` knows it from the process)."""
    if case.status == PROCESS.DONE:
        return None
    created = getattr(case, "tasks_created", [])
    return [t for t in task.pending if t.pk != task.pk] + created


def clock_pause(info: TaskInfo, action: Action) -> dict[str, Any]:
    """The fields that stop a step's clock when ``action`` pauses it: the
    working days still left on it (none when already overdue)."""
    if not (action.pauses_clock and info.due):
        return {}
    today = timezone.localdate()
    return {"clock_left": max(0, working_days_between(today, info.due)), "paused_on": today}


def flatten_errors(errors: Any) -> dict[str, list[str]]:
    """A serializer's nested errors as ``{"field.sub": [messages]}``."""
    out: dict[str, list[str]] = {}
    for name, value in errors.items():
        if isinstance(value, dict):
            for sub, msgs in flatten_errors(value).items():
                out[f"{name}.{sub}"] = msgs
        elif isinstance(value, list):
            out[name] = [str(m) for m in value]
        else:
            out[name] = [str(value)]
    return out


def jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """The action's input for the audit chain: users by their username."""
    user_model = get_user_model()
    return {
        key: value.get_username() if isinstance(value, user_model) else value
        for key, value in data.items()
    }
