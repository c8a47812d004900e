"""The public-notice list (公示名单) as the caseworker's page shows it: the
rows the posted PDF prints (``reports.documents.public_notice_rows``: names
and ID numbers masked exactly as on the notice board, so the page shows no
identity field whole and logs no ``viewed``), each with its case, the open
public-notice task an objection completes, and the working days left of
its notice period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from casework.core.access import user_roles
from casework.core.calendar import working_days_between
from casework.core.roles import SUPERVISOR
from casework.relief.services import relief_object
from casework.reports.documents import public_notice_rows
from workflows import engine
from workflows.relief import ReliefFlow
from workflows.steps import Action, Step
from workflows.task_states import OPEN

# the step whose open tasks the list is made of
NOTICE_NODE = ReliefFlow.public_notice


def notice_step() -> Step:
    return ReliefFlow.steps[NOTICE_NODE.name]


def objection_action() -> Action:
    """The public-notice step's action that records an objection (the one
    that sends the case back to verification)."""
    return next(a for a in notice_step().actions if a.service is relief_object)


def notice_readers() -> frozenset[str]:
    """Who works with the list: the roles that take the step (they record
    objections) and the supervisors who manage relief tasks (read only)."""
    return frozenset((*notice_step().roles, SUPERVISOR))


def may_read_notice(user: Any) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or user_roles(user) & notice_readers())
    )


def may_object(user: Any) -> bool:
    """Whether the user's roles may record objections at all (the engine
    checks the unit and the task itself when they do)."""
    action = objection_action()
    return bool(user.is_superuser or user_roles(user) & set(action.roles or notice_step().roles))


def notice_task_for_user(user: Any, task_id: int) -> Task | None:
    """An open public-notice task the user may see; None for any other."""
    task = engine.task_for_user(user, task_id)
    return task if task.flow_task == NOTICE_NODE and task.status in OPEN else None


def _open_notice_tasks(case_numbers: list[str]) -> dict[str, Task]:
    tasks = Task.objects.filter(
        info__case__case_number__in=case_numbers,
        info__node=NOTICE_NODE.name,
        status__in=OPEN,
    ).select_related("info__case__org_unit")
    return {t.info.case.case_number: t for t in tasks}


def notice_list(user: Any, unit: Any) -> list[dict[str, Any]]:
    """The list for ``unit``'s subtree (resolved and authorized by the
    caller, like the PDF's): each posted row plus ``case_number``,
    ``task_id``, ``may_object`` (the user may take the objection now) and
    ``days_left`` (working days after today up to the notice's end: 0 on
    its last day, negative once over and waiting for the due-work run)."""
    rows = public_notice_rows(unit)
    tasks = _open_notice_tasks([row["case_number"] for row in rows])
    action = objection_action()
    today = timezone.localdate()
    left: dict[dt.date | None, int | None] = {None: None}
    shown = []
    for row in rows:
        ends = row["notice_ends_on"]
        if ends not in left:
            left[ends] = working_days_between(today, ends)
        task = tasks.get(row["case_number"])
        shown.append(
            {
                **row,
                "task_id": task.pk if task else None,
                "may_object": task is not None and engine.may_take(user, task, action) is None,
                "days_left": left[ends],
            }
        )
    return shown
