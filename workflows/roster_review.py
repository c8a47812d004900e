"""The yearly hardship-roster review (PROCESSES.md §1): a one-step flow the
due-work sweep starts when a roster entry's review is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from casework.core.calendar import add_working_days
from casework.core.roles import CASEWORKER
from casework.relief import roster

from . import engine
from .base import CaseFlowMixin, task_page
from .steps import Action, Step

# PROCESSES.md gives the review no due date; a caseworker has the same time
# as for a home visit (``relief.verify_days`` would tie the two together)
REVIEW_WORKING_DAYS = 10


def _review_due(case: Any, today: dt.date) -> dt.date:
    return add_working_days(today, REVIEW_WORKING_DAYS)


@engine.register_flow
class RosterReviewFlow(CaseFlowMixin, flow.Flow):
    process_title = "Hardship roster review"
    program = "roster_review"

    start = flow.StartHandle(this.start_case).Next(this.review)
    review = flow.View(task_page).onCreate(engine.task_created).Next(this.end)
    end = flow.End()

    steps = {
        "review": Step(
            title="Yearly roster review",
            roles=(CASEWORKER,),
            due=_review_due,
            actions=(
                Action("continue", roster.ContinueInput, roster.roster_continue),
                Action(
                    "change_category", roster.ChangeCategoryInput, roster.roster_change_category
                ),
                Action("exit", roster.ExitInput, roster.roster_exit),
            ),
        ),
    }
    status_by_node = {"review": ("review_due", "reviewing")}
