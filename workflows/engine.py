"""THE seam between viewflow and the domain: claim, release, reassign,
complete, withdraw, and firing due timers.

Viewflow owns the process graph and the task rows; it checks no permissions
and never fills ``Task.assigned``. Everything that moves a task goes through
here, in one transaction under the flow's row lock: authorize (role + org
scope + four-eyes + ownership), validate the action's input, call the domain
service, complete the activation (which creates the next tasks), then write
the audit events and the case status.

The transaction is the flow lock's own (viewflow's ``SelectForUpdateLock``
opens it); only the visibility check before the lock reads outside it. Under
the lock the task is read once with its info, case, unit and member, and
that one case object serves the whole step (viewflow's activations, the
services, the status); the step's audit events go to the chain in one INSERT
when the lock's block ends (``chain_lock_held``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.audit import registry as events
from casework.audit.services import (
    audit_record,
    chain_head_annotations,
    chain_head_read,
    chain_lock_held,
)
from casework.core import text_limits
from casework.core.access import can_see_case, unit_in_scope, user_roles
from casework.core.calendar import add_working_days, working_days_between
from casework.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.core.models import Case
from casework.core.roles import MEDIATION_COORDINATOR, SUPERVISOR
from casework.reports.figures import figures_refresh

from .models import TaskInfo
from .steps import Action, Step

logger = logging.getLogger(__name__)

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
# who may release or reassign other people's tasks, per program
PROGRAM_MANAGERS = {"mediation": frozenset({MEDIATION_COORDINATOR})}
DEFAULT_MANAGERS = frozenset({SUPERVISOR})


def manages(user: Any, task: Task) -> bool:
    """A supervisor manages the tasks of relief and mutual aid, a mediation
    coordinator those of mediation (superusers all)."""
    if user.is_superuser:
        return True
    managers = PROGRAM_MANAGERS.get(task.info.case.program, DEFAULT_MANAGERS)
    return bool(user_roles(user) & managers)


def step_of(task: Task) -> Step:
    return task.flow_task.flow_class.steps[task.flow_task.name]


# what a step reads of its task, fetched with it in one query
_TASK_RELATED = ("owner", "info", "process__case__org_unit", "process__case__member")


def _fetch(task_id: int) -> Task:
    """The task with its owner, info and case (unit and member) and the
    head of the case's audit chain in one query, under the flow lock; its
    info holds that same case object."""
    task = (
        Task.objects.select_related(*_TASK_RELATED)
        .annotate(**chain_head_annotations(Task, "process_id"))
        .get(pk=task_id)
    )
    case = task.process.coerced  # the case row came with the query
    # read under the flow lock: the step's audit events link onto it
    chain_head_read(case.pk, task.audit_head_seq, task.audit_head_hash)
    task.process = case
    info = getattr(task, "info", None)  # a timer has none
    if info is not None:
        info.case = case
    return task


def _refresh(task: Task) -> None:
    """Re-read ``task`` in place, as viewflow's ``refresh_from_db`` does, but
    with what the step reads of it (``_fetch``)."""
    fresh = _fetch(task.pk)
    for field in Task._meta.concrete_fields:
        setattr(task, field.attname, getattr(fresh, field.attname))
    task.owner = fresh.owner
    task.process = fresh.process
    info = getattr(fresh, "info", None)
    if info is not None:
        task.info = info


def _case_to_check(task: Task) -> Case:
    """The task's case for the visibility check before the lock: the one
    loaded with the task when its unit was loaded too, else one query."""
    info = getattr(task, "info", None) if Task.info.is_cached(task) else None
    if info is not None and TaskInfo.case.is_cached(info) and Case.org_unit.is_cached(info.case):
        return info.case
    return Case.objects.select_related("org_unit", "member").get(pk=task.process_id)


# --- reads used by the API ------------------------------------------------


def task_for_user(user: Any, task_id: int) -> Task:
    """Fetch a human task and authorize seeing it: 404 when missing or the
    case is not visible."""
    task = (
        Task.objects.select_related(
            "owner", "info", "info__case", "info__case__org_unit", "info__case__member"
        )
        .filter(pk=task_id, info__isnull=False)
        .first()
    )
    if task is None or not can_see_case(user, task.info.case):
        raise NotFound(_("task %(task)s not found") % {"task": task_id})
    return task


def may_take(user: Any, task: Task, action: Action | None = None) -> str | None:
    """Why ``user`` may not take this step (or action) now; None when allowed."""
    step = step_of(task)
    info = task.info
    roles = set(action.roles if action and action.roles else step.roles)
    is_submitter = (
        step.submitter_may_act and info.submitter_id == user.pk and not (action and action.roles)
    )
    if not (is_submitter or user.is_superuser or roles & user_roles(user)):
        return gettext_noop("your role may not take this step")
    if not is_submitter and not unit_in_scope(user, info.case.org_unit):
        return gettext_noop("this case is outside your unit")
    # exclusions are written only for steps that declare them (task_created)
    if step.excluded_users and info.excluded_users.filter(pk=user.pk).exists():
        return gettext_noop("four-eyes: you took an earlier decision on this case")
    return None


def _refuse(reason: str | None) -> None:
    if reason:
        code = "four_eyes" if reason.startswith("four-eyes") else "forbidden"
        raise Forbidden(_(reason), code=code)


# --- transitions -----------------------------------------------------------


@contextmanager
def _locked(task: Task, user: Any) -> Iterator[Any]:
    """Open the task's activation (flow lock + fresh row) after checking the
    user may see the case at all. The flow lock is the case row's lock, so
    the audit chain writes under it without locking again. The lock's
    atomic block is the step's transaction."""
    if not can_see_case(user, _case_to_check(task)):
        raise NotFound(_("task %(task)s not found") % {"task": task.pk})
    with task.flow_task.flow_class.lock(task.process_id), chain_lock_held(task.process_id):
        _refresh(task)
        yield task.flow_task.activation_class(task)


