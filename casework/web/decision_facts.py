"""The facts a step's decision needs, shown beside its form: for relief
``verify`` the declared per-capita income against the local 低保 standard and
the category it gives; for the mutual-aid review the benefit and its
explanation (the mediation steps show their time limit at the top of the
page: ``casework.web.mediation_panel``). Read-only: computed with the same
pure rules the services use, never stored from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from casework.mutual_aid.explanation import explanation_in
from casework.mutual_aid.selectors import may_see_medical_details
from casework.relief.selectors import category_of, subsistence_standard_for
from workflows.legal_aid import LegalAidFlow
from workflows.mutual_aid import MutualAidFlow
from workflows.relief import ReliefFlow

Fact = tuple[Any, Any]


def _relief_verify(task: Any, user: Any) -> list[Fact]:
    case = task.info.case
    app = case.relief
    standard = subsistence_standard_for(case.org_unit)
    facts: list[Fact] = [(_("Local subsistence standard (dibao), per person per month"), standard)]
    if app.household_size >= 1:
        result = category_of(app, standard=standard)
        facts += [
            (_("Declared per-capita monthly income"), result.per_capita_monthly_income),
            (_("Category from the declared figures"), ("value", result.category)),
        ]
    return facts


def _relief_decision(task: Any, user: Any) -> list[Fact]:
    app = task.info.case.relief
    facts: list[Fact] = []
    if app.category:
        facts += [
            (_("Verified per-capita monthly income"), app.per_capita_monthly_income),
            (
                _("Local subsistence standard (dibao), per person per month"),
                app.subsistence_standard,
            ),
            (_("Category"), ("value", app.category)),
        ]
    if app.recommended_amount is not None:
        facts.append((_("Recommended amount"), app.recommended_amount))
    return facts


def _benefit(task: Any, user: Any) -> list[Fact]:
    case = task.info.case
    claim = case.mutual_aid
    facts: list[Fact] = [(_("Computed benefit"), claim.benefit_amount)]
    if claim.reasons:
        facts.append((_("Reasons"), ("values", list(claim.reasons))))
    if may_see_medical_details(user, case):
        facts.append((_("Explanation"), ("lines", explanation_in(claim.explanation))))
    return facts


def _means_test(task: Any, user: Any) -> list[Fact]:
    """Legal aid: the means test as the case holds it, with its reasons."""
    aid = task.info.case.legal_aid
    return [
        (_("Eligible for legal aid"), ("value", "yes" if aid.eligible else "no")),
        (_("Income per person per month"), aid.per_capita_income),
        (_("Income ceiling of the unit"), aid.income_ceiling),
        (_("Amount in dispute"), aid.amount_in_dispute),
        (_("Reasons"), ("values", list(aid.reasons))),
    ]


# keyed by the flows' own nodes: the step a task is at is ``task.flow_task``
FACTS: dict[Any, Callable[[Any, Any], list[Fact]]] = {
    ReliefFlow.verify: _relief_verify,
    ReliefFlow.public_notice: _relief_decision,
    ReliefFlow.approve: _relief_decision,
    ReliefFlow.approve_senior: _relief_decision,
    ReliefFlow.disburse: _relief_decision,
    MutualAidFlow.review: _benefit,
    MutualAidFlow.medical_review: _benefit,
    MutualAidFlow.approve: _benefit,
    MutualAidFlow.pay: _benefit,
    LegalAidFlow.review: _means_test,
    LegalAidFlow.approve: _means_test,
}


def decision_facts(task: Any, user: Any) -> list[dict[str, Any]]:
    """``[{"label", "kind", "value"}]`` for the task page; kind is ``plain``,
    ``value`` (a code to label), ``values`` (codes to label, one a line) or
    ``lines``."""
    builder = FACTS.get(task.flow_task)
    if builder is None:
        return []
    rows = []
    for label, value in builder(task, user):
        kind = "plain"
        if isinstance(value, tuple):
            kind, value = value
        rows.append({"label": label, "kind": kind, "value": value})
    return rows
