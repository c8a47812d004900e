"""A staff member's home: inbox, the unit's queue, done, and for a
supervisor or coordinator the unit's open tasks; counts; search, sorting by
the column headers, paging that says where one is; claiming and reassigning
ticked tasks; saved filters. The lists are the API's selectors filtered by
the API's filter serializer (``casework.web.filters``); a row is the API's
``task_summary`` with the member as lists show them (``casework.presenters``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers

from casework.core.errors import ApplicationError, InvalidInput
from casework.core.input_fields import UsernameField
from casework.web import bulk
from casework.web.access import staff_only
from casework.web.filters import WorkFilter, page_filters
from casework.web.labels import CASE_STATUSES, PROGRAMS, label
from casework.web.list_pages import SORT_LABELS, page_with_tabs, sort_headers
from casework.web.list_rows import task_rows
from casework.web.saved_filters import saved_filters_of
from casework.web.views.saved import SAVED_FILTER_OPS, form_refused, saved_filter_post
from workflows import selectors

SCOPES = {
    "inbox": selectors.tasks_inbox,
    "queue": selectors.tasks_queue,
    "done": selectors.tasks_done,
    "team": selectors.tasks_managed,
}
# the lists of open tasks that can be read along the due-date index
WALKED = {"queue": selectors.tasks_queue, "team": selectors.tasks_managed}
# the sortable columns, and the order a first click gives
SORTS_FIRST = {"due": "due", "created": "-created", "number": "number", "status": "status"}
SAVED_PAGE = "work"


def case_statuses() -> list[tuple[str, str]]:
    """The choices of the status filter, code and name: every program's case
    statuses as each declares them, in that order, without a query (the
    statuses the user's cases have took a scan of a province's million
    cases), named here (a filter per choice in the template cost 0.3 ms)."""
    codes = dict.fromkeys(status.value for choices in CASE_STATUSES for status in choices)
    return [(code, str(label(code, "status"))) for code in codes]


def _rows_by_due(scope: str, user: Any) -> Any:
    """The scope's rows as read along the due-date index where they can be
    (an open-task list with its status read per row,
    ``selectors._status_in``): what a tab counts (the count stops at
    ``TAB_COUNT_CAP`` rather than joining all the open tasks first) and
    what a page in due order reads."""
    return WALKED[scope](user, walked=True) if scope in WALKED else SCOPES[scope](user)


def _listed(filters: Any, user: Any, scope: str, sort: str) -> Any:
    """The scope's tasks, filtered and sorted as the page asks."""
    rows = _rows_by_due(scope, user) if sort == "due" else SCOPES[scope](user)
    return selectors.tasks_filter(
        rows,
        program=filters.values.get("program"),
        overdue=None,
        ordering=None,
        case_status=filters.values.get("status"),
        q=filters.values.get("q"),
        sort=sort,
    )


@staff_only
def home_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("op") in SAVED_FILTER_OPS:
            return saved_filter_post(request, SAVED_PAGE, WorkFilter)
        return _bulk_post(request)
    user = request.user
    filters = page_filters(request, WorkFilter)
    scope = filters.values.get("scope", "inbox")
    manages = bool(selectors.programs_managed(user))
    scopes = [name for name in SCOPES if name != "team" or manages]
    # done: the latest first; open work: overdue first, then by due date
    sort = filters.values.get("sort") or ("-created" if scope == "done" else "due")
    tasks = _listed(filters, user, scope, sort)
    if filters.problems or scope not in scopes:
        tasks = tasks.none()
    narrowed = any(filters.values.get(k) for k in ("program", "status", "q"))
    # the list's own tab: the page's count, when no filter narrows it
    own = scope if scope in scopes and not (narrowed or filters.problems) else None
    tabs = {name: _rows_by_due(name, user) for name in scopes if name != own}
    page, counts = page_with_tabs(tasks, request.GET, tabs, own)
    may_claim = scope == "queue"
    may_reassign = manages and scope != "done" and bool(page.object_list)
    return render(
        request,
        "web/home.html",
        {
            "scope": scope,
            "scopes": scopes,
            "counts": counts,
            "page": page,
            "rows": task_rows(
                page.object_list, request, tick=may_claim or may_reassign, claim=may_claim
            ),
            "sorts": sort_headers(request.GET, sort, SORTS_FIRST),
            "sort": sort,
            "sort_labels": SORT_LABELS,
            "values": {k: filters.values.get(k) or "" for k in ("program", "status", "q")},
            "case_statuses": case_statuses(),
            "programs": PROGRAMS,
            "problems": filters.problems,
            "may_claim": may_claim,
            "may_reassign": may_reassign,
            # (username, name): the reassign box's options
            "reassign_to": [
                (u.username, u.get_full_name() or u.username)
                for u in bulk.reassign_choices(page.object_list)
            ]
            if may_reassign
            else [],
            "saved": list(saved_filters_of(user, SAVED_PAGE)),
            "query": request.GET.urlencode(),
        },
        status=filters.status,
    )


def _bulk_post(request: HttpRequest) -> HttpResponse:
    """Claim (``op=claim``) or reassign (``op=reassign``, ``user``) the ticked
    tasks (``task``), each through the engine; report what was done and
    what was refused, and why, above the list it came from."""
    op = request.POST.get("op")
    try:
        ids = bulk.task_ids_read(request.POST.getlist("task"))
        if op == "claim":
            outcome = bulk.tasks_claim(user=request.user, task_ids=ids)
            done = ngettext("Claimed %(n)d task.", "Claimed %(n)d tasks.", len(outcome.done))
        elif op == "reassign":
            to_user = _user_chosen(request.POST.get("user", ""))
            outcome = bulk.tasks_reassign(actor=request.user, task_ids=ids, to_user=to_user)
            done = ngettext(
                "Reassigned %(n)d task to %(user)s.",
                "Reassigned %(n)d tasks to %(user)s.",
                len(outcome.done),
            )
        else:
            raise InvalidInput("unknown operation", fields={"op": [_("Unknown operation.")]})
    except ApplicationError as exc:
        form_refused(request, exc)
        return redirect(request.get_full_path())
    if outcome.done:
        who = to_user.get_full_name() or to_user.get_username() if op == "reassign" else ""
        messages.success(request, done % {"n": len(outcome.done), "user": who})
    if outcome.refused:
        messages.error(
            request,
            ngettext("Refused %(n)d task:", "Refused %(n)d tasks:", len(outcome.refused))
            % {"n": len(outcome.refused)},
        )
        for what, why in outcome.refused:
            messages.error(request, f"{what}: {why}")
    return redirect(request.get_full_path())


def _user_chosen(username: str) -> Any:
    try:
        return UsernameField().run_validation(username.strip())
    except serializers.ValidationError as exc:  # an unknown or inactive user
        raise InvalidInput(
            "unknown user", fields={"user": [_("Choose a user from the list.")]}
        ) from exc
