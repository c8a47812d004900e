"""The yearly hardship-roster review (PROCESSES.md §1): a one-step flow the
due-work sweep starts when a roster entry's review is due."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casework.core.roles import CASEWORKER
from casework.relief import roster
from casework.relief.statuses import RosterReviewStatus

from . import engine
from .base import CaseFlowMixin, task_page
from .steps import Action, Step, working_days


@engine.register_flow
class RosterReviewFlow(CaseFlowMixin, flow.Flow):
    process_title = "Hardship roster review"
    program = "roster_review"
    title = _("Roster review")
    statuses = RosterReviewStatus

    start = flow.StartHandle(this.start_case).Next(this.review)
    review = flow.View(task_page).onCreate(engine.task_created).Next(this.end)
    end = flow.End()

    steps = {
        "review": Step(
            title=_("Yearly roster review"),
            roles=(CASEWORKER,),
            status=(RosterReviewStatus.REVIEW_DUE, RosterReviewStatus.REVIEWING),
            due=working_days("relief.roster_review_days"),
            actions=(
                Action("continue", roster.ContinueInput, roster.roster_continue),
                Action(
                    "change_category", roster.ChangeCategoryInput, roster.roster_change_category
                ),
                Action("exit", roster.ExitInput, roster.roster_exit),
            ),
        ),
    }
