"""What every case flow shares: the process class (``Case``), the row lock,
and the start handler that numbers and audits a new case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from viewflow.workflow.lock import SelectForUpdateLock

from casework.audit import registry as events
from casework.audit.services import NEW_CHAIN, audit_record, case_chain_begin
from casework.core.models import Case, Member, OrgUnit
from casework.core.services import case_number_allocate

from .boundary_timers import timers_scheduled_on_create
from .savepoints import savepoints_kept
from .steps import Step, StepStatus

# program → its flow class, as the flow modules are loaded (the workflows
# app loads them all when Django starts)
DECLARED_FLOWS: dict[str, Any] = {}


def decided(action: str) -> Callable[[Any], bool]:
    """Switch condition: the step just completed took ``action``."""
    return lambda activation: (activation.process.data or {}).get("last_action") == action


def task_page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Viewflow wants a view per human node; tasks are driven through the API
    (and later the task pages), so send the browser there."""
    return HttpResponseRedirect(f"/api/tasks/{kwargs.get('task_pk', '')}/")


class CaseFlowMixin:
    process_class = Case
    # block on the process row: two claims or payments queue, never interleave
    lock_impl = SelectForUpdateLock(nowait=False, attempts=1)
    # the case's program record a step reads with its task under the lock
    # (``engine.locking.fetch``), when the program's services take it from
    # the case (``case.relief``)
    case_detail: ClassVar[str | None] = None

    program: ClassVar[str] = ""
    # the program's name as people read it, and its case statuses (labels)
    title: ClassVar[Any] = ""
    statuses: ClassVar[type[models.TextChoices] | None] = None
    steps: ClassVar[dict[str, Step]] = {}
    # read from ``steps`` when the flow class is made (``Step.status``,
    # ``Step.withdrawable``), never declared apart from them:
    # node → case status while that node is open
    status_by_node: ClassVar[dict[str, StepStatus]] = {}
    withdrawable_statuses: ClassVar[tuple[str, ...]] = ()
    withdraw_roles: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        timers_scheduled_on_create(getattr(cls, "_nodes_by_name", {}).values())
        cls.status_by_node = {name: step.status for name, step in cls.steps.items() if step.status}
        cls.withdrawable_statuses = tuple(
            dict.fromkeys(
                status
                for step in cls.steps.values()
                if step.withdrawable
                for status in step.case_statuses()
            )
        )
        if cls.program:
            DECLARED_FLOWS[cls.program] = cls

    @classmethod
    def status_label(cls, status: str) -> Any:
        """The words for one of the program's case statuses (the code itself
        when the program does not declare it)."""
        if cls.statuses is not None and status in cls.statuses.values:
            return cls.statuses(status).label
        return status

    def start_case(
        self,
        activation: Any,
        *,
        actor: Any,
        member: Member | None,
        org_unit: OrgUnit,
        status: str,
        details: Callable[[Case], None],
        summary: dict[str, Any],
    ) -> Case:
        case: Case = activation.process
        case.case_number = case_number_allocate(
            program=self.program, year=timezone.localdate().year
        )
        case.program = self.program
        case.case_status = status
        case.org_unit = org_unit
        case.member = member
        case.submitted_by = actor
        case.data = {}
        case.save()
        # the new row is this transaction's own until it commits: no other
        # writer reaches its chain, which is as good as holding its lock;
        # ``case_start`` writes the start's events when the start is done
        case_chain_begin(case, head=NEW_CHAIN)
        activation.task.owner = actor
        with savepoints_kept():  # its own savepoints (the start's are off)
            details(case)
        audit_record(
            case=case,
            actor=actor,
            type=events.CASE_CREATED.code,
            data={
                "case_number": case.case_number,
                "program": self.program,
                "status": status,
                **summary,
            },
        )
        return case
