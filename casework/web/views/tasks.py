"""The task page: what the step decides, the facts beside the form, and the
engine's transitions (claim, release, reassign, complete) as form posts.
Every refusal comes back as a message (and field errors) on the page with
the error's status, never as a 500."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework import serializers
from viewflow.workflow.status import STATUS

from casework.core.errors import ApplicationError, InvalidInput, NotFound
from casework.core.input_fields import UsernameField
from casework.core.privacy import MEDIATION_CONTENT
from casework.presenters.case import case_detail
from casework.presenters.decisions import decisions_leading_to
from casework.presenters.documents import case_documents
from casework.presenters.task import action_declaration, task_detail
from casework.web import labels
from casework.web.access import staff_only
from casework.web.campaign_panel import OPS as CAMPAIGN_OPS
from casework.web.campaign_panel import campaign_panel, campaign_post
from casework.web.decision_facts import decision_facts
from casework.web.forms import form_data, form_fields
from casework.web.mediation_panel import WRITES, mediation_panel, mediation_post, posted_fields
from casework.web.reassign import may_reassign, reassign_candidates
from casework.web.refusals import refusal_show
from casework.web.task_forms import field_choices, initial_values
from workflows import engine
from workflows.task_states import OPEN


def _task(user: Any, task_id: int) -> Any:
    try:
        return engine.task_for_user(user, task_id)
    except NotFound as exc:
        raise Http404 from exc


@staff_only
def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    user = request.user
    task = _task(user, task_id)
    if request.method != "POST":
        return _render(request, task, {})
    op = request.POST.get("op", "")
    try:
        return _task_post(request, task, op)
    except ApplicationError as exc:
        action = request.POST.get("action", "") if op == "complete" else ""
        failed = {"op": op, "action": action, "errors": exc.fields, "status": exc.status}
        refusal_show(request, exc, form_fields=_posted_field_names(task, op, action))
        return _render(request, _task(user, task_id), failed)


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
        field = UsernameField()
        try:
            to_user = field.run_validation(request.POST.get("user", "").strip())
        except serializers.ValidationError as exc:  # an unknown or inactive user
            raise InvalidInput(
                "unknown user", fields={"user": [_("Choose a user from the list.")]}
            ) from exc
        engine.task_reassign(task, user, to_user)
        messages.success(
            request, _("Task reassigned to %(user)s.") % {"user": to_user.get_username()}
        )
        return redirect("work:task", task_id=task.pk)
    if op in CAMPAIGN_OPS:  # a recipient verified, excluded, issued, signed for…
        return redirect(campaign_post(request, task, op))
    if op in WRITES:  # a mediation session logged, the time limit extended
        mediation_post(request, task, op)
        return redirect("work:task", task_id=task.pk)
    if op == "complete":
        name = request.POST.get("action", "")
        action = engine.step_of(task).action(name)
        if action is None:
            raise InvalidInput("unknown action", fields={"action": [_("Unknown action.")]})
        case = engine.task_complete(
            task, user, name, form_data(action_declaration(action), request.POST)
        )
        messages.success(
            request,
            _("%(step)s: %(action)s done.")
            % {
                "step": str(engine.step_of(task).title),
                "action": labels.label(name, "action"),
            },
        )
        return redirect("cases:detail", case_number=case.case_number)
    raise InvalidInput("unknown operation", fields={"op": [_("Unknown operation.")]})


def _posted_field_names(task: Any, op: str, action_name: str) -> set[str]:
    """The fields the failed form has inputs for (their errors show there)."""
    if op == "reassign":
        return {"user"}
    if op in WRITES:
        return posted_fields(op)
    if op in CAMPAIGN_OPS:  # the rows' forms: their errors go to the message box
        return set()
    action = engine.step_of(task).action(action_name) if op == "complete" else None
    return set(action.input().fields.keys()) if action else set()


def _render(request: HttpRequest, task: Any, failed: dict[str, Any]) -> HttpResponse:
    user = request.user
    detail = task_detail(task, user)
    case = task.info.case
    is_open = task.status in OPEN
    held_by_other = task.status != STATUS.NEW and task.owner_id not in (None, user.pk)
    actions = detail["actions"] if is_open else []
    usable = [a for a in actions if a["allowed"] and not held_by_other]
    posted = request.POST if failed else None
    mediation = mediation_panel(task, user, may_act=bool(usable), failed=failed, posted=posted)
    # the sessions' notes are confidential content: logged with the page's facts
    also = [MEDIATION_CONTENT] if mediation and mediation["sessions"] else []
    shown = case_detail(case, user, via="web.task", also=also)
    reassign = may_reassign(user, task)
    context = {
        "task": detail,
        "case": shown,
        "forms": _action_forms(request, task, usable, failed, shown["data"]),
        "other_actions": [a for a in actions if a not in usable],
        "held_by_other": held_by_other,
        "facts": decision_facts(task, user),
        "decisions": decisions_leading_to(task, user, shown),
        "mediation": mediation,
        "campaign": campaign_panel(task, may_act=bool(usable), query=request.GET),
        "documents": case_documents(case, user),
        "may_claim": task.status == STATUS.NEW and engine.may_take(user, task) is None,
        "may_release": task.status == STATUS.ASSIGNED and (task.owner_id == user.pk or reassign),
        "may_reassign": reassign,
        "reassign_to": list(reassign_candidates(task)) if reassign else [],
        "reassign_errors": failed.get("errors", {}).get("user", [])
        if failed.get("op") == "reassign"
        else [],
    }
    return render(request, "web/task.html", context, status=failed.get("status", 200))


def _action_forms(
    request: HttpRequest,
    task: Any,
    usable: list[dict[str, Any]],
    failed: dict[str, Any],
    data: dict[str, Any],
) -> list[dict[str, Any]]:
    """The forms of the actions the user may take: what a refused post typed
    comes back; otherwise the figures the case already holds (``data``, the
    facts as the user may see them) are filled in."""
    names = _user_names(usable)
    forms = []
    for action in usable:
        refused = failed.get("action") == action["name"]
        form = form_fields(
            action,
            request.POST if refused else None,
            failed.get("errors", {}) if refused else {},
            user_names=names,
            initial=initial_values(task, action["name"], data),
            choices=field_choices(task, action["name"]),
        )
        forms.append({**action, "form": form})
    return forms


def _user_names(actions: list[dict[str, Any]]) -> dict[str, str]:
    """Full names of the users offered by the actions' user fields (the
    mediators of ``assign``), in one query."""
    usernames = {
        c for a in actions for f in a["fields"] if f["type"] == "user" for c in f["choices"] or []
    }
    if not usernames:
        return {}
    users = get_user_model().objects.filter(username__in=usernames)
    return {u.get_username(): u.get_full_name() or u.get_username() for u in users}
