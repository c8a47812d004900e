"""Legal aid (PROCESSES.md §5): review (accept, refuse, or return to the
applicant with the clock paused), approval by a supervisor who did not
review it, the lawyer's assignment with its 委派函, and the closing with
the result and the closing report. Refusals end the case ``refused`` with
a refusal letter."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.core.roles import CASEWORKER, SUPERVISOR
from casework.legal import aid
from casework.legal import aid_inputs as inputs
from casework.legal.statuses import LegalAidStatus

from . import engine, gateways
from .base import CaseFlowMixin, decided, task_page
from .steps import Action, Step, working_days

# the mediation's ``refuse`` reads "the party refused mediation": this one is
# the union's refusal of legal aid
REFUSE = _("Refuse legal aid")


def _reviewer(case: Any) -> set[int]:
    """Four-eyes: who accepted the application may not approve it."""
    return {case.legal_aid.reviewed_by_id} - {None}


@engine.register_flow
class LegalAidFlow(CaseFlowMixin, flow.Flow):
    process_title = "Legal aid"
    program = "legal_aid"
    title = _("Legal aid")
    statuses = LegalAidStatus

    start = flow.StartHandle(this.start_case).Next(this.review)

    review = flow.View(task_page).onCreate(engine.task_created).Next(this.after_review)
    after_review = (
        gateways.Switch()
        .Case(this.approve, decided("accept"))
        .Case(this.supplement, decided("return"))
        .Default(this.end)
    )
    supplement = flow.View(task_page).onCreate(engine.task_created).Next(this.review)
    approve = flow.View(task_page).onCreate(engine.task_created).Next(this.after_approve)
    after_approve = gateways.Switch().Case(this.assign, decided("approve")).Default(this.end)
    assign = flow.View(task_page).onCreate(engine.task_created).Next(this.close)
    close = flow.View(task_page).onCreate(engine.task_created).Next(this.end)

    end = flow.End()

    steps = {
        "review": Step(
            title=_("Review of the legal-aid application"),
            roles=(CASEWORKER,),
            status=(LegalAidStatus.SUBMITTED, LegalAidStatus.REVIEWING),
            withdrawable=True,
            due=working_days("legal_aid.review_days"),
            actions=(
                Action("accept", inputs.AidCommentInput, aid.aid_accept),
                Action("refuse", inputs.AidReasonInput, aid.aid_refuse, label=REFUSE),
                Action("return", inputs.AidReasonInput, aid.aid_return, pauses_clock=True),
            ),
        ),
        "supplement": Step(
            title=_("Supplement the application"),
            roles=(CASEWORKER,),
            status=LegalAidStatus.AWAITING_SUPPLEMENT,
            withdrawable=True,
            submitter_may_act=True,
            due=working_days("legal_aid.supplement_days"),
            actions=(Action("resubmit", inputs.AidResubmitInput, aid.aid_resubmit),),
        ),
        "approve": Step(
            title=_("Approval of the legal aid"),
            roles=(SUPERVISOR,),
            status=LegalAidStatus.AWAITING_APPROVAL,
            withdrawable=True,
            due=working_days("legal_aid.approve_days"),
            excluded_users=_reviewer,
            actions=(
                Action("approve", inputs.AidCommentInput, aid.aid_approve),
                Action("refuse", inputs.AidReasonInput, aid.aid_refuse, label=REFUSE),
            ),
        ),
        "assign": Step(
            title=_("Assign the lawyer"),
            roles=(CASEWORKER,),
            status=LegalAidStatus.ASSIGNING,
            due=working_days("legal_aid.assign_days"),
            actions=(Action("assign", inputs.AidAssignInput, aid.aid_assign),),
        ),
        "close": Step(
            title=_("Closing of the legal aid"),
            roles=(CASEWORKER,),
            status=LegalAidStatus.IN_PROGRESS,
            actions=(Action("close", inputs.AidCloseInput, aid.aid_close),),
        ),
    }
    withdraw_roles = (CASEWORKER,)
