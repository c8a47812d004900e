"""Reads of the relief domain."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from casework.core.case_records import outcome_facts
from casework.core.errors import ApplicationError
from casework.core.models import Case, Member, OrgUnit
from casework.core.parameters import param_decimal
from casework.core.privacy import applicant_shown
from casework.core.reference_data import snapshot

from .models import ReliefApplication, ReliefCeiling, SubsistenceStandard
from .rules import CategoryResult, household_category
from .statuses import ReliefStatus

FINAL_STATUSES = (
    ReliefStatus.CLOSED,
    ReliefStatus.REJECTED,
    ReliefStatus.WITHDRAWN,
    ReliefStatus.LAPSED,
)


# the tables a step reads, kept in each process's snapshot (apps.ready)
STANDARDS, CEILINGS = "relief.standards", "relief.ceilings"


def standards_read() -> dict[int, Decimal]:
    """Every unit's 低保 (monthly, per person) by unit id."""
    return dict(SubsistenceStandard.objects.values_list("org_unit_id", "monthly_amount"))


def ceilings_read() -> dict[tuple[str, str], Decimal]:
    """Every ceiling by (aid type, category); category "" for any."""
    rows = ReliefCeiling.objects.values_list("aid_type", "category", "amount")
    return {(aid_type, category): amount for aid_type, category, amount in rows}


def subsistence_standard_for(unit: OrgUnit) -> Decimal:
    """The 低保 of the unit, or of its nearest ancestor that has one: from
    the process's snapshot (``core.reference_data``), else read."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    held = snapshot(STANDARDS)
    rows = (
        held.tables[STANDARDS]
        if held is not None
        else dict(
            SubsistenceStandard.objects.filter(org_unit_id__in=ids).values_list(
                "org_unit_id", "monthly_amount"
            )
        )
    )
    for unit_id in reversed(ids):
        if unit_id in rows:
            return rows[unit_id]
    raise ApplicationError(
        f"no subsistence standard (低保) configured for {unit}", code="missing_parameter"
    )


def category_of(
    app: ReliefApplication,
    *,
    standard: Decimal,
    annual_income: Decimal | None = None,
    rigid_expenses: Decimal | None = None,
    household_size: int | None = None,
    accident_costs: Decimal | None = None,
) -> CategoryResult:
    """The household category of ``app`` against ``standard`` (its unit's
    低保), with the multiplier and the accident-cost ratio of the parameters.
    A figure not given is the application's declared one, so the verify step
    shows what the declaration gives and the recommendation what was verified."""
    return household_category(
        annual_income=app.household_annual_income if annual_income is None else annual_income,
        rigid_expenses=app.rigid_expenses if rigid_expenses is None else rigid_expenses,
        household_size=app.household_size if household_size is None else household_size,
        subsistence_standard=standard,
        relative_multiplier=param_decimal("relief.relative_multiplier"),
        cause=app.cause,
        accident_costs=app.accident_costs if accident_costs is None else accident_costs,
        accidental_cost_ratio=param_decimal("relief.accidental_cost_ratio"),
    )


def ceiling_for(aid_type: str, category: str) -> Decimal | None:
    """The ceiling of the aid type for the category, else for any category."""
    held = snapshot(CEILINGS)
    rows = held.tables[CEILINGS] if held is not None else ceilings_read()
    return rows.get((aid_type, category), rows.get((aid_type, "")))


def open_relief_case(member: Member) -> Case | None:
    return (
        Case.objects.filter(program="relief", member=member)
        .exclude(case_status__in=FINAL_STATUSES)
        .order_by("created")
        .first()
    )


def grants_of(member: Member):
    return ReliefApplication.objects.filter(case__member=member, granted_on__isnull=False)


def relief_case_data(case: Case, user: Any = None) -> dict:
    """The relief facts and decisions shown on the case; the applicant's ID
    number and phone masked unless the viewer needs them."""
    if Case.relief.is_cached(case):  # type: ignore[attr-defined]
        # a step's response: the application read under the step's lock and
        # written by its service (``services._app``), as it now stands
        app = case.relief  # type: ignore[attr-defined]
    else:
        app = ReliefApplication.objects.select_related(
            "recommended_by", "approved_by", "senior_approved_by"
        ).get(case=case)
        case.relief = app  # what else the page asks of the application reads it here
    data = {
        "applicant": applicant_shown(case, user),
        "aid_type": app.aid_type,
        "cause": app.cause,
        "reason": app.reason,
        "household_size": app.household_size,
        "household_annual_income": app.household_annual_income,
        "rigid_expenses": app.rigid_expenses,
        "accident_costs": app.accident_costs,
        "requested_amount": app.requested_amount,
        "history": app.history,
    }
    if app.category:
        data.update(
            {
                "visit_date": app.visit_date,
                "verified_annual_income": app.verified_annual_income,
                "verified_rigid_expenses": app.verified_rigid_expenses,
                "verified_household_size": app.verified_household_size,
                "verify_notes": app.verify_notes,
                "per_capita_monthly_income": app.per_capita_monthly_income,
                "subsistence_standard": app.subsistence_standard,
                "category": app.category,
                "recommended_amount": app.recommended_amount,
                "recommended_by": app.recommended_by.get_username() if app.recommended_by else None,
                "notice_ends_on": app.notice_ends_on,
            }
        )
    if app.approved_amount is not None:
        data.update(
            {
                "approved_amount": app.approved_amount,
                "approved_by": app.approved_by.get_username() if app.approved_by else None,
                "approval_comment": app.approval_comment,
                "needs_senior_approval": app.needs_senior_approval,
                "senior_approved_by": app.senior_approved_by.get_username()
                if app.senior_approved_by
                else None,
                "granted_on": app.granted_on,
            }
        )
    data.update(outcome_facts(case, app))
    return data
