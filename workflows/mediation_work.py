"""The mediation writes that are not task actions — a session logged, the
time limit extended — under the flow's lock as the engine takes it; the
mediation services decide and refuse, this module tells them which steps are
open and moves the deadline's timer and due date after an extension."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit.services import case_chain
from casework.core.models import Case
from casework.mediation import rules
from casework.mediation.models import MediationSession, Referral
from casework.mediation.services import extension_record, session_record

from .models import TaskInfo
from .task_states import OPEN


@contextmanager
def _case_locked(case: Case) -> Iterator[Case]:
    """The flow's row lock and the case read under it, its audit chain open."""
    with case.flow_class.lock(case.pk):
        locked = Case.objects.select_related("org_unit").get(pk=case.pk)
        with case_chain(locked):
            yield locked


def _open_steps(case: Case) -> set[str]:
    return set(
        TaskInfo.objects.filter(case=case, task__status__in=OPEN).values_list("node", flat=True)
    )


@transaction.atomic
def mediation_session_log(*, case: Case, actor: Any, **fields: Any) -> MediationSession:
    """Log a session (``session_record`` says who may and when)."""
    with _case_locked(case) as locked:
        return session_record(case=locked, actor=actor, open_steps=_open_steps(locked), **fields)


@transaction.atomic
def mediation_extend(*, case: Case, actor: Any, **consents: bool) -> Referral:
    """Extend the time limit once (``extension_record``), then move the
    armed deadline timer and the open ``mediate`` task's due date."""
    with _case_locked(case) as locked:
        referral = extension_record(
            case=locked, actor=actor, open_steps=_open_steps(locked), **consents
        )
        Task.objects.filter(
            process_id=locked.pk, flow_task_type="TIMER", status=STATUS.SCHEDULED
        ).update(scheduled=rules.deadline_fires_at(referral.deadline))
        TaskInfo.objects.filter(case=locked, node="mediate", task__status__in=OPEN).update(
            due=referral.deadline
        )
    return referral
