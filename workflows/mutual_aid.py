"""Medical mutual aid (PROCESSES.md §2): the graph, and its human steps as
data. The automatic ``assess`` step runs in the start handler (the claim
is assessed by ``claim_submit`` before the first task exists) and again
whenever the claim's figures change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.core.roles import CASEWORKER, FINANCE, MEDICAL_REVIEWER, SUPERVISOR
from casework.mutual_aid import inputs
from casework.mutual_aid import services as mutual_aid
from casework.mutual_aid.models import LUMP_SUM_PRODUCTS
from casework.mutual_aid.statuses import MutualAidStatus

from . import engine, gateways
from .base import CaseFlowMixin, decided, task_page
from .steps import Action, Step, working_days


def _reviewer(case: Any) -> set[int]:
    return {case.mutual_aid.reviewed_by_id} - {None}


def _is_lump_sum(activation: Any) -> bool:
    return activation.process.mutual_aid.plan.product in LUMP_SUM_PRODUCTS


@engine.register_flow
class MutualAidFlow(CaseFlowMixin, flow.Flow):
    process_title = "Medical mutual aid"
    program = "mutual_aid"
    title = _("Medical mutual aid")
    statuses = MutualAidStatus

    start = flow.StartHandle(this.start_case).Next(this.review)

    review = flow.View(task_page).onCreate(engine.task_created).Next(this.after_review)
    after_review = (
        gateways.Switch()
        .Case(this.lump_sum_gate, decided("accept"))
        .Case(this.supplement, decided("return"))
        .Default(this.end)
    )
    supplement = flow.View(task_page).onCreate(engine.task_created).Next(this.after_supplement)
    after_supplement = gateways.Switch().Case(this.review, decided("resubmit")).Default(this.end)

    lump_sum_gate = gateways.If(_is_lump_sum).Then(this.medical_review).Else(this.approve)
    medical_review = (
        flow.View(task_page).onCreate(engine.task_created).Next(this.after_medical_review)
    )
    after_medical_review = (
        gateways.Switch().Case(this.approve, decided("confirm")).Default(this.end)
    )

    approve = flow.View(task_page).onCreate(engine.task_created).Next(this.after_approve)
    after_approve = (
        gateways.Switch()
        .Case(this.pay, decided("approve"))
        .Case(this.review, decided("return"))
        .Default(this.end)
    )
    pay = flow.View(task_page).onCreate(engine.task_created).Next(this.end)

    end = flow.End()

    steps = {
        "review": Step(
            title=_("First review"),
            roles=(CASEWORKER,),
            status=(MutualAidStatus.SUBMITTED, MutualAidStatus.REVIEWING),
            withdrawable=True,
            due=working_days("mutual_aid.review_days"),
            actions=(
                Action("accept", inputs.ClaimAcceptInput, mutual_aid.claim_accept),
                Action(
                    "return",
                    inputs.ClaimReasonInput,
                    mutual_aid.claim_return,
                    pauses_clock=True,
                ),
                Action("reject", inputs.ClaimRejectInput, mutual_aid.claim_reject),
            ),
        ),
        "supplement": Step(
            title=_("Supplement the claim"),
            roles=(CASEWORKER,),
            status=MutualAidStatus.AWAITING_SUPPLEMENT,
            withdrawable=True,
            submitter_may_act=True,
            due=working_days("mutual_aid.supplement_days"),
            actions=(Action("resubmit", inputs.ClaimResubmitInput, mutual_aid.claim_resubmit),),
        ),
        "medical_review": Step(
            title=_("Medical review"),
            roles=(MEDICAL_REVIEWER,),
            status=MutualAidStatus.MEDICAL_REVIEW,
            withdrawable=True,
            due=working_days("mutual_aid.medical_review_days"),
            actions=(
                Action("confirm", inputs.SeverityInput, mutual_aid.claim_confirm_severity),
                Action("reject", inputs.ClaimReasonInput, mutual_aid.claim_approval_reject),
            ),
        ),
        "approve": Step(
            title=_("Approval"),
            roles=(SUPERVISOR,),
            status=MutualAidStatus.AWAITING_APPROVAL,
            withdrawable=True,
            due=working_days("mutual_aid.approve_days"),
            excluded_users=_reviewer,
            actions=(
                Action("approve", inputs.ClaimApproveInput, mutual_aid.claim_approve),
                Action("reject", inputs.ClaimReasonInput, mutual_aid.claim_approval_reject),
                Action("return", inputs.ClaimReasonInput, mutual_aid.claim_approval_return),
            ),
        ),
        "pay": Step(
            title=_("Payment"),
            roles=(FINANCE,),
            status=MutualAidStatus.APPROVED,
            due=working_days("mutual_aid.pay_days"),
            actions=(Action("pay", inputs.ClaimPayInput, mutual_aid.claim_pay),),
        ),
    }
    withdraw_roles = (CASEWORKER,)
