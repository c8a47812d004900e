"""The mediation part of a task page (PROCESSES.md §3): the case's time
limit and the days left, at the top of every mediation step; on
``mediate`` the sessions logged so far and a form to log one; on
``assign`` and ``mediate`` the one extension, its consents and what it
gives. The forms are for whoever may take the step's actions; the writes
are the ones the API makes (``workflows.mediation_work``), which decide and
refuse — the page only shows their refusals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.core.access import mediation_content_visible
from casework.core.calendar import working_days_between
from casework.core.errors import InvalidInput
from casework.core.parameters import param_int
from casework.mediation import rules
from casework.mediation.inputs import MediationExtendInput, MediationSessionInput
from casework.mediation.selectors import sessions_of
from casework.presenters.task import action_declaration
from casework.web.forms import form_data, form_fields
from workflows import mediation_work
from workflows.engine.completion import flatten_errors
from workflows.mediation import MediationFlow
from workflows.steps import Action

# the writes of the page that are no step's action, as the API takes them
WRITES = {
    "session": Action(
        "session",
        MediationSessionInput,
        mediation_work.mediation_session_log,
        label=gettext_lazy("Log a session"),
    ),
    "extend": Action(
        "extend",
        MediationExtendInput,
        mediation_work.mediation_extend,
        label=gettext_lazy("Extend the time limit"),
    ),
}
# the steps under the time limit, and where sessions and an extension are taken
DEADLINE_STEPS = (MediationFlow.assign, MediationFlow.mediate, MediationFlow.deadline_decision)
SESSION_STEPS = (MediationFlow.mediate,)
EXTEND_STEPS = (MediationFlow.assign, MediationFlow.mediate)
# outcomes a mediator records after sessions, warned about when none was
# logged (PROCESSES.md §3 sets no minimum: a refusal or a withdrawal may
# come before any session)
WARN_WITHOUT_SESSIONS = ("settle", "fail")


def mediation_panel(
    task: Any, user: Any, *, may_act: bool, failed: dict[str, Any], posted: QueryDict | None
) -> dict[str, Any] | None:
    """What the page shows of the time limit, the sessions and the
    extension, or None off the mediation steps. ``may_act``: the user may
    take the task's actions (the forms are offered with them);
    ``failed``/``posted``: a refused write's errors and what was typed."""
    if task.flow_task not in DEADLINE_STEPS:
        return None
    case = task.info.case
    referral = case.mediation
    today = timezone.localdate()
    open_ = case.closed is None and task.flow_task != MediationFlow.deadline_decision
    extension_days = param_int(rules.EXTENSION_PARAMETER)
    panel: dict[str, Any] = {
        "deadline": referral.deadline,
        "days_left": rules.days_left(referral.deadline, today),
        "working_days_left": working_days_between(today, referral.deadline),
        "passed": rules.deadline_passed(referral.deadline, today),
        "days_over": max(0, -rules.days_left(referral.deadline, today)),
        "extended": referral.extended,
        "extension_days": extension_days,
        "extended_deadline": rules.deadline_of(
            referral.received_on, referral.base_days, extension_days
        ),
        "court_consent_required": rules.court_consent_required(referral.referral_type),
        "sessions": None,
        "session_form": None,
        "extend_form": None,
    }
    if task.flow_task in SESSION_STEPS and mediation_content_visible(
        user, case, mediator_id=referral.mediator_id
    ):
        panel["sessions"] = list(sessions_of(case))
        panel["no_sessions"] = not panel["sessions"]
        panel["warn_without_sessions"] = WARN_WITHOUT_SESSIONS
    if may_act and open_ and task.flow_task in SESSION_STEPS:
        panel["session_form"] = _form("session", failed, posted)
        panel["session_failed"] = failed.get("op") == "session"
    if may_act and open_ and task.flow_task in EXTEND_STEPS and not referral.extended:
        form = _form("extend", failed, posted)
        if not panel["court_consent_required"]:  # a delegated referral: the parties' only
            form = [f for f in form if f["name"] != "court_consent"]
        panel["extend_form"] = form
    return panel


def _form(name: str, failed: dict[str, Any], posted: QueryDict | None) -> list[dict[str, Any]]:
    refused = failed.get("op") == name
    return form_fields(
        {**action_declaration(WRITES[name]), "name": name},
        posted if refused else None,
        failed.get("errors", {}) if refused else {},
    )


def mediation_post(request: HttpRequest, task: Any, op: str) -> None:
    """Log a session or extend, as the API does: the input validated by its
    serializer (400 with the fields' errors), then the write, which refuses
    what the case's state or the user's role does not allow."""
    if task.flow_task not in DEADLINE_STEPS:  # not a mediation step at all
        raise InvalidInput("unknown operation", fields={"op": [_("Unknown operation.")]})
    action = WRITES[op]
    declaration = action_declaration(action)
    serializer = action.input(data=form_data(declaration, request.POST))
    if not serializer.is_valid():
        raise InvalidInput(_("invalid input"), fields=flatten_errors(serializer.errors))
    case = task.info.case
    if op == "session":
        session = action.service(case=case, actor=request.user, **serializer.validated_data)
        messages.success(
            request,
            _("Session of %(date)s logged.") % {"date": session.held_on.isoformat()},
        )
        return
    referral = action.service(case=case, actor=request.user, **serializer.validated_data)
    messages.success(
        request,
        _("Time limit extended to %(date)s.") % {"date": referral.deadline.isoformat()},
    )


def posted_fields(op: str) -> set[str]:
    """The fields the page has inputs for on the ``op`` form."""
    return set(WRITES[op].input().fields.keys())
