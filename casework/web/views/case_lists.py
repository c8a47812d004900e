"""The scoped case list: the filters of GET /api/cases/ (the API's selector
and filter serializer), search by case number, member name or ID number,
sorting by the column headers, paging that says where one is, saved filters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.web.access import staff_only
from casework.web.filters import CaseListFilter, page_filters
from casework.web.labels import PROGRAMS
from casework.web.list_pages import SORT_LABELS, page_of, sort_headers
from casework.web.list_rows import case_rows
from casework.web.saved_filters import saved_filters_of
from casework.web.views.home import case_statuses
from casework.web.views.saved import saved_filter_post
from workflows.selectors import cases_list, cases_paged

# the sortable columns, and the order a first click gives
SORTS_FIRST = {"due": "due", "created": "-created", "number": "number", "status": "status"}
SAVED_PAGE = "cases"


@staff_only
def case_list_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return saved_filter_post(request, SAVED_PAGE, CaseListFilter)
    # the filters of GET /api/cases/, refused as the API refuses them
    filters = page_filters(request, CaseListFilter)
    sort = filters.values.get("sort") or "-created"
    qs = cases_list(
        request.user,
        program=filters.values.get("program"),
        status=filters.values.get("status"),
        q=filters.values.get("q"),
        overdue=filters.values.get("overdue"),
        sort=sort,
    )
    if filters.problems:
        qs = qs.none()
    # the overdue cases come through the late tasks: counted newest first
    overdue = bool(filters.values.get("overdue"))
    page = page_of(cases_paged(qs, sort, request.user), request.GET, count_ordered=overdue)
    return render(
        request,
        "web/case_list.html",
        {
            "page": page,
            "rows": case_rows(page.object_list, request),
            "sorts": sort_headers(request.GET, sort, SORTS_FIRST),
            "sort": sort,
            "sort_labels": SORT_LABELS,
            "values": {k: filters.values.get(k) or "" for k in ("program", "status", "q")},
            "statuses": case_statuses(),
            "programs": PROGRAMS,
            "problems": filters.problems,
            "saved": list(saved_filters_of(request.user, SAVED_PAGE)),
            "query": request.GET.urlencode(),
        },
        status=filters.status,
    )
