"""The demo's relief cases, one in every state, driven through the engine."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.core.models import Member
from workflows import engine
from workflows.intake import relief_submit
from workflows.selectors import open_tasks_of


def seed_relief_cases(members: list[Member], users: dict[str, User]) -> int:
    """Relief cases in every state, driven through the engine like any
    client would. Skipped when the demo members already have cases."""
    if any(m.cases.exists() for m in members[:20]):
        return 0
    cw, sup, sup2, fin = (
        users["caseworker"],
        users["supervisor"],
        users["supervisor2"],
        users["finance"],
    )
    today = timezone.localdate()

    def submit(
        member: Member, amount: str = "3000", aid_type: str = "living", income: str = "24000"
    ):
        return relief_submit(
            actor=cw,
            member=member,
            aid_type=aid_type,
            cause="illness",
            reason="家庭成员长期患病，收入微薄",
            household_size=3,
            household_annual_income=Decimal(income),
            rigid_expenses=Decimal("6000"),
            requested_amount=Decimal(amount),
        )

    def step(case, user, action, **data):
        task = open_tasks_of(case.pk).first()
        return engine.task_complete(task, user, action, data)

    recommend = {
        "visit_date": today.isoformat(),
        "verified_annual_income": "24000",
        "verified_rigid_expenses": "6000",
        "household_size": 3,
        "notes": "入户核查属实",
    }
    made = 0
    stages = [
        "submitted",
        "verifying",
        "awaiting_supplement",
        "public_notice",
        "awaiting_approval",
        "approved",
        "closed",
        "rejected",
        "withdrawn",
        "senior",
    ]
    for i, stage in enumerate(stages):
        member = members[i]
        case = submit(member, amount="6000" if stage == "senior" else "3000")
        made += 1
        if stage == "submitted":
            continue
        if stage == "verifying":
            engine.task_claim(open_tasks_of(case.pk).first(), cw)
            continue
        if stage == "awaiting_supplement":
            step(case, cw, "return", reason="请补充收入证明")
            continue
        if stage == "withdrawn":
            engine.case_withdraw(case, cw, "申请人自行撤回")
            continue
        if stage == "rejected":
            step(case, cw, "reject", reason_code="false_information", reason="收入情况不实")
            continue
        step(
            case,
            cw,
            "recommend",
            recommended_amount="6000" if stage == "senior" else "3000",
            **recommend,
        )
        if stage == "public_notice":
            continue
        # the demo skips waiting for the notice period: lodge nothing, end it now
        _end_notice_now(case)
        if stage == "awaiting_approval":
            continue
        step(
            case,
            sup,
            "approve",
            approved_amount="6000" if stage == "senior" else "3000",
            comment="",
        )
        if stage == "senior":
            continue
        if stage == "approved":
            continue
        step(
            case,
            fin,
            "pay",
            amount="3000",
            method="bank_transfer",
            reference=f"DEMO-{i:04d}",
            paid_on=today.isoformat(),
        )
    del sup2
    return made


def _end_notice_now(case: Any) -> None:
    """Move the notice timer to now and fire it, as the due-work run would
    once the period is over."""
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now()
    )
    engine.timers_fire_due()
