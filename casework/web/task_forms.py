"""What the task page's forms start with: the figures the case's records
already hold — the applied household figures on ``verify``, the
recommended amount on approval, the approved amount on payment — so nobody
types them again, and the choices a declaration cannot list because they
depend on the case (the severity classes of the claim's plan). The values
are read from the case's facts as the viewer may see them (the data of
``case_detail``, already logged), so a form shows nothing the page hides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from casework.campaigns.inputs import recipient_lines
from casework.mutual_aid.services import CLAIM_FIELDS
from casework.relief.services import APPLICATION_FIELDS
from workflows.campaigns import CampaignListFlow
from workflows.mediation import MediationFlow
from workflows.mutual_aid import MutualAidFlow
from workflows.relief import ReliefFlow

# a field → the facts it starts from, the first one the case holds
Sources = dict[str, tuple[str, ...]]


def _same(*names: str) -> Sources:
    return {name: (name,) for name in names}


# the application's fields, and the claim's figures (all but the class)
RELIEF_APPLICATION = _same(*APPLICATION_FIELDS)
CLAIM_FIGURES = _same(*(name for name in CLAIM_FIELDS if name != "severity_class"))

# keyed by the flows' own nodes (the step a task is at is ``task.flow_task``)
# and the action's name; a verification done before (a return, an
# objection) is offered again, else what the application declared
INITIAL: dict[tuple[Any, str], Sources] = {
    (ReliefFlow.verify, "recommend"): {
        "visit_date": ("visit_date",),
        "verified_annual_income": ("verified_annual_income", "household_annual_income"),
        "verified_rigid_expenses": ("verified_rigid_expenses", "rigid_expenses"),
        "household_size": ("verified_household_size", "household_size"),
        "accident_costs": ("accident_costs",),
        "recommended_amount": ("recommended_amount", "requested_amount"),
    },
    (ReliefFlow.supplement, "resubmit"): RELIEF_APPLICATION,
    (ReliefFlow.approve, "approve"): {"approved_amount": ("recommended_amount",)},
    (ReliefFlow.approve_senior, "approve"): {"approved_amount": ("approved_amount",)},
    (ReliefFlow.disburse, "pay"): {"amount": ("approved_amount",)},
    (MutualAidFlow.review, "accept"): _same("eligible_self_pay"),
    (MutualAidFlow.supplement, "resubmit"): CLAIM_FIGURES,
    (MutualAidFlow.medical_review, "confirm"): _same("severity_class"),
    (MutualAidFlow.pay, "pay"): {"amount": ("approved_amount",)},
    (MediationFlow.follow_up, "fulfilled"): _same("judicial_confirmation"),
    (MediationFlow.follow_up, "unfulfilled"): _same("judicial_confirmation"),
}


# (node, action) → the values made from the facts (not one fact as it is):
# a campaign list's correction starts from the list, one recipient a line
COMPUTED: dict[tuple[Any, str], Callable[[dict[str, Any]], dict[str, Any]]] = {
    (CampaignListFlow.revise, "resubmit"): lambda data: {
        "recipients": recipient_lines(data.get("recipients") or [])
    },
}


def _as_input(value: Any) -> Any:
    """A fact as an input's value: a date as ``YYYY-MM-DD``, money already
    a string (``case_detail`` gives it so)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def initial_values(task: Any, action: str, data: dict[str, Any]) -> dict[str, Any]:
    """The values ``action``'s form on ``task`` starts with, from the case's
    facts ``data``; a fact the case does not hold (or hides) is left out."""
    sources = INITIAL.get((task.flow_task, action), {})
    values: dict[str, Any] = {}
    for field, names in sources.items():
        found = next((data[n] for n in names if data.get(n) not in (None, "")), None)
        if found is not None:
            values[field] = _as_input(found)
    computed = COMPUTED.get((task.flow_task, action))
    if computed is not None:
        values.update(computed(data))
    return values


def _severity_classes(task: Any) -> list[tuple[str, str]]:
    """The classes the claim's plan pays a lump sum for, with the sum."""
    lump_sums = task.info.case.mutual_aid.plan.lump_sums or {}
    return [
        (code, _("Class %(code)s (lump sum %(amount)s)") % {"code": code, "amount": amount})
        for code, amount in sorted(lump_sums.items(), key=lambda item: (len(item[0]), item[0]))
    ]


# (node, action, field) → the choices of a field whose values the case decides
CHOICES: dict[tuple[Any, str, str], Callable[[Any], list[tuple[str, str]]]] = {
    (MutualAidFlow.medical_review, "confirm", "severity_class"): _severity_classes,
}


def field_choices(task: Any, action: str) -> dict[str, list[tuple[str, str]]]:
    """``{field: [(value, label)]}`` for ``action``'s fields on ``task`` that
    take one of the case's own values (read only for those actions)."""
    return {
        field: choices(task)
        for (node, name, field), choices in CHOICES.items()
        if node == task.flow_task and name == action
    }
