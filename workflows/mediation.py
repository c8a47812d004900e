"""Court–union labor-dispute mediation (PROCESSES.md §3): the graph, and
its human steps as data.

The time limit is a timer boundary on ``assign`` and ``mediate``: when the
deadline passes with no outcome, the open step is cancelled and
``deadline_decision`` opens; ``extend`` there reopens the interrupted step
(``mediate`` once a mediator was chosen, else ``assign``) under the new
deadline, ``return`` sends the case back to the court. A union mediation
(PROCESSES.md §5) has no court and no extension: a failed or refused one
ends ``unresolved`` (its service closes it), and its time limit ends it
``unresolved`` with no decision step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.core.roles import MEDIATION_COORDINATOR, MEDIATOR
from casework.mediation import inputs, outcomes, rules
from casework.mediation import services as mediation
from casework.mediation.models import MediationSession
from casework.mediation.selectors import mediators_with_caseload
from casework.mediation.statuses import MediationStatus

from . import engine, gateways
from .base import CaseFlowMixin, decided, task_page
from .steps import Action, Step, working_days


def _deadline_fires_at(activation: Any) -> dt.datetime:
    return rules.deadline_fires_at(activation.process.mediation.deadline)


def _deadline(case: Any, today: dt.date) -> dt.date:
    return case.mediation.deadline


def _assign_due(case: Any, today: dt.date) -> dt.date:
    """Assignment is due in its working days, but never after the deadline."""
    return min(working_days("mediation.assign_days")(case, today), case.mediation.deadline)


def _performance_due(case: Any, today: dt.date) -> dt.date | None:
    return case.mediation.performance_due


def _mediator(case: Any) -> Any:
    return case.mediation.mediator


def _union(activation: Any) -> bool:
    return bool(activation.process.mediation.union)


def _to_court(activation: Any) -> bool:
    """A failed or refused court referral goes back to its court (a union
    mediation has ended ``unresolved``)."""
    failed = decided("fail")(activation) or decided("refuse")(activation)
    return failed and not _union(activation)


def _timed_out(activation: Any) -> None:
    outcomes.mediation_timed_out(case=activation.process)


def _reopens_mediate(activation: Any) -> bool:
    return decided("extend")(activation) and activation.process.mediation.mediator_id is not None


def _mediate_status(case: Any, task: Any) -> str:
    """``assigned`` until the first session is logged, then ``mediating``."""
    logged = MediationSession.objects.filter(referral__case=case).exists()
    return MediationStatus.MEDIATING if logged else MediationStatus.ASSIGNED


def _deadline_detail(task: Any, user: Any) -> dict[str, Any]:
    """The case's time limit, shown on every task of the case."""
    referral = task.info.case.mediation
    today = timezone.localdate()
    return {
        "case_deadline": referral.deadline,
        "case_days_left": rules.days_left(referral.deadline, today),
        "extended": referral.extended,
    }


def _assign_detail(task: Any, user: Any) -> dict[str, Any]:
    """The mediators the coordinator may choose, with their open caseload."""
    return {
        **_deadline_detail(task, user),
        "caseload": mediators_with_caseload(task.info.case.org_unit),
    }


@engine.register_flow
class MediationFlow(CaseFlowMixin, flow.Flow):
    process_title = "Labor-dispute mediation"
    program = "mediation"
    title = _("Labor-dispute mediation")
    statuses = MediationStatus

    start = flow.StartHandle(this.start_case).Next(this.assign)

    assign = (
        flow.View(task_page)
        .onCreate(engine.task_created)
        .OnTimeout(_deadline_fires_at, this.after_deadline, title=_("time limit passes"))
        .Next(this.mediate)
    )
    mediate = (
        flow.View(task_page)
        .onCreate(engine.task_created)
        .OnTimeout(_deadline_fires_at, this.after_deadline, title=_("time limit passes"))
        .Next(this.after_mediate)
    )
    after_mediate = (
        gateways.Switch()
        .Case(this.follow_up, decided("settle"))
        .Case(this.return_to_court, _to_court)
        .Default(this.end)
    )
    # a union mediation has no extension: its time limit ends it
    after_deadline = gateways.Switch().Case(this.unresolved, _union).Default(this.deadline_decision)
    unresolved = flow.Function(_timed_out).Annotation(title=_("Ends unresolved")).Next(this.end)
    deadline_decision = flow.View(task_page).onCreate(engine.task_created).Next(this.after_decision)
    after_decision = (
        gateways.Switch()
        .Case(this.mediate, _reopens_mediate)
        .Case(this.assign, decided("extend"))
        .Default(this.return_to_court)
    )
    follow_up = flow.View(task_page).onCreate(engine.task_created).Next(this.end)
    return_to_court = flow.View(task_page).onCreate(engine.task_created).Next(this.end)

    end = flow.End()

    steps = {
        "assign": Step(
            title=_("Assign a mediator"),
            roles=(MEDIATION_COORDINATOR,),
            status=MediationStatus.REGISTERED,
            due=_assign_due,
            actions=(Action("assign", inputs.MediationAssignInput, mediation.mediation_assign),),
            extra={"detail": _assign_detail},
        ),
        "mediate": Step(
            title=_("Mediation"),
            roles=(MEDIATOR,),
            status=_mediate_status,
            statuses=(MediationStatus.ASSIGNED, MediationStatus.MEDIATING),
            due=_deadline,
            assignee=_mediator,
            on_assigned=mediation.referral_mediator_set,
            actions=(
                Action("settle", inputs.MediationSettleInput, outcomes.mediation_settle),
                Action("fail", inputs.MediationFailInput, outcomes.mediation_fail),
                Action("withdraw", inputs.MediationReasonInput, outcomes.mediation_withdraw),
                Action("refuse", inputs.MediationReasonInput, outcomes.mediation_refuse),
            ),
            extra={"detail": _deadline_detail},
        ),
        "deadline_decision": Step(
            title=_("Time limit passed: extend or return"),
            roles=(MEDIATION_COORDINATOR,),
            status=MediationStatus.AWAITING_DECISION,
            due=working_days("mediation.decision_days"),
            actions=(
                Action("extend", inputs.MediationExtendInput, mediation.mediation_decision_extend),
                Action("return", inputs.MediationReasonInput, outcomes.mediation_decision_return),
            ),
            extra={"detail": _deadline_detail},
        ),
        "follow_up": Step(
            title=_("Follow-up of the agreement"),
            roles=(MEDIATOR,),
            status=MediationStatus.FOLLOW_UP,
            due=_performance_due,
            assignee=_mediator,
            on_assigned=mediation.referral_mediator_set,
            actions=(
                Action("fulfilled", inputs.MediationFollowUpInput, outcomes.mediation_fulfilled),
                Action(
                    "unfulfilled", inputs.MediationUnfulfilledInput, outcomes.mediation_unfulfilled
                ),
            ),
        ),
        "return_to_court": Step(
            title=_("Return to the court"),
            roles=(MEDIATION_COORDINATOR,),
            status=MediationStatus.RETURNING,
            due=working_days("mediation.return_days"),
            actions=(
                Action("returned", inputs.MediationReturnedInput, outcomes.mediation_returned),
            ),
        ),
    }