def _assign(act: Any, user: Any, case: Case, actor: Any) -> None:
    act.task.assigned = timezone.now()
    act.assign(user)
    audit_record(
        case=case,
        actor=actor,
        type=events.TASK_CLAIMED.code if actor == user else events.TASK_REASSIGNED.code,
        data={"task": act.task.pk, "node": act.task.flow_task.name, "user": user.get_username()},
    )
    _tell_assigned(act.task, case, user, actor)


def _tell_assigned(task: Task, case: Case, user: Any, actor: Any) -> None:
    step = step_of(task)
    if step.on_assigned:
        step.on_assigned(case, user, actor)


def task_claim(task: Task, user: Any) -> Task:
    """Take an open task. Idempotent for its holder; 409 when someone else
    holds it or it is closed; 403 when the user may not take the step."""
    with _locked(task, user) as act:
        task = act.task
        if task.status == STATUS.ASSIGNED:
            if task.owner_id == user.pk:
                return task
            raise Conflict(
                _("task %(task)s is already claimed by %(owner)s")
                % {"task": task.pk, "owner": task.owner},
                code="already_claimed",
            )
        if task.status != STATUS.NEW:
            raise Conflict(_("task %(task)s is not open") % {"task": task.pk}, code="task_closed")
        _refuse(may_take(user, task))
        case = act.process
        _assign(act, user, case, user)
        _sync_status(case, user)
    return task


def task_release(task: Task, user: Any) -> Task:
    """Put a claimed task back in its queue: its holder, or a supervisor /
    coordinator of the case's scope."""
    with _locked(task, user) as act:
        task = act.task
        if task.status != STATUS.ASSIGNED:
            raise Conflict(
                _("task %(task)s is not claimed") % {"task": task.pk}, code="not_claimed"
            )
        if task.owner_id != user.pk and not manages(user, task):
            raise Forbidden(_("only the holder or a supervisor may release this task"))
        act.unassign()
        task.assigned = None
        task.save(update_fields=["assigned"])
        case = act.process
        audit_record(
            case=case,
            actor=user,
            type=events.TASK_RELEASED.code,
            data={"task": task.pk, "node": task.flow_task.name},
        )
        _sync_status(case, user)
    return task


