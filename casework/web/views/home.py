"""A staff member's home: inbox, the unit's queue, done; counts; overdue
first; filters by program and case status. The lists are the API's
selectors; a row is the API's ``task_summary`` (``casework.presenters``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.core.access import cases_visible_to
from casework.presenters.task import task_summary
from casework.web.access import staff_only
from casework.web.filters import WorkFilter, page_filters
from casework.web.labels import PROGRAMS
from workflows import selectors

SCOPES = {
    "inbox": selectors.tasks_inbox,
    "queue": selectors.tasks_queue,
    "done": selectors.tasks_done,
}
PAGE_SIZE = 25


def case_statuses(user: Any) -> list[str]:
    """The case statuses the user's cases have: the choices of the status
    filter (one query)."""
    return sorted(
        cases_visible_to(user).order_by().values_list("case_status", flat=True).distinct()
    )


@staff_only
def home_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = page_filters(request, WorkFilter)
    scope = filters.values.get("scope", "inbox")
    program = filters.values.get("program")
    case_status = filters.values.get("status")
    counts = {name: source(user).count() for name, source in SCOPES.items()}
    tasks = selectors.tasks_filter(
        SCOPES[scope](user),
        program=program,
        overdue=None,
        # done: the latest first; open work: overdue first, then by due date
        ordering="created" if scope == "done" else "due",
        case_status=case_status,
    )
    if filters.problems:
        tasks = tasks.none()
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/home.html",
        {
            "scope": scope,
            "counts": counts,
            "page": page,
            "rows": [
                {**task_summary(t), "case_status": t.info.case.case_status}
                for t in page.object_list
            ],
            "program": program,
            "case_status": case_status or "",
            "case_statuses": case_statuses(user),
            "programs": PROGRAMS,
            "problems": filters.problems,
        },
        status=filters.status,
    )
