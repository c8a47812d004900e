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

from casework.api.cases import case_detail, case_summary, document_dict
from casework.audit import registry as events
from casework.audit.models import AuditEvent
from casework.core import documents
from casework.core.access import case_for_user
from casework.core.errors import ApplicationError, NotFound
from casework.core.models import Case
from casework.core.selectors import cases_list
from casework.reports import documents as generated
from casework.web.access import staff_only
from casework.web.labels import PROGRAMS
from workflows import engine

PAGE_SIZE = 25


def visible_case(user: Any, case_number: str) -> Case:
    try:
        return case_for_user(user, case_number)
    except NotFound as exc:
        raise Http404 from exc


@staff_only
def case_list_page(request: HttpRequest) -> HttpResponse:
    program = request.GET.get("program") or None
    if program not in PROGRAMS:
        program = None
    status = (request.GET.get("status") or "")[:30] or None
    q = (request.GET.get("q") or "")[:100] or None
    qs = cases_list(request.user, program=program, status=status, q=q).order_by("-created", "-pk")
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
            messages.error(request, exc.message)
            for field, problems in exc.fields.items():
                for problem in problems:
                    messages.error(request, f"{field}: {problem}")
            status = exc.status
            case = visible_case(user, case_number)
        else:
            return redirect("cases:detail", case_number=case.case_number)
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
    timeline = [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_name,
            "type": e.type,
            "label": _event_label(e.type),
            "data": e.data,
        }
        for e in AuditEvent.objects.filter(case=case).order_by("seq")
    ]
    return {
        "case": case_detail(case, user),
        "documents": [document_dict(d) for d in case.documents.select_related("uploaded_by")],
        "timeline": timeline,
        "generatable": sorted(
            code for code, kind in generated.DOCUMENT_TYPES.items() if kind.program == case.program
        ),
        "withdrawable": case.closed is None and case.program != "mediation",
    }


def _event_label(code: str) -> str:
    try:
        return events.get(code).label
    except LookupError:
        return code


@staff_only
def case_chart(request: HttpRequest, case_number: str) -> HttpResponse:
    """viewflow's SVG chart of the case's flow, its current step marked."""
    case = visible_case(request.user, case_number)
    flow_class = case.flow_class
    grid = chart.calc_layout_data(flow_class)
    chart.calc_cell_status(flow_class, grid, case.pk)
    return HttpResponse(chart.grid_to_svg(grid), content_type="image/svg+xml")


@staff_only
def case_document(request: HttpRequest, case_number: str, document_id: int) -> FileResponse:
    case = visible_case(request.user, case_number)
    doc = case.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)
