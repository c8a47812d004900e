"""Withdrawing a case while its flow allows it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.audit import registry as events
from casework.audit.services import audit_record, case_chain
from casework.core import text_limits
from casework.core.access import can_see_case, user_roles
from casework.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.core.models import Case

from .. import hooks
from ..models import TaskInfo

WITHDRAWN = "withdrawn"


def _may_withdraw(case: Case, actor: Any) -> None:
    """Refuse (404, 403, 409) unless ``actor`` sees the case, is its
    submitter or holds a withdraw role, and the case may still be withdrawn."""
    flow_class = case.flow_class
    if not can_see_case(actor, case):
        raise NotFound(_("case %(case)s not found") % {"case": case.case_number})
    is_submitter = case.submitted_by_id == actor.pk
    may_by_role = actor.is_superuser or user_roles(actor) & set(flow_class.withdraw_roles)
    if not (is_submitter or may_by_role):
        raise Forbidden(_("only the submitter or a caseworker may withdraw this case"))
    if case.case_status not in flow_class.withdrawable_statuses:
        raise Conflict(
            _("case %(case)s is %(status)s and can no longer be withdrawn")
            % {"case": case.case_number, "status": case.case_status},
            code="wrong_state",
        )


def _tasks_cancel(case: Case, actor: Any) -> None:
    """Cancel every task of the case that is not done, audited."""
    for task in Task.objects.filter(process_id=case.pk).exclude(
        status__in=[STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED]
    ):
        task.flow_task.activation_class(task).cancel()
        audit_record(
            case=case,
            actor=actor,
            type=events.TASK_CANCELED.code,
            data={"task": task.pk, "node": task.flow_task.name},
        )
    TaskInfo.objects.filter(case=case, open=True).update(open=False)


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
    with case.flow_class.lock(case.pk):
        case = Case.objects.select_related("org_unit", "member").get(pk=case.pk)
        with case_chain(case):
            _may_withdraw(case, actor)
            _tasks_cancel(case, actor)
            before = case.case_status
            case.status = PROCESS.CANCELED
            case.finished = case.closed = timezone.now()
            case.case_status = WITHDRAWN
            case.save(update_fields=["status", "finished", "closed", "case_status"])
            hooks.status_moved.send(case)
            audit_record(
                case=case, actor=actor, type=events.CASE_WITHDRAWN.code, data={"reason": reason}
            )
            audit_record(
                case=case,
                actor=actor,
                type=events.STATUS_CHANGED.code,
                data={"from": before, "to": WITHDRAWN},
            )
    return case
