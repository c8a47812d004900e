"""The scoped case list (the filters of GET /api/cases/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.presenters.case import case_summary
from casework.presenters.filters import CaseFilter
from casework.web.access import staff_only
from casework.web.filters import page_filters
from casework.web.labels import PROGRAMS
from casework.web.views.home import case_statuses
from workflows.selectors import cases_list

PAGE_SIZE = 25


@staff_only
def case_list_page(request: HttpRequest) -> HttpResponse:
    # the filters of GET /api/cases/, refused as the API refuses them
    filters = page_filters(request, CaseFilter)
    program = filters.values.get("program")
    status = filters.values.get("status")
    q = filters.values.get("q")
    qs = cases_list(request.user, program=program, status=status, q=q)
    if filters.problems:
        qs = qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/case_list.html",
        {
            "page": page,
            "rows": [case_summary(c) for c in page.object_list],
            "program": program,
            "status": status or "",
            "q": q or "",
            "statuses": case_statuses(request.user),
            "programs": PROGRAMS,
            "problems": filters.problems,
        },
        status=filters.status,
    )
