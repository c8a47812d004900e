"""Case pages: the scoped case list, and one case with its facts, documents,
open tasks, timeline, generated documents, withdrawal and process chart."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.api.cases import case_detail, case_summary, document_dict
from casework.audit import registry as events
from casework.audit.models import AuditEvent
from casework.audit.viewed import personal_data_viewed, viewed_events_of, viewed_log_visible
from casework.core import documents
from casework.core.access import case_for_user, user_roles
from casework.core.errors import ApplicationError, NotFound
from casework.core.models import Case
from casework.core.privacy import CATEGORY_LABELS, case_revealed
from casework.core.roles import AUDITOR
from casework.core.selectors import cases_list
from casework.reports import documents as generated
from casework.web.access import staff_only
from casework.web.labels import PROGRAMS
from casework.web.refusals import refusal_show
from casework.web.views.home import case_statuses, chosen_program
from workflows import engine

PAGE_SIZE = 25
# what staff file on a case (generated documents get their own kinds)
DOCUMENT_KINDS = ("application", "supplement", "invoice", "visit_record", "other")


def visible_case(user: Any, case_number: str) -> Case:
    try:
        return case_for_user(user, case_number)
    except NotFound as exc:
        raise Http404 from exc


@staff_only
def case_list_page(request: HttpRequest) -> HttpResponse:
    program = chosen_program(request)
    status = (request.GET.get("status") or "")[:30] or None
    q = (request.GET.get("q") or "")[:100] or None
    qs = cases_list(request.user, program=program, status=status, q=q)
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
        },
    )


@staff_only
def case_page(request: HttpRequest, case_number: str) -> HttpResponse:
    user = request.user
    case = visible_case(user, case_number)
    status = 200
    if request.method == "POST":
        try:
            _case_post(request, case, request.POST.get("op", ""))
        except ApplicationError as exc:
            refusal_show(request, exc, form_fields=set())
            status = exc.status
            case = visible_case(user, case_number)
        else:
            return redirect("cases:detail", case_number=case.case_number)
    personal_data_viewed(case=case, actor=user, what=case_revealed(case, user), via="web.case")
    return render(request, "web/case.html", case_context(case, user), status=status)


def _case_post(request: HttpRequest, case: Case, op: str) -> None:
    user = request.user
    if op == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(
                _("Choose a file."), fields={"file": [_("this field is required")]}
            )
        kind = (request.POST.get("kind") or "other")[:50]
        documents.document_upload(case=case, actor=user, upload=upload, kind=kind)
        messages.success(request, _("Document uploaded."))
    elif op == "generate":
        generated.document_generate(
            case=case, actor=user, document=request.POST.get("document", "")
        )
        messages.success(request, _("Document generated."))
    elif op == "withdraw":
        reason = (request.POST.get("reason") or "").strip()
        if not reason:
            raise ApplicationError(
                _("Give a reason."), fields={"reason": [_("this field is required")]}
            )
        engine.case_withdraw(case, user, reason[:2000])
        messages.success(request, _("Case withdrawn."))
    else:
        raise ApplicationError(_("Unknown operation."))


def case_context(case: Case, user: Any) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries."""
    flow_class = case.flow_class
    roles = user_roles(user)
    # the auditor's role is read-only: no upload or generate forms (the
    # services refuse them too, with a 403 the page shows as a message)
    read_only = not user.is_superuser and not roles - {AUDITOR}
    return {
        "case": case_detail(case, user),
        "documents": [document_dict(d) for d in case.documents.select_related("uploaded_by")]
        if documents.documents_visible(user, case)
        else [],
        "timeline": timeline(case),
        # the who-viewed log of the case, for auditors (the timeline leaves it out)
        "viewed": [
            {**row, "what": [CATEGORY_LABELS.get(c, c) for c in row["what"]]}
            for row in viewed_events_of(case)
        ]
        if viewed_log_visible(user)
        else None,
        "generatable": []
        if read_only
        else sorted(
            code for code, kind in generated.DOCUMENT_TYPES.items() if kind.program == case.program
        ),
        "may_upload": not read_only,
        "document_kinds": DOCUMENT_KINDS,
        "withdrawable": case.closed is None
        and case.case_status in flow_class.withdrawable_statuses
        and bool(
            user.is_superuser
            or case.submitted_by_id == user.pk
            or roles & set(flow_class.withdraw_roles)
        ),
    }


def timeline(case: Case) -> list[dict[str, Any]]:
    """The case's audit chain as the page shows it: the event's translated
    label, the step and action of task events, the status moves, the names
    of changed fields. The events' input data is not shown (it may hold
    confidential mediation content; the case facts show what may be seen).
    The ``viewed`` events are the who-viewed log, shown to auditors apart."""
    steps = case.flow_class.steps
    rows = []
    for e in AuditEvent.objects.filter(case=case).exclude(type=events.VIEWED.code).order_by("seq"):
        data = e.data or {}
        step = steps.get(data.get("node") or "")
        changes = data.get("changes") or data.get("changed") or {}
        rows.append(
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor_name,
                "type": e.type,
                "label": _event_label(e.type),
                "step": str(step.title) if step else "",
                "action": data.get("action") if e.type == events.TASK_COMPLETED.code else None,
                "user": data.get("user") if e.type in _USER_EVENTS else None,
                "from": data.get("from") if e.type == events.STATUS_CHANGED.code else None,
                "to": data.get("to") if e.type == events.STATUS_CHANGED.code else None,
                "fields": sorted(changes) if isinstance(changes, dict) else [],
            }
        )
    return rows


_USER_EVENTS = {
    events.TASK_CLAIMED.code,
    events.TASK_ASSIGNED.code,
    events.TASK_REASSIGNED.code,
}


def _event_label(code: str) -> str:
    """The registry's label, translated (it is a lazy translation)."""
    try:
        return str(events.get(code).label)
    except LookupError:
        return code


@staff_only
def case_chart(request: HttpRequest, case_number: str) -> HttpResponse:
    """viewflow's SVG chart of the case's flow, its current step marked."""
    case = visible_case(request.user, case_number)
    flow_class = case.flow_class
    grid = chart.calc_layout_data(flow_class)
    chart.calc_cell_status(flow_class, grid, case.pk)
    _mark_open_steps(flow_class, grid, case.pk)
    return HttpResponse(chart.grid_to_svg(grid), content_type="image/svg+xml")


def _mark_open_steps(flow_class: Any, grid: Any, case_id: int) -> None:
    """viewflow colours a node by its last task but keeps a step done once,
    so a step reopened (verify after a return) would not show as current:
    mark every node with an open task by that task's status."""
    open_tasks = Task.objects.filter(
        process_id=case_id, status__in=[*engine.OPEN, STATUS.SCHEDULED]
    ).only("flow_task", "status")
    for task in open_tasks:
        if task.flow_task in grid.nodes:
            grid[task.flow_task].status = task.status


@staff_only
def case_document(request: HttpRequest, case_number: str, document_id: int) -> FileResponse:
    case = visible_case(request.user, case_number)
    if not documents.documents_visible(request.user, case):
        raise Http404
    return document_download(case, document_id)


def document_download(case: Case, document_id: int) -> FileResponse:
    """One stored document of a case the caller has already authorized."""
    doc = case.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)
