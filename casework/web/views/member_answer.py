"""A member answers a return: the page shows what the caseworker asked for
(the return's reason) and when the answer is due, and takes the member's
note, documents and corrected figures. Sending it completes the step that
waits on the member (its flow declares ``submitter_may_act``) through the
engine, as ``POST /api/tasks/{id}/complete/`` would; the documents are
stored in the same transaction, and the note goes into the program's own
history through its resubmit service, where the caseworker reads it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from casework.core.errors import ApplicationError, Conflict, InvalidInput
from casework.core.models import Case
from casework.presenters.case import case_detail
from casework.presenters.documents import document_dict
from casework.presenters.task import action_declaration
from casework.web.access import member_only
from casework.web.forms import form_data, form_fields
from casework.web.member_forms import submit_with_documents, upload_problems
from casework.web.refusals import refusal_show
from casework.web.views.member_pages import LATER_UPLOAD_KIND, _own_case
from workflows import engine
from workflows.selectors import open_tasks_of
from workflows.steps import Action

# the resubmit inputs' free text for the caseworker; every other field of
# the input is a correction of the application
NOTE = "note"
# the history entry a return leaves (casework/*/services.py ``*_return``)
RETURNED = "returned"


def answerable_task(case: Case, user: Any) -> Any | None:
    """The open step of ``case`` that waits on ``user`` as its applicant."""
    for task in open_tasks_of(case.pk):
        if engine.step_of(task).submitter_may_act and task.info.submitter_id == user.pk:
            return task
    return None


def _member_action(task: Any, user: Any) -> Action:
    """The step's action the member may take (the supervisor's ``lapse`` is
    not theirs)."""
    step = engine.step_of(task)
    action = next((a for a in step.actions if engine.may_take(user, task, a) is None), None)
    if action is None:  # a step that waits on the member always offers them one
        raise Conflict(_("This case is not waiting for your answer."), code="not_waiting")
    return action


@member_only
def my_answer_page(request: HttpRequest, case_number: str) -> HttpResponse:
    user = request.user
    case = _own_case(user, case_number)
    task = answerable_task(case, user)
    if task is None:
        return _not_waiting(request, case)
    action = _member_action(task, user)
    declaration = action_declaration(action)
    detail = case_detail(case, user, via="web.my_answer")
    current = _current_values(declaration, detail["data"])
    if request.method == "POST":
        try:
            _answer(request, task, action, declaration, current)
        except ApplicationError as exc:
            refusal_show(request, exc, form_fields={f["name"] for f in declaration["fields"]})
            return _page(request, case, task, detail, declaration, current, exc)
        messages.success(
            request,
            _("Thank you. Your answer was sent and case %(case)s is back with the caseworker.")
            % {"case": case.case_number},
        )
        return redirect("my:case", case_number=case.case_number)
    return _page(request, case, task, detail, declaration, current, None)


def _not_waiting(request: HttpRequest, case: Case) -> HttpResponse:
    """409: nothing of the case waits on the member (never returned, or
    already answered)."""
    messages.error(
        request, _("Case %(case)s is not waiting for your answer.") % {"case": case.case_number}
    )
    return render(
        request, "web/my/answer.html", {"case": {"case_number": case.case_number}}, status=409
    )


def _answer(
    request: HttpRequest,
    task: Any,
    action: Action,
    declaration: dict[str, Any],
    current: dict[str, str],
) -> None:
    """Store the documents and take the step's action with the note and the
    figures the member changed, in one transaction (``submit_with_documents``
    removes the stored files when the engine refuses)."""
    user = request.user
    if task.status != STATUS.NEW and task.owner_id != user.pk:
        raise Conflict(
            _("A caseworker is already completing this step for you; contact your union."),
            code="not_holder",
        )
    files = request.FILES.getlist("documents")
    problems = upload_problems(files)
    if problems:
        raise InvalidInput(_("Please correct the marked fields."), fields={"documents": problems})
    data = _changed(form_data(declaration, _plain_lines(request.POST)), current)
    if not files and not data:
        raise InvalidInput(
            _("Write a note, add a document or correct a figure before you send."),
            code="empty_answer",
            fields={NOTE: [_("Tell the caseworker what you supply.")]},
        )
    submit_with_documents(
        submit=lambda: engine.task_complete(task, user, action.name, data),
        actor=user,
        files=files,
        kind=LATER_UPLOAD_KIND,
    )


def _plain_lines(posted: QueryDict) -> QueryDict:
    """The form with the browser's CRLF line ends as LF, so an untouched
    text reads as unchanged."""
    plain = posted.copy()
    for key, values in posted.lists():
        plain.setlist(key, [v.replace("\r\n", "\n") for v in values])
    return plain


def _current_values(declaration: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    """The application's figures as the correction fields show them."""
    values = {}
    for field in declaration["fields"]:
        value = data.get(field["name"])
        if field["name"] != NOTE and value not in (None, ""):
            values[field["name"]] = str(value)
    return values


def _changed(posted: dict[str, Any], current: dict[str, str]) -> dict[str, Any]:
    """The note (when written) and the corrections that differ from what the
    application holds: an untouched field is no correction."""
    data = {}
    for name, value in posted.items():
        if name == NOTE:
            if str(value).strip():
                data[name] = value
        elif str(value).strip() != current.get(name, "").strip():
            data[name] = value
    return data


def _return_reason(data: dict[str, Any]) -> dict[str, Any] | None:
    """The last return of the application: what the caseworker asked for."""
    returns = [h for h in data.get("history") or [] if h.get("kind") == RETURNED]
    return returns[-1] if returns else None


def _page(
    request: HttpRequest,
    case: Case,
    task: Any,
    detail: dict[str, Any],
    declaration: dict[str, Any],
    current: dict[str, str],
    failed: ApplicationError | None,
) -> HttpResponse:
    errors = dict(failed.fields) if failed else {}
    values = request.POST if failed else QueryDict(mutable=True)
    if not failed:
        values.update(current)
    fields = form_fields(declaration, values, errors)
    info = task.info
    today = timezone.localdate()
    returned = _return_reason(detail["data"])
    context = {
        "case": detail,
        "task": {"title": engine.step_of(task).title, "due": info.due},
        "days_left": (info.due - today).days if info.due else None,
        "returned": returned,
        "note": next(f for f in fields if f["name"] == NOTE),
        "corrections": [f for f in fields if f["name"] != NOTE],
        "open_corrections": any(f["errors"] for f in fields if f["name"] != NOTE),
        "document_errors": errors.get("documents", []) + errors.get("file", []),
        "allowed_types": ", ".join(settings.DOCUMENT_ALLOWED_EXTENSIONS),
        "documents": [document_dict(d) for d in case.documents.select_related("uploaded_by")],
        "waiting": True,
    }
    return render(request, "web/my/answer.html", context, status=failed.status if failed else 200)
