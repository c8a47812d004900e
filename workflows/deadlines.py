"""The deadline sweep (PROCESSES.md, Clock): one working day before a human
task is due its holder — or, while unclaimed, the users who may take it — is
reminded; once it is overdue the supervisors of the case's unit (the
mediation coordinators for mediation) are told and the task is flagged
(``TaskInfo.escalated_at``).

Exactly once, even beside another run of itself: each task's mark is taken
by a conditional UPDATE (only one run wins the row) in the transaction that
writes the notifications, whose keys are unique as well."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from casework.core.access import can_see_case
from casework.core.calendar import add_working_days
from casework.core.models import Case
from casework.core.roles import MEDIATION_COORDINATOR, SUPERVISOR
from casework.notifications import messages
from casework.notifications.services import notify

from .models import TaskInfo
from .task_states import OPEN


def users_with_role(role: str, case: Case, *, nearest: bool = False) -> list[Any]:
    """Active users with ``role`` whose unit's subtree holds the case's unit
    (and who may see the case); ``nearest``: only those of the closest such
    unit (the case's own unit, else its parent, …)."""
    users = [
        user
        for user in get_user_model()
        .objects.filter(groups__name=role, is_active=True, profile__isnull=False)
        .select_related("profile__org_unit")
        if case.org_unit.path.startswith(user.profile.org_unit.path)
    ]
    users = [u for u in users if can_see_case(u, case)]
    if nearest and users:
        depth = max(len(u.profile.org_unit.path) for u in users)
        users = [u for u in users if len(u.profile.org_unit.path) == depth]
    return users


def _open_infos(**filters: Any) -> Iterable[TaskInfo]:
    return (
        TaskInfo.objects.filter(task__status__in=OPEN, due__isnull=False, **filters)
        .select_related("task", "task__owner", "case", "case__org_unit")
        .order_by("due", "task_id")
    )


def _take_mark(info: TaskInfo, field: str) -> bool:
    """Set the task's mark once; False when another run took it first."""
    return bool(
        TaskInfo.objects.filter(pk=info.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def reminder_recipients(info: TaskInfo) -> list[Any]:
    """Who is reminded of a task: its holder, or while unclaimed the users
    who may take it (and the submitter when they may act)."""
    task = info.task
    if task.owner_id:
        return [task.owner]
    excluded = set(info.excluded_users.values_list("pk", flat=True))
    users = [u for u in users_with_role(info.role, info.case) if u.pk not in excluded]
    if info.submitter_id:
        users.append(info.submitter)
    return users


def _escalation_recipients(info: TaskInfo) -> list[Any]:
    role = MEDIATION_COORDINATOR if info.case.program == "mediation" else SUPERVISOR
    return users_with_role(role, info.case, nearest=True)


def reminders_send(today: dt.date | None = None) -> int:
    """Remind of tasks due within one working day (not yet overdue)."""
    today = today or timezone.localdate()
    sent = 0
    for info in _open_infos(reminded_at__isnull=True, due__gte=today):
        if add_working_days(info.due, -1) > today:  # type: ignore[arg-type]
            break  # ordered by due: the rest are further off
        sent += _send_once(info, "reminded_at", "reminder", reminder_recipients, _reminder)
    return sent


def escalations_send(today: dt.date | None = None) -> int:
    """Flag overdue tasks and tell the supervisors / coordinators, once."""
    today = today or timezone.localdate()
    sent = 0
    for info in _open_infos(escalated_at__isnull=True, due__lt=today):
        sent += _send_once(info, "escalated_at", "escalation", _escalation_recipients, _escalation)
    return sent


# a notification's subject and body
Texts = tuple[messages.Message, messages.Message]


def _reminder(case: Case, info: TaskInfo) -> Texts:
    return messages.reminder(case, info.node, info.due)


def _escalation(case: Case, info: TaskInfo) -> Texts:
    holder = info.task.owner.get_username() if info.task.owner_id else None
    return messages.escalation(case, info.node, info.due, holder)


def _send_once(
    info: TaskInfo,
    mark: str,
    kind: str,
    recipients: Callable[[TaskInfo], list[Any]],
    message: Callable[[Case, TaskInfo], Texts],
) -> int:
    """Tell the task's recipients once: ``mark`` is set on the task in the
    same transaction as the notification, and a sweep that finds it set
    (another sweep got there first) sends nothing. 1 when sent, else 0."""
    with transaction.atomic():
        if not _take_mark(info, mark):
            return 0
        case = info.case
        subject, body = message(case, info)
        notify(
            key=f"{kind}:task:{info.pk}",
            recipients=recipients(info),
            kind=kind,
            subject=subject,
            body=body,
            case=case,
            task_id=info.pk,
        )
    return 1
