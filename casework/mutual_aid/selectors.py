"""Reads of the mutual-aid domain, scoped to the user where they list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from casework.core.access import members_visible_to
from casework.core.case_records import outcome_facts
from casework.core.errors import InvalidInput
from casework.core.models import Case, Member
from casework.core.privacy import applicant_shown, medical_details_visible

from .models import Claim, ClaimedInvoice, Enrollment, MemberLedger, Plan
from .statuses import MutualAidStatus

# claims that no longer count (for the first-stay deductible and the cap)
DROPPED_STATUSES = (MutualAidStatus.REJECTED, MutualAidStatus.WITHDRAWN)
TAKEN_STATUSES = (MutualAidStatus.APPROVED, MutualAidStatus.CLOSED)


def plans_list() -> QuerySet[Plan]:
    return Plan.objects.order_by("-year", "product")


def plan_for(year: int, product: str) -> Plan | None:
    return Plan.objects.filter(year=year, product=product).first()


def claim_plan(product: str, year: int) -> Plan:
    """The plan a claim falls under: the product's plan of ``year`` (the year
    of admission unless the claimant names one). Refuses (400) when there is none."""
    plan = plan_for(year, product)
    if plan is None:
        raise InvalidInput(
            _("There is no plan of this product for %(year)s.") % {"year": year},
            fields={"product": [_("no plan for %(year)s") % {"year": year}]},
        )
    return plan


def enrollments_list(user: Any, *, plan: Plan | None = None) -> QuerySet[Enrollment]:
    """Enrollments of the members the user may see."""
    qs = Enrollment.objects.filter(member__in=members_visible_to(user)).select_related(
        "member", "plan"
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs.order_by("-plan__year", "plan__product", "member__name", "pk")


def enrollment_of(member: Member, plan: Plan) -> Enrollment | None:
    return Enrollment.objects.filter(member=member, plan=plan).first()


def is_renewal(member_id: int, plan: Plan) -> bool:
    """Enrolled in the same product the year before."""
    return Enrollment.objects.filter(
        member_id=member_id, plan__year=plan.year - 1, plan__product=plan.product
    ).exists()


def is_first_stay(member: Member, plan: Plan, exclude_case: Case | None = None) -> bool:
    """No other claim of the member in this plan still counts."""
    qs = Claim.objects.filter(case__member=member, plan=plan).exclude(
        case__case_status__in=DROPPED_STATUSES
    )
    if exclude_case is not None:
        qs = qs.exclude(case=exclude_case)
    return not qs.exists()


def taken_from_plan(member: Member, plan: Plan, exclude_case: Case | None = None) -> Decimal:
    """What the member's approved or paid claims of the plan already take."""
    qs = Claim.objects.filter(case__member=member, plan=plan, case__case_status__in=TAKEN_STATUSES)
    if exclude_case is not None:
        qs = qs.exclude(case=exclude_case)
    return qs.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0")


def invoice_claimed_in(numbers: list[str]) -> ClaimedInvoice | None:
    return ClaimedInvoice.objects.select_related("case").filter(number__in=numbers).first()


def ledger_of(member: Member, plan: Plan) -> MemberLedger | None:
    return MemberLedger.objects.filter(member=member, plan=plan).first()


def may_see_medical_details(user: Any, case: Case) -> bool:
    """Diagnosis, hospital, expenses and invoices: the roles that need them
    and the member themself (the policy: ``casework.core.privacy``)."""
    return medical_details_visible(user, case)


def benefit_view(claim: Claim, with_explanation: bool) -> dict[str, Any]:
    snapshot = claim.plan_snapshot or {}
    return {
        "amount": claim.benefit_amount,
        "eligible": claim.eligible,
        "reasons": claim.reasons,
        "explanation": claim.explanation if with_explanation else [],
        "plan": {
            "id": claim.plan_id,
            "year": snapshot.get("year"),
            "product": snapshot.get("product"),
            "version": claim.plan_version,
            "parameters": snapshot if with_explanation else None,
        },
    }


def mutual_aid_case_data(case: Case, user: Any = None) -> dict[str, Any]:
    """The claim as shown on the case; medical details only to those who
    need them (see ``may_see_medical_details``), the applicant's ID number
    and phone masked unless the viewer needs them."""
    claim = Claim.objects.select_related("plan", "reviewed_by", "approved_by").get(case=case)
    medical = may_see_medical_details(user, case)
    data: dict[str, Any] = {
        "applicant": applicant_shown(case, user),
        "product": claim.plan.product,
        "plan": claim.plan_id,
        "year": claim.plan.year,
        "severity_class": claim.severity_class,
        "benefit": benefit_view(claim, with_explanation=medical),
        "reviewed_by": claim.reviewed_by.get_username() if claim.reviewed_by else None,
        "approved_amount": claim.approved_amount,
        "approved_by": claim.approved_by.get_username() if claim.approved_by else None,
        "medical_details_hidden": not medical,
    }
    if medical:
        data.update(
            {
                "hospital": claim.hospital,
                "admitted_on": claim.admitted_on,
                "discharged_on": claim.discharged_on,
                "diagnosis": claim.diagnosis,
                "total_expense": claim.total_expense,
                "insurance_paid": claim.insurance_paid,
                "eligible_self_pay": claim.eligible_self_pay,
                "invoice_numbers": sorted(case.claimed_invoices.values_list("number", flat=True)),
                "history": claim.history,
            }
        )
    data.update(outcome_facts(case, claim))
    return data
