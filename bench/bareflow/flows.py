"""A start, three human steps and a timer, like a relief case (submission,
verify, notice period, approval, payment), with no domain code: no
permission checks, no audit, no task metadata, no case status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import SelectForUpdateLock

from .models import BareProcess


def task_page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Viewflow wants a view per human node; the bench drives tasks from code."""
    return HttpResponse("bare task")


class BareFlow(flow.Flow):
    process_class = BareProcess
    # the same lock the case flows use (workflows/base.py)
    lock_impl = SelectForUpdateLock(nowait=False, attempts=1)

    start = flow.StartHandle().Next(this.first)
    first = flow.View(task_page).Next(this.wait)
    wait = flow.Timer(dt.timedelta(days=7)).Next(this.second)
    second = flow.View(task_page).Next(this.third)
    third = flow.View(task_page).Next(this.end)
    end = flow.End()
