"""The per-recipient writes of a nomination list that are not task actions
— a recipient verified or excluded during the review, a grant issued,
signed for or marked unreachable during the issue — under the flow's lock
as the engine takes it. Only the step's roles may write (403 first, in
any state); while the step is open, only who may take it (its scope and
exclusions); the campaign services decide and refuse,
this module tells them which steps are open."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from casework.audit.services import case_chain
from casework.campaigns import disbursement
from casework.campaigns.models import Recipient
from casework.campaigns.services import recipient_check
from casework.core.access import user_roles
from casework.core.models import Case

from .engine import may_take
from .engine.refusals import Refusal, refuse
from .models import TaskInfo
from .task_states import OPEN

# write → (the step it belongs to, the service)
WRITES: dict[str, tuple[str, Callable[..., Recipient]]] = {
    "check": ("review", recipient_check),
    "issue": ("disburse", disbursement.recipient_issue),
    "sign": ("disburse", disbursement.recipient_sign),
    "unreachable": ("disburse", disbursement.recipient_unreachable),
}


@contextmanager
def _case_locked(case: Case) -> Iterator[Case]:
    """The flow's row lock and the case read under it, its audit chain open."""
    with case.flow_class.lock(case.pk):
        locked = Case.objects.select_related("org_unit").get(pk=case.pk)
        with case_chain(locked):
            yield locked


def may_write(actor: Any, case: Case, write: str) -> None:
    """403 unless the actor has a role of the step the write belongs to,
    whatever the list's state (called before the input is read)."""
    node, _service = WRITES[write]
    roles = set(case.flow_class.steps[node].roles)
    if not (actor.is_superuser or roles & user_roles(actor)):
        raise Refusal.ROLE.error()


# list write → (the step it belongs to, the service)
LIST_WRITES: dict[str, tuple[str, Callable[..., list[Recipient]]]] = {
    "issue_remaining": ("disburse", disbursement.list_issue_remaining),
}


def _open_steps(actor: Any, case: Case, node: str) -> set[str]:
    """The open steps of the locked case; 403 unless the actor may take
    ``node`` when it is open."""
    infos = list(TaskInfo.objects.filter(case=case, task__status__in=OPEN).select_related("task"))
    for info in infos:
        info.case = case  # read under the lock with its unit: may_take reads no more
        if info.node == node:
            refuse(may_take(actor, info.task))
    return {info.node for info in infos}


@transaction.atomic
def list_write(*, case: Case, actor: Any, write: str, **fields: Any) -> list[Recipient]:
    """A write of many recipients of the list at once (the remaining grants
    issued), locked and checked as ``recipient_write``."""
    node, service = LIST_WRITES[write]
    roles = set(case.flow_class.steps[node].roles)
    if not (actor.is_superuser or roles & user_roles(actor)):
        raise Refusal.ROLE.error()
    with _case_locked(case) as locked:
        open_steps = _open_steps(actor, locked, node)
        result: list[Recipient] = service(case=locked, actor=actor, open_steps=open_steps, **fields)
        return result


@transaction.atomic
def recipient_write(
    *, case: Case, actor: Any, write: str, recipient_id: int, **fields: Any
) -> Recipient:
    """Lock the list's flow, check the actor may take the step the write
    belongs to (403 otherwise), then the service with the open steps."""
    node, service = WRITES[write]
    may_write(actor, case, write)
    with _case_locked(case) as locked:
        result: Recipient = service(
            case=locked,
            actor=actor,
            recipient_id=recipient_id,
            open_steps=_open_steps(actor, locked, node),
            **fields,
        )
        return result
