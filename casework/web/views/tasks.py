"""The task page: what the step decides, the facts beside the form, and the
engine's transitions (claim, release, reassign, complete) as form posts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casework.api.cases import case_detail
from casework.api.tasks import task_detail
from casework.core.errors import ApplicationError, NotFound
from casework.web import labels
from casework.web.access import staff_only
from casework.web.decision_facts import decision_facts
from casework.web.forms import form_data, form_fields
from workflows import engine


def _task(user: Any, task_id: int) -> Any:
    try:
        return engine.task_for_user(user, task_id)
    except NotFound as exc:
        raise Http404 from exc


@staff_only
def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    user = request.user
    task = _task(user, task_id)
    failed: dict[str, Any] = {}
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            done = _task_post(request, task, op)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            failed = {
                "action": request.POST.get("action"),
                "errors": exc.fields,
                "status": exc.status,
            }
            task = _task(user, task_id)
        else:
            return done
    return _render(request, task, failed)


def _task_post(request: HttpRequest, task: Any, op: str) -> HttpResponse:
    user = request.user
    if op == "claim":
        engine.task_claim(task, user)
        messages.success(request, _("Task claimed."))
        return redirect("work:task", task_id=task.pk)
    if op == "release":
        engine.task_release(task, user)
        messages.success(request, _("Task released to the queue."))
        return redirect("work:index")
    if op == "reassign":
        from casework.api.tasks import TaskReassignApi

        payload = TaskReassignApi.ReassignInput(data={"user": request.POST.get("user", "")})
        if not payload.is_valid():
            raise ApplicationError(_("Choose a user."), fields=_flat(payload.errors))
        engine.task_reassign(task, user, payload.validated_data["user"])
        messages.success(request, _("Task reassigned."))
        return redirect("work:index")
    if op == "complete":
        action_name = request.POST.get("action", "")
        step = engine.step_of(task)
        action = step.action(action_name)
        if action is None:
            raise ApplicationError(_("Unknown action."), fields={"action": [_("unknown action")]})
        declaration = next(
            a for a in task_detail(task, user)["actions"] if a["name"] == action_name
        )
        case = engine.task_complete(task, user, action_name, form_data(declaration, request.POST))
        messages.success(
            request,
            _("%(step)s: %(action)s done.")
            % {
                "step": labels.label(task.info.node, "step"),
                "action": labels.label(action_name, "action"),
            },
        )
        return redirect("cases:detail", case_number=case.case_number)
    raise ApplicationError(_("Unknown operation."))


def _flat(errors: Any) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in errors.items()}


def _render(request: HttpRequest, task: Any, failed: dict[str, Any]) -> HttpResponse:
    user = request.user
    detail = task_detail(task, user)
    case = task.info.case
    posted = request.POST if failed else None
    forms = [
        {
            **action,
            "form": form_fields(
                action,
                posted if failed.get("action") == action["name"] else None,
                failed.get("errors", {}) if failed.get("action") == action["name"] else {},
            ),
        }
        for action in detail["actions"]
    ]
    context = {
        "task": detail,
        "case": case_detail(case, user),
        "forms": forms,
        "facts": decision_facts(task, user),
        "is_holder": task.owner_id == user.pk,
        "may_claim": detail["status"] == "new" and engine.may_take(user, task) is None,
        "reassign_to": detail.get("reassign_choices", []),
    }
    return render(request, "web/task.html", context, status=failed.get("status", 200))