def task_reassign(task: Task, actor: Any, to_user: Any) -> Task:
    """Give an open task to ``to_user`` (supervisor or coordinator only); the
    new holder must be allowed to take the step."""
    with _locked(task, actor) as act:
        task = act.task
        if not manages(actor, task):
            raise Forbidden(_("only a supervisor or coordinator may reassign tasks"))
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise Conflict(_("task %(task)s is not open") % {"task": task.pk}, code="task_closed")
        reason = may_take(to_user, task)
        if reason:
            raise InvalidInput(
                _("%(user)s may not take this task: %(reason)s")
                % {"user": to_user.get_username(), "reason": _(reason)},
                fields={"user": [_(reason)]},
            )
        case = act.process
        before = task.owner.get_username() if task.owner else None
        if task.status == STATUS.ASSIGNED:
            task.assigned = timezone.now()
            act.reassign(user=to_user)
            _tell_assigned(task, case, to_user, actor)
            audit_record(
                case=case,
                actor=actor,
                type=events.TASK_REASSIGNED.code,
                data={
                    "task": task.pk,
                    "node": task.flow_task.name,
                    "from": before,
                    "user": to_user.get_username(),
                },
            )
        else:
            _assign(act, to_user, case, actor)
        _sync_status(case, actor)
    return task


def task_complete(task: Task, user: Any, action_name: str, data: dict[str, Any]) -> Case:
    """Take ``action_name`` on the task with ``data``. Claims implicitly when
    the task is unclaimed and the user may take it. Refuses: 404 (cannot see
    the case), 409 (task closed), 403 (role, scope, four-eyes, held by
    someone else), 400 (unknown action or invalid input)."""
    with _locked(task, user) as act:
        task = act.task
        case: Case = act.process
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise Conflict(
                _("task %(task)s is already %(status)s")
                % {"task": task.pk, "status": task.status.lower()},
                code="task_closed",
            )
        step = step_of(task)
        action = step.action(action_name)
        if action is None:
            choices = ", ".join(a.name for a in step.actions)
            raise InvalidInput(
                _("unknown action %(action)r") % {"action": action_name},
                fields={"action": [_("choose one of: %(choices)s") % {"choices": choices}]},
            )
        _refuse(may_take(user, task, action))
        if task.status == STATUS.ASSIGNED and task.owner_id != user.pk:
            raise Forbidden(
                _("task %(task)s is held by %(owner)s") % {"task": task.pk, "owner": task.owner},
                code="not_holder",
            )
        serializer = action.input(data=data, context={"case": case, "task": task, "user": user})
        if not serializer.is_valid():
            raise InvalidInput(_("invalid input"), fields=_flatten_errors(serializer.errors))
        if task.status == STATUS.NEW:
            _assign(act, user, case, user)
        status_before = case.case_status
        act.start(None)
        action.service(case=case, actor=user, **serializer.validated_data)
        case.data = {**(case.data or {}), "last_action": action.name}
        case.save(update_fields=["data"])
        TaskInfo.objects.filter(pk=task.pk).update(
            completed_by=user, action=action.name, open=False, **_clock_pause(task.info, action)
        )
        audit_record(
            case=case,
            actor=user,
            type=events.TASK_COMPLETED.code,
            data={
                "task": task.pk,
                "node": task.flow_task.name,
                "action": action.name,
                "input": _jsonable(serializer.validated_data),
            },
        )
        act.execute()
        _sync_status(case, user, since=status_before)
        _tell_applicant(case, status_before)
    return case


