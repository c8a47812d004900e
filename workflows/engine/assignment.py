"""Who holds a task: claim, release, reassign."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.models import Case

from ..task_states import TAKEABLE
from .access import manages, may_take
from .locking import locked
from .refusals import refuse
from .starting import tell_assigned
from .status_sync import sync_status


def assign(act: Any, user: Any, case: Case, actor: Any) -> None:
    """Give the activation's task to ``user`` (claimed by them, or given by
    ``actor``), audited."""
    act.task.assigned = timezone.now()
    act.assign(user)
    audit_record(
        case=case,
        actor=actor,
        type=events.TASK_CLAIMED.code if actor == user else events.TASK_REASSIGNED.code,
        data={"task": act.task.pk, "node": act.task.flow_task.name, "user": user.get_username()},
    )
    tell_assigned(act.task, case, user, actor)


def task_claim(task: Task, user: Any) -> Task:
    """Take an open task. Idempotent for its holder; 409 when someone else
    holds it or it is closed; 403 when the user may not take the step."""
    with locked(task, user, pending=True) as act:
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
        refuse(may_take(user, task))
        case = act.process
        assign(act, user, case, user)
        sync_status(case, user, pending=task.pending)
    return task


def task_release(task: Task, user: Any) -> Task:
    """Put a claimed task back in its queue: its holder, or a supervisor /
    coordinator of the case's scope."""
    with locked(task, user, pending=True) as act:
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
        sync_status(case, user, pending=task.pending)
    return task


def _reassign_held(act: Any, case: Case, actor: Any, to_user: Any) -> None:
    """Move a claimed task from its holder to ``to_user``, audited."""
    task = act.task
    before = task.owner.get_username() if task.owner else None
    task.assigned = timezone.now()
    act.reassign(user=to_user)
    tell_assigned(task, case, to_user, actor)
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


def task_reassign(task: Task, actor: Any, to_user: Any) -> Task:
    """Give an open task to ``to_user`` (supervisor or coordinator only); the
    new holder must be allowed to take the step."""
    with locked(task, actor, pending=True) as act:
        task = act.task
        if not manages(actor, task):
            raise Forbidden(_("only a supervisor or coordinator may reassign tasks"))
        if task.status not in TAKEABLE:
            raise Conflict(_("task %(task)s is not open") % {"task": task.pk}, code="task_closed")
        refusal = may_take(to_user, task)
        if refusal is not None:
            raise InvalidInput(
                _("%(user)s may not take this task: %(reason)s")
                % {"user": to_user.get_username(), "reason": refusal.message},
                fields={"user": [refusal.message]},
            )
        case = act.process
        if task.status == STATUS.ASSIGNED:
            _reassign_held(act, case, actor, to_user)
        else:
            assign(act, to_user, case, actor)
        sync_status(case, actor, pending=task.pending)
    return task
