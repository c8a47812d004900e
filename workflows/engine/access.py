"""Who may see a task, take a step, and manage other people's tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from casework.core.access import can_see_case, unit_in_scope, user_roles
from casework.core.compiled import rows_compiled
from casework.core.errors import NotFound
from casework.core.models import Case
from casework.core.roles import MEDIATION_COORDINATOR, SUPERVISOR

from ..models import TaskInfo
from ..steps import Action, Step
from .refusals import Refusal

# who may release or reassign other people's tasks, per program
PROGRAM_MANAGERS = {"mediation": frozenset({MEDIATION_COORDINATOR})}
DEFAULT_MANAGERS = frozenset({SUPERVISOR})


def manages(user: Any, task: Task) -> bool:
    """A supervisor manages the tasks of relief and mutual aid, a mediation
    coordinator those of mediation (superusers all)."""
    if user.is_superuser:
        return True
    managers = PROGRAM_MANAGERS.get(task.info.case.program, DEFAULT_MANAGERS)
    return bool(user_roles(user) & managers)


def step_of(task: Task) -> Step:
    """The step its flow declares for the task's node."""
    return task.flow_task.flow_class.steps[task.flow_task.name]


def task_for_user(user: Any, task_id: int) -> Task:
    """Fetch a human task and authorize seeing it: 404 when missing or the
    case is not visible. Its SQL composed once (``compiled``): every API
    call on a task starts here."""
    rows = rows_compiled("engine.task_for_user", _human_task, {"task": task_id})
    task = rows[0] if rows else None
    if task is None or not can_see_case(user, task.info.case):
        raise NotFound(_("task %(task)s not found") % {"task": task_id})
    return task


def _human_task(values: dict[str, Any]) -> QuerySet[Task]:
    return Task.objects.select_related(
        "owner", "info", "info__case", "info__case__org_unit", "info__case__member"
    ).filter(pk=values["task"], info__isnull=False)


def may_take(user: Any, task: Task, action: Action | None = None) -> Refusal | None:
    """Why ``user`` may not take this step (or action) now; None when allowed."""
    step = step_of(task)
    info = task.info
    roles = set(action.roles if action and action.roles else step.roles)
    is_submitter = (
        step.submitter_may_act and info.submitter_id == user.pk and not (action and action.roles)
    )
    if not (is_submitter or user.is_superuser or roles & user_roles(user)):
        return Refusal.ROLE
    if not is_submitter and not unit_in_scope(user, info.case.org_unit):
        return Refusal.SCOPE
    # exclusions are written only for steps that declare them (task_created)
    if step.excluded_users and excluded(info, user):
        return Refusal.FOUR_EYES
    return None


def excluded(info: TaskInfo, user: Any) -> bool:
    """Whether the four-eyes rule keeps ``user`` off the task: as read with
    the task under the flow lock when they took the lock (``excludes``, see
    ``locking.fetch``), else one query."""
    known: dict[int, bool] = getattr(info, "excludes", {})
    if user.pk in known:
        return known[user.pk]
    return info.excluded_users.filter(pk=user.pk).exists()


def case_to_check(task: Task) -> Case:
    """The task's case for the visibility check before the lock: the one
    loaded with the task when its unit was loaded too, else one query."""
    info = getattr(task, "info", None) if Task.info.is_cached(task) else None
    if info is not None and TaskInfo.case.is_cached(info) and Case.org_unit.is_cached(info.case):
        return info.case
    return Case.objects.select_related("org_unit", "member").get(pk=task.process_id)