@transaction.atomic
def case_withdraw(case: Case, actor: Any, reason: str) -> Case:
    """Withdraw a case while its flow allows it (relief: before approval).
    Cancels every open task. The submitter or a staff member of the case's
    scope with one of the flow's ``withdraw_roles`` may do it. Refuses (400)
    a reason longer than ``text_limits.REASON``: it goes into the audit chain."""
    if len(reason) > text_limits.REASON:
        raise InvalidInput(
            _("the reason is too long"),
            fields={"reason": [_("at most %(count)s characters") % {"count": text_limits.REASON}]},
        )
    flow_class = case.flow_class
    with flow_class.lock(case.pk), chain_lock_held(case.pk):
        case = Case.objects.select_related("org_unit", "member").get(pk=case.pk)
        if not can_see_case(actor, case):
            raise NotFound(_("case %(case)s not found") % {"case": case.case_number})
        is_submitter = case.submitted_by_id == actor.pk
        if not (
            is_submitter or actor.is_superuser or user_roles(actor) & set(flow_class.withdraw_roles)
        ):
            raise Forbidden(_("only the submitter or a caseworker may withdraw this case"))
        if case.case_status not in flow_class.withdrawable_statuses:
            raise Conflict(
                _("case %(case)s is %(status)s and can no longer be withdrawn")
                % {"case": case.case_number, "status": case.case_status},
                code="wrong_state",
            )
        for task in Task.objects.filter(process_id=case.pk).exclude(
            status__in=[STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED]
        ):
            activation = task.flow_task.activation_class(task)
            activation.cancel()
            audit_record(
                case=case,
                actor=actor,
                type=events.TASK_CANCELED.code,
                data={"task": task.pk, "node": task.flow_task.name},
            )
        TaskInfo.objects.filter(case=case, open=True).update(open=False)
        before = case.case_status
        case.status = PROCESS.CANCELED
        case.finished = case.closed = timezone.now()
        case.case_status = "withdrawn"
        case.save(update_fields=["status", "finished", "closed", "case_status"])
        figures_refresh([case.pk])
        audit_record(
            case=case, actor=actor, type=events.CASE_WITHDRAWN.code, data={"reason": reason}
        )
        audit_record(
            case=case,
            actor=actor,
            type=events.STATUS_CHANGED.code,
            data={"from": before, "to": "withdrawn"},
        )
    return case


def timers_fire_due() -> int:
    """Fire every due viewflow timer (e.g. the end of a public notice), each
    in its own transaction under its flow lock; safe beside another run of
    itself (a timer already fired is skipped)."""
    fired = 0
    due = (
        Task.objects.filter(
            flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=timezone.now()
        )
        .order_by("scheduled")
        .values_list("pk", "process_id", "flow_task")
    )
    for task_id, process_id, flow_task in list(due):
        try:
            # the lock's atomic block is the timer's transaction
            with flow_task.flow_class.lock(process_id), chain_lock_held(process_id):
                task = _fetch(task_id)
                act = task.flow_task.activation_class(task)
                if not act.start.can_proceed():
                    continue
                case = act.process
                act.start()
                audit_record(
                    case=case,
                    actor=None,
                    type=events.TIMER_FIRED.code,
                    data={"task": task.pk, "node": task.flow_task.name},
                )
                act.execute()
                # a boundary timer cancels the step it interrupts
                TaskInfo.objects.filter(case=case, open=True).exclude(task__status__in=OPEN).update(
                    open=False
                )
                _sync_status(case, None)
                fired += 1
        except FlowLockFailed:
            logger.info("timer %s locked by another run, skipped", task_id)
    return fired


# --- starting cases ------------------------------------------------------

FLOWS: dict[str, Any] = {}


def register_flow(flow_class: Any) -> Any:
    FLOWS[flow_class.program] = flow_class
    # viewflow titles each node of the process chart with ``task_title``:
    # give the human steps their (translated) step titles
    for name, step in flow_class.steps.items():
        getattr(flow_class, name).task_title = step.title
    return flow_class


def case_start(*, program: str, actor: Any, **start_kwargs: Any) -> Case:
    """Start the program's flow; its start node numbers the case and audits
    it, viewflow creates the first tasks. The start's audit events are
    written together when it ends (``CaseFlowMixin.start_case``)."""
    with ExitStack() as chain:
        case = FLOWS[program].start.run(actor=actor, chain=chain, **start_kwargs)
        _sync_status(case, actor, initial=True)
    return case


# --- hooks and helpers ---------------------------------------------------


