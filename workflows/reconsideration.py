"""Reconsideration (PROCESSES.md §6): one step, ``review``, for a
supervisor of the original case's county who took no part in the original
decision (four-eyes across the two cases, read from the engine's task
records of the original). ``uphold`` tells the member why; ``overturn``
opens a new case of the original program, pre-filled from it
(``reopen.REOPEN_INTAKES``) and linked both ways."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from viewflow import this
from viewflow.workflow import flow

from casework.core.models import Case, OrgUnit
from casework.core.roles import SUPERVISOR
from casework.notifications.messages import Message
from casework.notifications.services import notify
from casework.reconsideration import inputs
from casework.reconsideration import services as reconsideration
from casework.reconsideration.statuses import ReconsiderationStatus

from . import engine
from .base import CaseFlowMixin, task_page
from .intake import case_open
from .models import TaskInfo
from .reopen import REOPEN_INTAKES
from .steps import Action, Step, working_days


def _county_of(unit: OrgUnit) -> OrgUnit | None:
    """The county federation the unit belongs to (itself when a county)."""
    if unit.level == OrgUnit.Level.COUNTY:
        return unit
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    return OrgUnit.objects.filter(pk__in=ids, level=OrgUnit.Level.COUNTY).first()


def took_part(case: Any) -> set[int]:
    """Who may not review: everyone who completed a step of the original
    case (its deciders), and the staff of the units below its county (the
    review is the county's)."""
    original = case.reconsideration.original
    deciders = set(
        TaskInfo.objects.filter(case=original, completed_by__isnull=False).values_list(
            "completed_by", flat=True
        )
    )
    county = _county_of(original.org_unit)
    below: set[int] = set()
    if county is not None:
        below = set(
            get_user_model()
            .objects.filter(profile__org_unit__path__startswith=county.path)
            .exclude(profile__org_unit=county)
            .values_list("pk", flat=True)
        )
    return deciders | below


def _tell(case: Case, status: str, reason: str, reopened: Case | None = None) -> None:
    """Tell the member the decision and its reason (under the key of the
    engine's decision notice, which then is not sent twice)."""
    member = case.member
    user = member.user if member is not None else None
    if user is None:
        return
    rec = case.reconsideration
    params = {
        "case": case.case_number,
        "original": rec.original.case_number,
        "status": ReconsiderationStatus(status).label,
        "reason": reason,
        "new": reopened.case_number if reopened else "",
    }
    body = (
        gettext_noop(
            "Your request %(case)s to reconsider %(original)s: %(status)s. "
            "Reason: %(reason)s. Your case continues as %(new)s."
        )
        if reopened
        else gettext_noop(
            "Your request %(case)s to reconsider %(original)s: %(status)s. Reason: %(reason)s"
        )
    )
    notify(
        key=f"decision:case:{case.pk}:{status}",
        recipients=[user],
        kind="decision",
        subject=Message(gettext_noop("Your case %(case)s: %(status)s"), params),
        body=Message(body, params),
        case=case,
    )


def reconsideration_uphold(*, case: Case, actor: Any, reason: str) -> None:
    reconsideration.reconsideration_uphold(case=case, actor=actor, reason=reason)
    _tell(case, ReconsiderationStatus.UPHELD, reason)


def reconsideration_overturn(*, case: Case, actor: Any, reason: str) -> None:
    """Overturn, open the original's program again pre-filled, link both ways."""
    rec = reconsideration.reconsideration_overturn(case=case, actor=actor, reason=reason)
    original = rec.original
    reopened = case_open(REOPEN_INTAKES[original.program](original, actor=actor), actor=actor)
    reconsideration.reconsideration_reopened(case=case, reopened=reopened, actor=actor)
    _tell(case, ReconsiderationStatus.OVERTURNED, reason, reopened)


@engine.register_flow
class ReconsiderationFlow(CaseFlowMixin, flow.Flow):
    process_title = "Reconsideration"
    program = "reconsideration"
    title = _("Reconsideration")
    statuses = ReconsiderationStatus

    start = flow.StartHandle(this.start_case).Next(this.review)
    review = flow.View(task_page).onCreate(engine.task_created).Next(this.end)
    end = flow.End()

    steps = {
        "review": Step(
            title=_("Review of the reconsideration"),
            roles=(SUPERVISOR,),
            status=ReconsiderationStatus.REVIEWING,
            due=working_days("reconsideration.review_days"),
            excluded_users=took_part,
            actions=(
                Action("uphold", inputs.DecisionInput, reconsideration_uphold),
                Action("overturn", inputs.DecisionInput, reconsideration_overturn),
            ),
        ),
    }
