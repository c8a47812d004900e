"""A staff member's home: inbox, the unit's queue, done; counts; overdue first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.api.tasks import task_summary
from casework.web.access import staff_only
from casework.web.labels import PROGRAMS
from workflows import selectors

SCOPES = {
    "inbox": selectors.tasks_inbox,
    "queue": selectors.tasks_queue,
    "done": selectors.tasks_done,
}
PAGE_SIZE = 25


@staff_only
def home_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = request.GET.get("scope", "inbox")
    if scope not in SCOPES:
        scope = "inbox"
    program = request.GET.get("program") or None
    if program not in PROGRAMS:
        program = None
    case_status = (request.GET.get("status") or "")[:30] or None
    counts = {name: source(user).count() for name, source in SCOPES.items()}
    tasks = selectors.tasks_filter(
        SCOPES[scope](user),
        program=program,
        overdue=None,
        ordering="-created" if scope == "done" else "due",
        case_status=case_status,
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/home.html",
        {
            "scope": scope,
            "counts": counts,
            "page": page,
            "rows": [task_summary(t) for t in page.object_list],
            "program": program,
            "case_status": case_status or "",
            "programs": PROGRAMS,
        },
    )