def task_created(activation: Any) -> None:
    """Called by viewflow (``onCreate``) whenever a human task is created:
    record its scope, due date and four-eyes exclusions."""
    task = activation.task
    case: Case = activation.process
    step = step_of(task)
    today = timezone.localdate()
    due = step.due(case, today) if step.due else None
    paused = None
    # only an action of this step that pauses its clock leaves days on it
    if due is not None and any(a.pauses_clock for a in step.actions):
        paused = (
            TaskInfo.objects.filter(case=case, node=task.flow_task.name)
            .order_by("-task_id")
            .values_list("clock_left", flat=True)
            .first()
        )
    if paused is not None:
        # the clock of this step was paused (waiting on the applicant): it
        # resumes today with the working days that were left
        due = add_working_days(today, paused)
    info = TaskInfo.objects.create(
        task=task,
        case=case,
        node=task.flow_task.name,
        role=step.roles[0],
        unit_path=case.org_unit.path,
        submitter_id=case.submitted_by_id if step.submitter_may_act else None,
        due=due,
    )
    if step.excluded_users:
        excluded = step.excluded_users(case)
        if excluded:  # a new row has none yet: insert, no read first
            through = TaskInfo.excluded_users.through
            through.objects.bulk_create(
                [through(taskinfo_id=info.pk, user_id=user_id) for user_id in sorted(excluded)]
            )
    audit_record(
        case=case,
        actor=None,
        type=events.TASK_CREATED.code,
        data={"task": task.pk, "node": info.node, "due": info.due},
    )
    holder = step.assignee(case) if step.assignee else None
    if holder is not None:
        task.owner, task.status, task.assigned = holder, STATUS.ASSIGNED, timezone.now()
        task.save(update_fields=["owner", "status", "assigned"])
        audit_record(
            case=case,
            actor=None,
            type=events.TASK_ASSIGNED.code,
            data={"task": task.pk, "node": info.node, "user": holder.get_username()},
        )
        _tell_assigned(task, case, holder, None)


def _clock_pause(info: TaskInfo, action: Action) -> dict[str, Any]:
    """The fields that stop a step's clock when ``action`` pauses it: the
    working days still left on it (none when already overdue)."""
    if not (action.pauses_clock and info.due):
        return {}
    today = timezone.localdate()
    return {"clock_left": max(0, working_days_between(today, info.due)), "paused_on": today}


# statuses the applicant member is told about (the decisions on the case)
DECISION_STATUSES = {"approved", "rejected", "closed", "lapsed", "settled", "failed"}


def _tell_applicant(case: Case, status_before: str) -> None:
    """Tell the applicant member (when they have an account) of a decision:
    the case approved, or ended. Sent only when the transaction commits."""
    status = case.case_status
    if status == status_before or not (status in DECISION_STATUSES or case.closed):
        return
    member = case.member
    user = member.user if member is not None else None
    if user is None:
        return
    from casework.notifications import messages
    from casework.notifications.services import notify

    subject, body = messages.decision(case, status)
    notify(
        key=f"decision:case:{case.pk}:{status}",
        recipients=[user],
        kind="decision",
        subject=subject,
        body=body,
        case=case,
    )


def _sync_status(case: Case, actor: Any, initial: bool = False, since: str | None = None) -> None:
    """The case status follows the open step (``status_by_node`` of the flow);
    the final statuses are set by the services that end the case. When the
    status moved since the step began (``since``: the status then, when the
    step's services may have set one), the report's copy of the case's
    figures is rewritten: grants, payments and rejections all move it."""
    before_step = case.case_status if since is None else since
    flow_class = case.flow_class
    open_tasks = Task.objects.filter(process_id=case.pk, status__in=OPEN + (STATUS.SCHEDULED,))
    new_status = None
    for task in open_tasks:
        mapped = flow_class.status_by_node.get(task.flow_task.name)
        if callable(mapped):  # a status that depends on the case (e.g. assigned / mediating)
            mapped = mapped(case, task)
        if isinstance(mapped, tuple):
            mapped = mapped[0] if task.status == STATUS.NEW else mapped[1]
        if mapped:
            new_status = mapped
            break
    if new_status and new_status != case.case_status:
        before = case.case_status
        case.case_status = new_status
        case.save(update_fields=["case_status"])
        if not initial:
            audit_record(
                case=case,
                actor=actor,
                type=events.STATUS_CHANGED.code,
                data={"from": before, "to": new_status},
            )
    if initial or case.case_status != before_step:
        figures_refresh([case.pk])


def _flatten_errors(errors: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in errors.items():
        if isinstance(value, dict):
            for sub, msgs in _flatten_errors(value).items():
                out[f"{name}.{sub}"] = msgs
        elif isinstance(value, list):
            out[name] = [str(m) if not isinstance(m, dict) else str(m) for m in value]
        else:
            out[name] = [str(value)]
    return out


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    user_model = get_user_model()
    return {
        key: value.get_username() if isinstance(value, user_model) else value
        for key, value in data.items()
    }
