"""Legal consultation (PROCESSES.md §5): one step or two. A consultation
that promises a follow-up (``later``, or a follow-up date) opens the
caseworkers' ``follow_up`` task, due on that date; any other closes at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.core.roles import CASEWORKER
from casework.legal import inputs, rules
from casework.legal import services as legal
from casework.legal.statuses import ConsultationStatus

from . import engine, gateways
from .base import CaseFlowMixin, task_page
from .steps import Action, Step


def _follow_up_promised(activation: Any) -> bool:
    c = activation.process.consultation
    return rules.needs_follow_up(c.outcome, c.follow_up_on)


def _follow_up_due(case: Any, today: dt.date) -> dt.date | None:
    return case.consultation.follow_up_on or today


def _close(activation: Any) -> None:
    case = activation.process
    legal.consultation_close(case=case, actor=case.submitted_by)


@engine.register_flow
class ConsultationFlow(CaseFlowMixin, flow.Flow):
    process_title = "Legal consultation"
    program = "consultation"
    title = _("Legal consultation")
    statuses = ConsultationStatus

    start = flow.StartHandle(this.start_case).Next(this.follow_up_gate)
    follow_up_gate = gateways.If(_follow_up_promised).Then(this.follow_up).Else(this.close)
    follow_up = flow.View(task_page).onCreate(engine.task_created).Next(this.end)
    close = flow.Function(_close).Annotation(title=_("Closed at once")).Next(this.end)

    end = flow.End()

    steps = {
        "follow_up": Step(
            title=_("Follow-up of the consultation"),
            roles=(CASEWORKER,),
            status=ConsultationStatus.OPEN,
            due=_follow_up_due,
            actions=(Action("done", inputs.FollowUpDoneInput, legal.consultation_follow_up_done),),
        ),
    }
