"""The public-notice page (公示): the relief cases in their notice period
under the caseworker's unit, listed as the notice is posted (names and ID
numbers masked, from the rows the PDF prints), with the working days left;
the PDF from the same generator as ``GET /api/reports/public-notice.pdf``;
a print stylesheet that prints the page as the notice; and, per case, an
objection that the engine records (the step's ``object`` action: back to
verification, the objection in the case's history)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from casework.core.access import org_units_visible_to
from casework.core.errors import ApplicationError, Forbidden, InvalidInput, NotFound
from casework.core.models import OrgUnit
from casework.core.parameters import param_int
from casework.presenters.public_notice import (
    may_object,
    notice_list,
    notice_task_for_user,
    objection_action,
)
from casework.presenters.task import action_declaration
from casework.reports.documents import public_notice_pdf
from casework.reports.selectors import report_unit
from casework.web.access import staff_only
from casework.web.forms import form_data, form_fields
from casework.web.refusals import refusal_show
from workflows import engine

FILTER_NAMES = {"org_unit": gettext_lazy("Union")}


class NoticeFilter(serializers.Serializer):
    org_unit = serializers.IntegerField(required=False, min_value=1)


class ObjectionTarget(serializers.Serializer):
    task = serializers.IntegerField(min_value=1)


class _Refused(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems


def _problems(errors: Any) -> list[str]:
    return [
        f"{FILTER_NAMES.get(name, name)}: {message}"
        for name, items in dict(errors).items()
        for message in items
    ]


def _notice_unit(request: HttpRequest) -> OrgUnit | None:
    """The unit whose list is shown: ``?org_unit=`` within the user's subtree,
    else the user's own (everything for a superuser). Staff without a unit
    have no list (404); a unit outside the subtree is a filter error."""
    params = NoticeFilter(data={k: v for k, v in request.GET.items() if v != ""})
    if not params.is_valid():
        raise _Refused(_problems(params.errors))
    try:
        return report_unit(request.user, params.validated_data.get("org_unit"))
    except Forbidden as exc:
        raise Http404 from exc
    except InvalidInput as exc:
        raise _Refused(_problems({"org_unit": [_("Choose a union from the list.")]})) from exc


@staff_only
def public_notice_page(request: HttpRequest) -> HttpResponse:
    try:
        unit = _notice_unit(request)
    except _Refused as refused:
        return _render(request, None, problems=refused.problems, status=400)
    if request.method == "POST":
        return _object(request, unit)
    return _render(request, unit)


@staff_only
def public_notice_pdf_page(request: HttpRequest) -> HttpResponse:
    """The posted list as a PDF (audited as ``generated``, like the API's)."""
    try:
        unit = _notice_unit(request)
    except _Refused as refused:
        return _render(request, None, problems=refused.problems, status=400)
    response = HttpResponse(
        public_notice_pdf(actor=request.user, unit=unit), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="public-notice.pdf"'
    return response


def _object(request: HttpRequest, unit: OrgUnit | None) -> HttpResponse:
    """Record an objection to one case of the list through the engine."""
    user = request.user
    if not may_object(user):
        messages.error(request, _("Your role may not record objections."))
        return _render(request, unit, status=403)
    target = ObjectionTarget(data=request.POST)
    if not target.is_valid():
        messages.error(request, _("Choose a case of the list."))
        return _render(request, unit, status=400)
    try:
        task = notice_task_for_user(user, target.validated_data["task"])
    except NotFound as exc:
        raise Http404 from exc
    if task is None:
        messages.error(request, _("This case is no longer on public notice."))
        return _render(request, unit, status=409)
    action = objection_action()
    declaration = action_declaration(action)
    try:
        case = engine.task_complete(task, user, action.name, form_data(declaration, request.POST))
    except ApplicationError as exc:
        refusal_show(request, exc, form_fields={f["name"] for f in declaration["fields"]})
        failed = {"task": task.pk, "errors": exc.fields}
        return _render(request, unit, failed=failed, status=exc.status)
    messages.success(
        request,
        _("Objection to %(case)s recorded: the case goes back to verification.")
        % {"case": case.case_number},
    )
    return redirect(request.get_full_path())


def _row_form(request: HttpRequest, row: dict[str, Any], failed: dict[str, Any]) -> list:
    """The objection form of one row: the step's declared fields, with what
    was posted and its errors when this row's objection was refused."""
    mine = failed.get("task") == row["task_id"]
    fields = form_fields(
        action_declaration(objection_action()),
        request.POST if mine else None,
        failed.get("errors", {}) if mine else {},
    )
    return [{**f, "id": f"{f['id']}-{row['task_id']}"} for f in fields]


def _render(
    request: HttpRequest,
    unit: OrgUnit | None,
    *,
    failed: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    failed = failed or {}
    rows = [] if problems else notice_list(user, unit)
    for row in rows:
        row["form"] = _row_form(request, row, failed) if row["may_object"] else []
    query = request.GET.urlencode()
    pdf_url = reverse("notice:pdf") + (f"?{query}" if query else "")
    context = {
        "unit": unit,
        "unit_name": unit.name if unit else _("All unions"),
        "rows": rows,
        "problems": problems or [],
        "today": timezone.localdate(),
        "notice_days": param_int("relief.public_notice_days"),
        "units": list(org_units_visible_to(user).order_by("path").values("id", "name")),
        "chosen_unit": request.GET.get("org_unit", ""),
        "pdf_url": pdf_url,
        "failed_task": failed.get("task"),
    }
    return render(request, "web/public_notice/page.html", context, status=status)
