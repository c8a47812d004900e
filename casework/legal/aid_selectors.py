"""Legal-aid reads: the unit's income ceiling, the means test of figures
(for the intake page before anything is written), the facts of a legal-aid
case (``data`` of GET /api/cases/{n}/) and the work report's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from casework.core.models import Case, OrgUnit
from casework.core.money import round_money
from casework.core.parameters import param_decimal
from casework.core.privacy import case_view, person_shown

from .aid_rules import MeansTest, means_test
from .models import AidResult, IncomeCeiling, LegalAid

CLOSING_REPORT = "closing_report"


def income_ceiling_for(unit: OrgUnit) -> Decimal:
    """The unit's income ceiling, or its nearest ancestor's, else the
    parameter ``legal_aid.income_ceiling``."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    rows = dict(
        IncomeCeiling.objects.filter(org_unit_id__in=ids).values_list(
            "org_unit_id", "monthly_amount"
        )
    )
    for unit_id in reversed(ids):
        if unit_id in rows:
            return rows[unit_id]
    return param_decimal("legal_aid.income_ceiling")


def means_test_for(unit: OrgUnit, figures: dict[str, Any]) -> MeansTest:
    """The means test of ``figures`` (claim, amount_in_dispute,
    household_size, household_monthly_income, migrant_worker) in ``unit``."""
    return means_test(
        claim=figures["claim"],
        amount_in_dispute=figures["amount_in_dispute"],
        household_size=figures["household_size"],
        household_monthly_income=figures["household_monthly_income"],
        migrant_worker=figures["migrant_worker"],
        min_amount=param_decimal("legal_aid.min_amount"),
        income_ceiling=income_ceiling_for(unit),
    )


def stored_means_test(aid: LegalAid) -> dict[str, Any]:
    return {
        "eligible": aid.eligible,
        "reasons": list(aid.reasons),
        "per_capita_income": aid.per_capita_income,
        "income_ceiling": aid.income_ceiling,
    }


def closing_report_attached(case: Case) -> bool:
    return case.documents.filter(kind=CLOSING_REPORT).exists()


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def legal_aid_case_data(case: Case, user: Any) -> dict[str, Any]:
    """The application with the means test, the decisions, the lawyer and
    the result; the applicant's ID number and phone masked unless the
    viewer sees them whole."""
    a = LegalAid.objects.select_related("reviewed_by", "approved_by").get(case=case)
    return {
        "applicant": {
            "member": case.member_id,
            "name": a.applicant_name,
            **person_shown(a.applicant_id_number, a.applicant_phone, case_view(case, user).whole),
        },
        "employer": {"name": a.employer_name, "credit_code": a.employer_credit_code},
        "claim": a.claim,
        "amount_in_dispute": a.amount_in_dispute,
        "household_size": a.household_size,
        "household_monthly_income": a.household_monthly_income,
        "migrant_worker": a.migrant_worker,
        "facts": a.facts,
        "means_test": stored_means_test(a),
        "consultation": a.consultation or None,
        "reopened_from": a.reopened_from or None,
        "reviewed_by": _name(a.reviewed_by),
        "approved_by": _name(a.approved_by),
        "refusal_reason": a.refusal_reason or None,
        "lawyer": a.lawyer or None,
        "firm": a.firm or None,
        "assigned_on": a.assigned_on,
        "result": a.result or None,
        "amount_recovered": a.amount_recovered,
        "closing_report": closing_report_attached(case),
    }


def legal_aid_report(year: int, unit_path: str | None) -> dict[str, Any]:
    """Legal-aid applications made in ``year`` in ``unit_path``'s subtree
    (all when None), those closed by result (every code, zero when none)
    and the amount recovered. One query."""
    made = LegalAid.objects.filter(case__created__year=year)
    if unit_path is not None:
        made = made.filter(case__org_unit__path__startswith=unit_path)
    totals = made.aggregate(
        applications=Count("pk"),
        recovered=Sum("amount_recovered", filter=~Q(result="")),
        **{code: Count("pk", filter=Q(result=code)) for code in AidResult.values},
    )
    return {
        "applications": totals["applications"],
        "by_result": {code: totals[code] for code in AidResult.values},
        # SQLite sums decimals without their places: money always has two
        "amount_recovered": round_money(Decimal(totals["recovered"] or 0)),
    }
