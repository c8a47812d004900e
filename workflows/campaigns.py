"""Seasonal relief campaigns (PROCESSES.md §4): the graph of a nomination
list, and its human steps as data. The review is the campaign unit's (a
caseworker of a unit below it may not take it), the approval its
supervisor's who did not review the list (four-eyes), the issue finance's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.campaigns import disbursement, inputs
from casework.campaigns import services as campaigns
from casework.campaigns.statuses import CampaignListStatus
from casework.core.roles import CASEWORKER, FINANCE, SUPERVISOR

from . import engine, gateways
from .base import CaseFlowMixin, decided, task_page
from .steps import Action, Step, working_days


def _notice_end(case: Any, today: dt.date) -> dt.date | None:
    return case.campaign_list.notice_ends_on


def _notice_fires_at(activation: Any) -> dt.datetime:
    """The notice runs to the end of its last working day."""
    ends_on = activation.process.campaign_list.notice_ends_on
    return timezone.make_aware(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min))


def _below_campaign_unit(case: Any) -> set[int]:
    """Users of the units under the campaign's unit: the nominating unions
    take no step of the county's (review, approval, issue)."""
    unit = case.campaign_list.campaign.org_unit
    return set(
        get_user_model()
        .objects.filter(profile__org_unit__path__startswith=unit.path)
        .exclude(profile__org_unit=unit)
        .values_list("pk", flat=True)
    )


def _not_reviewer(case: Any) -> set[int]:
    return _below_campaign_unit(case) | ({case.campaign_list.reviewed_by_id} - {None})


@engine.register_flow
class CampaignListFlow(CaseFlowMixin, flow.Flow):
    process_title = "Seasonal relief campaign"
    program = "campaign"
    title = _("Seasonal relief campaign")
    statuses = CampaignListStatus

    start = flow.StartHandle(this.start_case).Next(this.review)

    review = flow.View(task_page).onCreate(engine.task_created).Next(this.after_review)
    after_review = (
        gateways.Switch()
        .Case(this.notice_gate, decided("verify"))
        .Case(this.revise, decided("return"))
        .Default(this.end)
    )
    revise = flow.View(task_page).onCreate(engine.task_created).Next(this.review)
    notice_gate = (
        gateways.If(lambda act: act.process.campaign_list.notice_ends_on is not None)
        .Then(this.public_notice)
        .Else(this.approve)
    )
    public_notice = (
        flow.View(task_page)
        .onCreate(engine.task_created)
        .OnTimeout(_notice_fires_at, this.approve, title=_("notice period ends"))
        .Next(this.review)
    )
    approve = flow.View(task_page).onCreate(engine.task_created).Next(this.after_approve)
    after_approve = (
        gateways.Switch()
        .Case(this.disburse, decided("approve"))
        .Case(this.review, decided("return"))
        .Default(this.end)
    )
    disburse = flow.View(task_page).onCreate(engine.task_created).Next(this.end)

    end = flow.End()

    steps = {
        "review": Step(
            title=_("Review of the list"),
            roles=(CASEWORKER,),
            status=(CampaignListStatus.SUBMITTED, CampaignListStatus.REVIEWING),
            withdrawable=True,
            due=working_days("campaign.review_days"),
            excluded_users=_below_campaign_unit,
            actions=(
                Action("verify", inputs.VerifyInput, campaigns.list_verify),
                Action("return", inputs.ReasonInput, campaigns.list_return, pauses_clock=True),
            ),
        ),
        "revise": Step(
            title=_("Revise the list"),
            roles=(CASEWORKER,),
            status=CampaignListStatus.REVISING,
            withdrawable=True,
            submitter_may_act=True,
            due=working_days("campaign.revise_days"),
            actions=(Action("resubmit", inputs.ResubmitInput, campaigns.list_resubmit),),
        ),
        "public_notice": Step(
            title=_("Public notice of the list"),
            roles=(CASEWORKER,),
            status=CampaignListStatus.PUBLIC_NOTICE,
            due=_notice_end,
            excluded_users=_below_campaign_unit,
            actions=(Action("object", inputs.ObjectInput, campaigns.list_object),),
        ),
        "approve": Step(
            title=_("Approval of the list"),
            roles=(SUPERVISOR,),
            status=CampaignListStatus.AWAITING_APPROVAL,
            due=working_days("campaign.approve_days"),
            excluded_users=_not_reviewer,
            actions=(
                Action("approve", inputs.ApproveInput, campaigns.list_approve),
                Action("return", inputs.ReasonInput, campaigns.list_approval_return),
                Action("reject", inputs.ReasonInput, campaigns.list_reject),
            ),
        ),
        "disburse": Step(
            title=_("Issue of the grants"),
            roles=(FINANCE,),
            status=CampaignListStatus.DISBURSING,
            due=working_days("campaign.disburse_days"),
            excluded_users=_below_campaign_unit,
            actions=(Action("close", inputs.CloseInput, disbursement.list_close),),
        ),
    }
    withdraw_roles = (CASEWORKER,)
