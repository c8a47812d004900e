"""The member file (一人一档, API.md §Members): every case of every program,
payments, mutual-aid enrollments with what is left of each cap, and the
hardship-roster entry — as far as the viewing user may see. Mediation cases
the user may not read show their number and status only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q

from casework.core.access import cases_visible_to, unit_in_scope
from casework.core.models import Case, Member, Payment
from casework.mutual_aid.models import Enrollment, MemberLedger
from casework.relief.models import RosterEntry

ZERO = Decimal("0.00")


def _case_row(case: Case, visible: bool) -> dict[str, Any]:
    if not visible:  # a confidential mediation: that it exists, no more
        return {
            "case_number": case.case_number,
            "program": case.program,
            "status": case.case_status,
            "restricted": True,
        }
    return {
        "case_number": case.case_number,
        "program": case.program,
        "status": case.case_status,
        "org_unit": {"id": case.org_unit_id, "name": case.org_unit.name},
        "created": case.created,
        "closed": case.closed,
        "restricted": False,
    }


def _remaining(enrollment: Enrollment, ledger: MemberLedger | None) -> Decimal | None:
    """Inpatient: the annual cap less what approved or paid claims take.
    Lump-sum products pay at most once a year: the largest lump sum until
    then, nothing after."""
    plan = enrollment.plan
    taken = ledger.approved_total if ledger else ZERO
    if plan.annual_cap is not None:
        return max(ZERO, plan.annual_cap - taken)
    if plan.lump_sums:
        if taken > 0 or (ledger and ledger.paid_claims):
            return ZERO
        return max(Decimal(str(v)) for v in plan.lump_sums.values())
    return None


def member_file(user: Any, member: Member) -> dict[str, Any]:
    """The file of a member the caller has already authorized to see."""
    rows, visible_cases = _cases(user, member)
    payments = _payments(member, visible_cases)
    enrollments, remaining = _enrollments(member)
    return {
        "cases": rows,
        "payments": payments,
        "enrollments": enrollments,
        "mutual_aid_remaining": remaining,
        "roster": _roster(member),
    }


def _cases(user: Any, member: Member) -> tuple[list[dict[str, Any]], list[int]]:
    """The rows of the member's cases ``user`` may see (a mediation the user
    may not see in full named only), and the ids of those seen in full."""
    own = Q(member=member) | Q(mediation__worker_member=member)
    cases = list(
        Case.objects.filter(own).select_related("org_unit").distinct().order_by("created", "pk")
    )
    visible = set(cases_visible_to(user).filter(own).values_list("pk", flat=True))
    is_self = member.user_id is not None and member.user_id == user.pk
    rows = []
    for case in cases:  # the member's own cases: a handful
        if case.pk in visible:
            rows.append(_case_row(case, True))
        elif case.program == "mediation" and (is_self or unit_in_scope(user, case.org_unit)):
            rows.append(_case_row(case, False))
    return rows, [c.pk for c in cases if c.pk in visible]


def _payments(member: Member, visible_cases: list[int]) -> list[dict[str, Any]]:
    """The payments of the cases seen in full, and the member's campaign
    grants (a payment with an item: the member's own, whoever may read
    their file), oldest first."""
    payments = [
        {
            "program": p.case.program,
            "case_number": p.case.case_number,
            "amount": p.amount,
            "method": p.method,
            "paid_on": p.paid_on,
        }
        for p in Payment.objects.filter(
            Q(case_id__in=visible_cases) | Q(item__gt=0), member=member
        ).select_related("case")
    ]
    payments.sort(key=lambda p: (p["paid_on"], p["case_number"]))
    return payments


def _enrollments(
    member: Member,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Decimal]]]:
    """The member's enrollments, and what is left of each plan's annual cap
    (year → product → amount) where the plan has one."""
    enrollments = list(
        Enrollment.objects.filter(member=member)
        .select_related("plan")
        .order_by("plan__year", "plan__product")
    )
    ledgers = {
        row.plan_id: row
        for row in MemberLedger.objects.filter(
            member=member, plan_id__in=[e.plan_id for e in enrollments]
        )
    }
    remaining: dict[str, dict[str, Decimal]] = {}
    for e in enrollments:
        left = _remaining(e, ledgers.get(e.plan_id))
        if left is not None:
            remaining.setdefault(str(e.plan.year), {})[e.plan.product] = left
    rows = [
        {
            "plan": e.plan_id,
            "year": e.plan.year,
            "product": e.plan.product,
            "paid_amount": e.paid_amount,
            "enrolled_on": e.enrolled_on,
            "renewal": e.renewal,
        }
        for e in enrollments
    ]
    return rows, remaining


def _roster(member: Member) -> dict[str, Any] | None:
    """The member's entry on the hardship roster, if any."""
    roster = RosterEntry.objects.filter(member=member).select_related("case").first()
    if roster is None:
        return None
    return {
        "status": roster.status,
        "category": roster.category,
        "filed_on": roster.filed_on,
        "next_review": roster.review_due if roster.status == "active" else None,
        "review_due": roster.review_due,
        "exit_reason": roster.exit_reason,
        "case_number": roster.case.case_number,
    }
