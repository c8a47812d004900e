"""Legal aid's closing has no due date (PROCESSES.md §5: it stays open as
long as the lawsuit or arbitration it pays for) but is reminded monthly:
every ``legal_aid.close_reminder_days`` calendar days since the task opened
its holder — or, while unclaimed, the unit's caseworkers — is told once.

Once per period, even beside another run of itself: the task's row is
locked while its period's notifications are looked for and written, and
their keys (``open_reminder:task:<id>:<period>``) are unique as well."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casework.core.parameters import param_int
from casework.notifications import messages
from casework.notifications.models import Notification
from casework.notifications.services import notify

from .deadlines import reminder_recipients
from .legal_aid import LegalAidFlow
from .models import TaskInfo
from .task_states import OPEN

PROGRAM = LegalAidFlow.program
STEP = "close"
KIND = "reminder"


def aid_close_reminders_send(today: dt.date | None = None) -> int:
    """Remind of every open legal-aid closing whose period (every
    ``legal_aid.close_reminder_days`` days since it opened) has come and
    not been reminded of; the number of tasks reminded."""
    today = today or timezone.localdate()
    every = param_int("legal_aid.close_reminder_days")
    sent = 0
    open_tasks = TaskInfo.objects.filter(
        case__program=PROGRAM, node=STEP, task__status__in=OPEN
    ).values_list("pk", "task__created")
    for pk, created in list(open_tasks.order_by("task_id")):
        opened = timezone.localdate(created)
        period = (today - opened).days // every
        if period >= 1:
            sent += _send_once(pk, period, opened, today)
    return sent


def _send_once(pk: int, period: int, opened: dt.date, today: dt.date) -> int:
    key = f"open_reminder:task:{pk}:{period}"
    with transaction.atomic():
        info = (
            TaskInfo.objects.select_for_update(of=("self",))
            .select_related("task", "task__owner", "case", "case__org_unit")
            .filter(pk=pk, task__status__in=OPEN)
            .first()
        )
        if info is None or Notification.objects.filter(key__startswith=f"{key}:").exists():
            return 0
        subject, body = messages.open_reminder(info.case, STEP, opened, (today - opened).days)
        notify(
            key=key,
            recipients=reminder_recipients(info),
            kind=KIND,
            subject=subject,
            body=body,
            case=info.case,
            task_id=info.pk,
        )
    return 1
