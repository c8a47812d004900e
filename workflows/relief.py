"""Hardship relief (PROCESSES.md §1): the graph, and its human steps as data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.core.roles import CASEWORKER, FINANCE, SUPERVISOR
from casework.relief import inputs
from casework.relief import services as relief
from casework.relief.statuses import ReliefStatus

from . import engine, gateways
from .base import CaseFlowMixin, decided, task_page
from .steps import Action, Step, working_days


def _notice_end(case: Any, today: dt.date) -> dt.date | None:
    return case.relief.notice_ends_on


def _notice_fires_at(activation: Any) -> dt.datetime:
    """The notice runs to the end of its last working day; the flow moves on
    at the first due-work run after midnight."""
    ends_on = activation.process.relief.notice_ends_on
    return timezone.make_aware(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min))


def _recommender(case: Any) -> set[int]:
    return {case.relief.recommended_by_id} - {None}


def _approvers(case: Any) -> set[int]:
    return {case.relief.recommended_by_id, case.relief.approved_by_id} - {None}


@engine.register_flow
class ReliefFlow(CaseFlowMixin, flow.Flow):
    process_title = "Hardship relief"
    program = "relief"
    case_detail = "relief"
    title = _("Hardship relief")
    statuses = ReliefStatus

    start = flow.StartHandle(this.start_case).Next(this.verify)

    verify = flow.View(task_page).onCreate(engine.task_created).Next(this.after_verify)
    after_verify = (
        gateways.Switch()
        .Case(this.notice_gate, decided("recommend"))
        .Case(this.supplement, decided("return"))
        .Default(this.end)
    )
    supplement = flow.View(task_page).onCreate(engine.task_created).Next(this.after_supplement)
    after_supplement = gateways.Switch().Case(this.verify, decided("resubmit")).Default(this.end)

    notice_gate = (
        gateways.If(lambda act: act.process.relief.notice_ends_on is not None)
        .Then(this.public_notice)
        .Else(this.approve)
    )
    public_notice = (
        flow.View(task_page)
        .onCreate(engine.task_created)
        .OnTimeout(_notice_fires_at, this.approve, title=_("notice period ends"))
        .Next(this.verify)
    )

    approve = flow.View(task_page).onCreate(engine.task_created).Next(this.after_approve)
    after_approve = (
        gateways.Switch()
        .Case(this.senior_gate, decided("approve"))
        .Case(this.verify, decided("return"))
        .Default(this.end)
    )
    senior_gate = (
        gateways.If(lambda act: act.process.relief.needs_senior_approval)
        .Then(this.approve_senior)
        .Else(this.disburse)
    )
    approve_senior = flow.View(task_page).onCreate(engine.task_created).Next(this.after_senior)
    after_senior = gateways.Switch().Case(this.disburse, decided("approve")).Default(this.end)

    disburse = flow.View(task_page).onCreate(engine.task_created).Next(this.end)

    end = flow.End()

    steps = {
        "verify": Step(
            title=_("Home visit and verification"),
            roles=(CASEWORKER,),
            status=(ReliefStatus.SUBMITTED, ReliefStatus.VERIFYING),
            withdrawable=True,
            due=working_days("relief.verify_days"),
            actions=(
                Action("recommend", inputs.RecommendInput, relief.relief_recommend),
                Action("return", inputs.ReasonInput, relief.relief_return, pauses_clock=True),
                Action("reject", inputs.RejectInput, relief.relief_reject),
            ),
        ),
        "supplement": Step(
            title=_("Supplement the application"),
            roles=(CASEWORKER,),
            status=ReliefStatus.AWAITING_SUPPLEMENT,
            withdrawable=True,
            submitter_may_act=True,
            due=working_days("relief.supplement_days"),
            actions=(
                Action("resubmit", inputs.ResubmitInput, relief.relief_resubmit),
                Action(
                    "lapse",
                    inputs.OptionalReasonInput,
                    relief.relief_lapse,
                    roles=(SUPERVISOR,),
                    overdue_only=True,
                ),
            ),
        ),
        "public_notice": Step(
            title=_("Public notice"),
            roles=(CASEWORKER,),
            status=ReliefStatus.PUBLIC_NOTICE,
            withdrawable=True,
            due=_notice_end,
            actions=(Action("object", inputs.ObjectInput, relief.relief_object),),
        ),
        "approve": Step(
            title=_("Approval"),
            roles=(SUPERVISOR,),
            status=ReliefStatus.AWAITING_APPROVAL,
            withdrawable=True,
            due=working_days("relief.approve_days"),
            excluded_users=_recommender,
            actions=(
                Action("approve", inputs.ApproveInput, relief.relief_approve),
                Action("reject", inputs.ReasonInput, relief.relief_approval_reject),
                Action("return", inputs.ReasonInput, relief.relief_approval_return),
            ),
        ),
        "approve_senior": Step(
            title=_("Senior approval"),
            roles=(SUPERVISOR,),
            status=ReliefStatus.AWAITING_APPROVAL,
            withdrawable=True,
            due=working_days("relief.senior_approve_days"),
            excluded_users=_approvers,
            actions=(
                Action("approve", inputs.ApproveInput, relief.relief_senior_approve),
                Action("reject", inputs.ReasonInput, relief.relief_approval_reject),
            ),
        ),
        "disburse": Step(
            title=_("Payment"),
            roles=(FINANCE,),
            status=ReliefStatus.APPROVED,
            due=working_days("relief.disburse_days"),
            actions=(Action("pay", inputs.PayInput, relief.relief_pay),),
        ),
    }
    withdraw_roles = (CASEWORKER,)
