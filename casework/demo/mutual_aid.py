"""Mutual-aid demo data: this year's three plans, the demo members'
enrollments, and a few claims in several states driven through the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from casework.core.models import Member
from casework.mutual_aid.models import Claim, Enrollment, Plan
from workflows import engine
from workflows.intake import claim_submit
from workflows.selectors import open_tasks_of

SOURCE = "PROCESSES.md §2 (example values)"
LUMP_SUMS = {"1": "6000.00", "2": "3000.00", "3": "2000.00", "4": "1000.00"}


def plan_defaults(year: int) -> list[dict[str, Any]]:
    """The example plans of PROCESSES.md §2 for ``year``."""
    common = {
        "coverage_start": dt.date(year, 1, 1),
        "coverage_end": dt.date(year, 12, 31),
        "waiting_days": 90,
        "claim_deadline": dt.date(year + 1, 3, 31),
        "source": SOURCE,
    }
    return [
        {
            **common,
            "product": "inpatient",
            "contribution": Decimal("36.00"),
            "deductible_first": Decimal("1300.00"),
            "deductible_subsequent": Decimal("650.00"),
            "tiers": [
                {"up_to": "10000.00", "ratio": "0.5"},
                {"up_to": "30000.00", "ratio": "0.6"},
                {"up_to": None, "ratio": "0.7"},
            ],
            "annual_cap": Decimal("30200.00"),
        },
        {
            **common,
            "product": "critical_illness",
            "contribution": Decimal("60.00"),
            "lump_sums": LUMP_SUMS,
        },
        {
            **common,
            "product": "female_special",
            "contribution": Decimal("20.00"),
            "lump_sums": LUMP_SUMS,
        },
    ]


def seed_plans(year: int) -> dict[str, Plan]:
    plans = {}
    for row in plan_defaults(year):
        plan, _ = Plan.objects.get_or_create(year=year, product=row["product"], defaults=row)
        plans[plan.product] = plan
    return plans


def _enroll(members: list[Member], plans: dict[str, Plan], last_year: dict[str, Plan]) -> None:
    """This year's enrollments of the first 60 demo members (every other
    one renewing last year's)."""
    today = timezone.localdate()
    for i, member in enumerate(members[:60]):
        products = ["inpatient", "critical_illness"]
        if member.gender == "female":
            products.append("female_special")
        for product in products:
            if i % 2 == 0:
                Enrollment.objects.get_or_create(
                    member=member,
                    plan=last_year[product],
                    defaults={
                        "paid_amount": last_year[product].contribution,
                        "enrolled_on": dt.date(today.year - 1, 1, 5),
                    },
                )
            Enrollment.objects.get_or_create(
                member=member,
                plan=plans[product],
                defaults={
                    "paid_amount": plans[product].contribution,
                    "enrolled_on": dt.date(today.year, 1, 5),
                    "renewal": i % 2 == 0,
                },
            )


@dataclass(frozen=True)
class _Claims:
    """The demo's users, plans and today, and the steps they take on a claim."""

    users: dict[str, Any]
    plans: dict[str, Plan]
    today: dt.date

    def submit(self, member: Member, product: str, n: int, self_pay: str, severity: str) -> Any:
        admitted = min(
            self.today, max(dt.date(self.today.year, 1, 10), self.today - dt.timedelta(days=20))
        )
        return claim_submit(
            actor=self.users["caseworker"],
            member=member,
            plan=self.plans[product],
            invoice_numbers=[f"DEMO-{self.today.year}-{n:05d}"],
            hospital="三江侗族自治县人民医院",
            admitted_on=admitted,
            discharged_on=admitted,
            diagnosis="肺炎",
            total_expense=Decimal("25000"),
            insurance_paid=Decimal("9000"),
            eligible_self_pay=Decimal(self_pay),
            severity_class=severity,
        )

    def step(self, case: Any, username: str, action: str, **data: Any) -> None:
        engine.task_complete(open_tasks_of(case.pk).first(), self.users[username], action, data)

    def claim(self, case: Any, username: str) -> None:
        engine.task_claim(open_tasks_of(case.pk).first(), self.users[username])


def _to(stage: str, d: _Claims, case: Any, n: int) -> None:
    """Drive an inpatient claim to ``stage``."""
    if stage == "reviewing":
        d.claim(case, "caseworker")
    elif stage == "awaiting_supplement":
        d.step(case, "caseworker", "return", reason="请补充住院费用清单")
    elif stage == "withdrawn":
        engine.case_withdraw(case, d.users["caseworker"], "申请人撤回")
    elif stage == "rejected":
        d.step(case, "caseworker", "reject", reason_code="documents_invalid", reason="发票不清晰")
    elif stage != "submitted":
        d.step(case, "caseworker", "accept", comment="材料齐全")
        if stage in ("approved", "closed"):
            d.step(case, "supervisor", "approve", comment="同意")
        if stage == "closed":
            amount = str(Claim.objects.get(case=case).approved_amount)
            d.step(
                case,
                "finance",
                "pay",
                amount=amount,
                method="bank_transfer",
                reference=f"MA-DEMO-{n:04d}",
                paid_on=d.today.isoformat(),
            )


# the inpatient claims' stages; then two lump sums wait on the medical
# reviewer (one in their queue, one claimed)
STAGES = [
    "submitted",
    "reviewing",
    "awaiting_supplement",
    "awaiting_approval",
    "approved",
    "closed",
    "rejected",
    "withdrawn",
]


@transaction.atomic
def seed_mutual_aid_demo(org: dict, members: list[Member]) -> int:
    """Plans, enrollments (renewals from last year for every other member)
    and claims at every step; returns the number of claims made. Idempotent:
    no claims are added when the demo members already have some."""
    today = timezone.localdate()
    plans = seed_plans(today.year)
    _enroll(members, plans, seed_plans(today.year - 1))
    if Claim.objects.filter(case__member__in=members[:60]).exists():
        return 0
    demo = _Claims(org["users"], plans, today)
    renewing = [m for i, m in enumerate(members[:60]) if i % 2 == 0]
    for n, stage in enumerate(STAGES):
        _to(stage, demo, demo.submit(renewing[n % len(renewing)], "inpatient", n, "15000", ""), n)
    for n, severity in ((100, "2"), (101, "3")):
        member = renewing[(n - 100) % len(renewing)]
        case = demo.submit(member, "critical_illness", n, "0", severity)
        demo.step(case, "caseworker", "accept", comment="")
        if n == 101:
            demo.claim(case, "medical_reviewer")
    return len(STAGES) + 2
