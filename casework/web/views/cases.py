"""Case pages: the scoped case list, and one case with its facts, documents,
open tasks, timeline, generated documents, withdrawal and process chart."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit import registry as events
from casework.audit.timeline import TimelineEvent, case_timeline
from casework.audit.viewed import viewed_events_of, viewed_log_visible
from casework.core import documents
from casework.core.access import case_for_user, user_roles
from casework.core.classification import SEALED_KEY, WITHHELD_KEY
from casework.core.errors import ApplicationError, Conflict, Forbidden, InvalidInput, NotFound
from casework.core.models import Case
from casework.core.privacy import CATEGORY_LABELS
from casework.core.roles import AUDITOR
from casework.presenters.case import case_detail
from casework.presenters.decisions import case_decisions
from casework.presenters.documents import document_dict, document_opened
from casework.reports import documents as generated
from casework.web.access import staff_only
from casework.web.charts import flow_chart_svg
from casework.web.labels import label
from casework.web.refusals import refusal_show
from workflows import engine

# what staff file on a case (generated documents get their own kinds)
DOCUMENT_KINDS = ("application", "supplement", "invoice", "visit_record", "closing_report", "other")

# what the withdrawal form asks: a reason, and that the person understands
WITHDRAW_FIELDS = {"reason", "confirm"}


def visible_case(user: Any, case_number: str) -> Case:
    try:
        return case_for_user(user, case_number)
    except NotFound as exc:
        raise Http404 from exc


@staff_only
def case_page(request: HttpRequest, case_number: str) -> HttpResponse:
    user = request.user
    case = visible_case(user, case_number)
    status, errors = 200, {}
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            _case_post(request, case, op)
        except ApplicationError as exc:
            # the withdrawal's own inputs show their errors beside them
            shown = WITHDRAW_FIELDS if op == "withdraw" else set()
            refusal_show(request, exc, form_fields=shown)
            status = exc.status
            case = visible_case(user, case_number)
            errors = {k: v for k, v in exc.fields.items() if k in shown}
        else:
            return redirect("cases:detail", case_number=case.case_number)
    context = {**case_context(case, user), "withdraw_errors": errors}
    return render(request, "web/case.html", context, status=status)


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
        _withdraw(request, case)
    else:
        raise ApplicationError(_("Unknown operation."))


def _withdraw(request: HttpRequest, case: Case) -> None:
    """Withdraw the case: irreversible, so only once the person has ticked
    that they understand (the page asks without JavaScript), and refused
    with the case's state in words where the flow no longer allows it."""
    user = request.user
    if not withdraw_allowed_now(case):
        raise Conflict(
            _("Case %(case)s can no longer be withdrawn: it is %(status)s.")
            % {"case": case.case_number, "status": label(case.case_status, "status")},
            code="wrong_state",
        )
    if not withdraw_offered(case, user, user_roles(user)):
        raise Forbidden(_("only the submitter or a caseworker may withdraw this case"))
    problems = {}
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        problems["reason"] = [_("this field is required")]
    if request.POST.get("confirm") != "yes":
        problems["confirm"] = [_("Tick the box to confirm: a withdrawal cannot be undone.")]
    if problems:
        raise InvalidInput(_("The case was not withdrawn."), fields=problems)
    engine.case_withdraw(case, user, reason[:2000])
    messages.success(request, _("Case withdrawn."))


