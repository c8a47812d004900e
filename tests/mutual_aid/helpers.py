"""Builders shared by the mutual-aid tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from casework.core.models import Member
from casework.mutual_aid.models import Enrollment, Plan

_invoice = iter(range(1, 10**6))


def this_year() -> int:
    return timezone.localdate().year


def plan(product: str = "inpatient", year: int | None = None) -> Plan:
    return Plan.objects.get(year=year or this_year(), product=product)


def enroll(member: Member, product: str = "inpatient", renewal: bool = True) -> Enrollment:
    """Enrolled on 1 January; a renewal unless told otherwise (no waiting)."""
    p = plan(product)
    return Enrollment.objects.create(
        member=member,
        plan=p,
        paid_amount=p.contribution,
        enrolled_on=dt.date(p.year, 1, 1),
        renewal=renewal,
    )


def admitted_on() -> dt.date:
    today = timezone.localdate()
    return max(dt.date(today.year, 1, 2), today - dt.timedelta(days=3))


def claim(member: Member, /, **overrides: Any) -> dict[str, Any]:
    """An inpatient claim of 15,000.00 eligible self-pay."""
    day = admitted_on()
    data = {
        "member": member.pk,
        "product": "inpatient",
        "hospital": "三江侗族自治县人民医院",
        "admitted_on": day.isoformat(),
        "discharged_on": day.isoformat(),
        "diagnosis": "肺炎",
        "total_expense": "30000.00",
        "insurance_paid": "12000.00",
        "eligible_self_pay": "15000.00",
        "invoice_numbers": [f"INV-{next(_invoice):06d}"],
    }
    data.update(overrides)
    return data


def claim_case(api, member: Member, **overrides: Any) -> dict[str, Any]:
    """A claim submitted by the caseworker: the created case."""
    response = api("caseworker").post("/api/mutual-aid/claims/", claim(member, **overrides))
    assert response.status_code == 201, response.json()
    return response.json()


def claim_approved(api, number: str, supervisor: str = "supervisor") -> dict[str, Any]:
    """Accepted at review, approved by ``supervisor``: the case after."""
    accepted = api("caseworker").complete(number, "review", "accept", comment="ok")
    assert accepted.status_code == 200, accepted.json()
    approved = api(supervisor).complete(number, "approve", "approve", comment="同意")
    assert approved.status_code == 200, approved.json()
    return approved.json()["case"]


def claim_paid(api, number: str, amount: str):
    """Finance pays ``amount`` by bank transfer: the completion's response."""
    return api("finance").complete(
        number,
        "pay",
        "pay",
        amount=amount,
        method="bank_transfer",
        reference="B-1",
        paid_on=timezone.localdate().isoformat(),
    )
