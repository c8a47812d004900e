"""``engine.timers_fire_due``: only the timers that are due fire, each
once, and the case moves on past the step the timer ends. Due work as the
scheduler runs it (reminders, escalations): tests/workflows/test_deadlines.py;
concurrent runs: tests/races."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit.models import AuditEvent
from casework.core.models import Case
from tests.conftest import recommendation
from tests.workflows.helpers import open_task, relief_opened, step
from workflows import engine
from workflows.models import TaskInfo


def timer(case: Case) -> Task:
    return Task.objects.get(process_id=case.pk, flow_task_type="TIMER")


def test_only_the_due_timers_fire_and_each_once(users, members):
    cw = users["caseworker"]
    due, later = (relief_opened(cw, m) for m in members[:2])
    for case in (due, later):
        step(case, "verify", cw, "recommend", **recommendation())
    assert engine.timers_fire_due() == 0  # both notices still running
    Task.objects.filter(pk=timer(due).pk).update(scheduled=timezone.now() - dt.timedelta(seconds=1))

    assert engine.timers_fire_due() == 1
    assert engine.timers_fire_due() == 0
    assert timer(due).status == STATUS.DONE
    assert timer(later).status == STATUS.SCHEDULED
    assert Case.objects.get(pk=due.pk).case_status == "awaiting_approval"
    assert open_task(due, "approve").status == STATUS.NEW
    assert Case.objects.get(pk=later.pk).case_status == "public_notice"
    fired = AuditEvent.objects.get(case=due, type="timer_fired")
    assert fired.actor is None
    assert fired.data == {"task": timer(due).pk, "node": "public_notice__timeout"}
    assert not AuditEvent.objects.filter(case=later, type="timer_fired").exists()


def test_the_boundary_timer_closes_the_notice_task_it_ends(users, member):
    case = relief_opened(users["caseworker"], member)
    step(case, "verify", users["caseworker"], "recommend", **recommendation())
    notice = open_task(case, "public_notice")
    Task.objects.filter(pk=timer(case).pk).update(scheduled=timezone.now())
    assert engine.timers_fire_due() == 1
    notice.refresh_from_db()
    assert notice.status == STATUS.CANCELED
    assert not TaskInfo.objects.get(pk=notice.pk).open