def case_context(case: Case, user: Any) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries."""
    roles = user_roles(user)
    # the auditor's role is read-only: no upload or generate forms (the
    # services refuse them too, with a 403 the page shows as a message)
    read_only = not user.is_superuser and not roles - {AUDITOR}
    timeline = case_timeline(case, user, with_viewed=False)
    # logs what the facts and the timeline show, once for the page
    detail = case_detail(case, user, via="web.case", also=timeline.revealed)
    return {
        "case": detail,
        "decisions": case_decisions(case, user, detail["data"], timeline),
        "documents": [document_dict(d) for d in case.documents.select_related("uploaded_by")]
        if documents.documents_visible(user, case)
        else [],
        "timeline": [timeline_row(e) for e in timeline.events],
        # the who-viewed log of the case, for auditors (the timeline leaves it out)
        "viewed": [
            {**row, "what": [CATEGORY_LABELS.get(c, c) for c in row["what"]]}
            for row in viewed_events_of(case)
        ]
        if viewed_log_visible(user)
        else None,
        "generatable": []
        # only what the case's state allows: documents while it is open, the
        # generated ones that record where it stands
        if read_only
        else [
            code
            for code in sorted(generated.DOCUMENT_TYPES)
            if generated.document_available(case, code)
        ],
        "may_upload": not read_only and documents.documents_accepted(case),
        "document_kinds": DOCUMENT_KINDS,
        "withdrawable": withdraw_offered(case, user, roles),
    }


def withdraw_allowed_now(case: Case) -> bool:
    """The case's flow still allows a withdrawal where the case stands
    (``Step.withdrawable`` of its open step)."""
    return case.closed is None and case.case_status in case.flow_class.withdrawable_statuses


def withdraw_offered(case: Case, user: Any, roles: Set[str]) -> bool:
    """The withdrawal is allowed now and the user is the case's submitter or
    holds one of the flow's withdraw roles."""
    return withdraw_allowed_now(case) and bool(
        user.is_superuser
        or case.submitted_by_id == user.pk
        or roles & set(case.flow_class.withdraw_roles)
    )


def timeline_row(event: TimelineEvent) -> dict[str, Any]:
    """One event as the page shows it: its label and step, the action of a
    task, who was given it, the status move, and the fields it carried as
    the viewer may see them (withheld ones named, not shown)."""
    data = event.data
    task_event = event.type == events.TASK_COMPLETED.code
    fields = data.get("input") if task_event else data.get("changes") or data.get("changed")
    fields = fields if isinstance(fields, dict) else {}
    return {
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "type": event.type,
        "label": event.label,
        "step": event.step,
        "action": data.get("action") if task_event else None,
        "user": data.get("user") if event.type in _USER_EVENTS else None,
        "from": data.get("from") if event.type == events.STATUS_CHANGED.code else None,
        "to": data.get("to") if event.type == events.STATUS_CHANGED.code else None,
        "fields": [
            {"name": k, "value": _change_shown(v) if not task_event else _shown(v)}
            for k, v in sorted(fields.items())
            if k != WITHHELD_KEY
        ],
        "withheld": sorted({*(fields.get(WITHHELD_KEY) or []), *(data.get(WITHHELD_KEY) or [])}),
    }


def _change_shown(value: Any) -> str:
    """A changed field's ``[before, after]`` as "before → after"."""
    if isinstance(value, list) and len(value) == 2:
        return f"{_shown(value[0])} → {_shown(value[1])}"
    return _shown(value)


def _shown(value: Any) -> str:
    """A field's value as one line (a list as its items); a fingerprint
    kept in place of a protected value as "(recorded)"."""
    if isinstance(value, dict) and set(value) == {SEALED_KEY}:
        return _("(recorded)")
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, str):
        return str(label(value, "value"))  # a code (bank_transfer, deep) by its name
    return "" if value is None else str(value)


_USER_EVENTS = {
    events.TASK_CLAIMED.code,
    events.TASK_ASSIGNED.code,
    events.TASK_REASSIGNED.code,
}


@staff_only
def case_chart(request: HttpRequest, case_number: str) -> HttpResponse:
    """viewflow's SVG chart of the case's flow, its current step marked."""
    case = visible_case(request.user, case_number)
    flow_class = case.flow_class
    grid = chart.calc_layout_data(flow_class)
    chart.calc_cell_status(flow_class, grid, case.pk)
    _mark_open_steps(flow_class, grid, case.pk)
    return HttpResponse(flow_chart_svg(grid), content_type="image/svg+xml")


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
    return document_download(case, document_id, request.user, via="web.document")


def document_download(case: Case, document_id: int, user: Any, *, via: str) -> FileResponse:
    """One stored document of a case the caller has already authorized; a
    document of a protected class (a claim's: medical) is logged as viewed."""
    try:
        doc = document_opened(case, document_id, user, via=via)
    except NotFound as exc:
        raise Http404 from exc
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)
