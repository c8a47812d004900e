"""Driving a relief case through the engine directly (no HTTP): the
service and engine tests of tests/relief and tests/workflows/engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from casework.core.models import Case, Member
from tests.conftest import application, recommendation
from workflows import engine
from workflows.intake import relief_submit
from workflows.task_states import OPEN


def relief_opened(user: Any, member: Member, **overrides: Any) -> Case:
    """A relief case opened by ``user`` through ``workflows.intake``."""
    fields = {k: v for k, v in application(member, **overrides).items() if k != "member"}
    return relief_submit(actor=user, member=member, **fields)


def open_task(case: Case, node: str) -> Task:
    """The case's open task at ``node``, as the engine reads it for a user."""
    task = Task.objects.get(process_id=case.pk, status__in=OPEN, info__node=node)
    return Task.objects.select_related("info", "info__case", "info__case__org_unit").get(pk=task.pk)


def step(case: Case, node: str, user: Any, action: str, **data: Any) -> Case:
    """Take ``action`` on the open ``node`` task as ``user``."""
    return engine.task_complete(open_task(case, node), user, action, data)


def recommended(case: Case, user: Any, **overrides: Any) -> Case:
    """Verified and recommended; the notice period already over."""
    step(case, "verify", user, "recommend", **recommendation(**overrides))
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now() - dt.timedelta(seconds=1)
    )
    assert engine.timers_fire_due() == 1
    return Case.objects.get(pk=case.pk)


def payment(**overrides: Any) -> dict[str, Any]:
    data = {
        "amount": "3000.00",
        "method": "bank_transfer",
        "reference": "BANK-1",
        "paid_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data
