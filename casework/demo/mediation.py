"""Demo mediation cases in several states, driven through the services and
the engine like any client would. Idempotent: skipped when the demo court's
referrals already exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from casework.core.models import Member
from casework.mediation.models import Referral
from workflows import engine, mediation_work
from workflows.due_work import due_work_run
from workflows.intake import referral_register
from workflows.selectors import open_tasks_of

COURT = "三江侗族自治县人民法院"


def _credit_code(serial: int) -> str:
    body = f"91450226MA5K{serial:05d}"
    return body + uscc.calc_check_digit(body + "0")


@transaction.atomic
def seed_mediation_demo(org: dict, members: list[Member]) -> int:
    """Referrals registered, assigned, mediating, settled, returned to the
    court, withdrawn and awaiting a deadline decision. Returns how many."""

    if Referral.objects.filter(court=COURT).exists():
        return 0
    users = org["users"]
    coordinator, mediator, mediator2 = users["coordinator"], users["mediator"], users["mediator2"]
    today = timezone.localdate()

    def register(serial: int, member: Member, *, days_ago: int = 3, kind: str = "delegated") -> Any:
        received = today - dt.timedelta(days=days_ago)
        return referral_register(
            actor=coordinator,
            court=COURT,
            court_case_number=f"({today.year})桂0226民初{serial:04d}号",
            referral_type=kind,
            procedure="ordinary" if kind == "entrusted" else "",
            referred_on=received - dt.timedelta(days=1),
            received_on=received,
            worker_member=member,
            worker_name="",
            worker_id_number="",
            worker_phone="",
            employer_name=f"三江示范企业{serial}有限公司",
            employer_credit_code=_credit_code(serial),
            dispute_types=["wages"],
            amount_claimed=Decimal("12000.00") + serial,
            summary="拖欠工资",
        )

    def step(case: Any, user: Any, action: str, **data: Any) -> Any:
        return engine.task_complete(open_tasks_of(case.pk).first(), user, action, data)

    later = (today + dt.timedelta(days=15)).isoformat()
    made = 0
    for serial, stage in enumerate(
        ["registered", "assigned", "mediating", "settled", "returned", "withdrawn", "timeout"],
        start=1,
    ):
        member = members[40 + serial]
        case = register(serial, member, days_ago=31 if stage == "timeout" else 3)
        made += 1
        if stage == "registered":
            continue
        step(case, coordinator, "assign", mediator="mediator2" if serial % 2 else "mediator")
        holder = mediator2 if serial % 2 else mediator
        if stage in ("assigned", "timeout"):
            continue
        mediation_work.mediation_session_log(
            case=case,
            actor=holder,
            held_on=today,
            place="诉调对接工作室",
            attendees=[member.name, "企业代表"],
            notes="双方陈述意见",
        )
        if stage == "mediating":
            continue
        if stage == "settled":
            step(
                case,
                holder,
                "settle",
                agreed_amount="10000.00",
                terms="分期支付",
                performance_due=later,
            )
            step(case, holder, "fulfilled", judicial_confirmation="confirmed")
        elif stage == "returned":
            step(case, holder, "fail", reason="分歧较大", disputed_points=["工资标准"])
            step(
                case,
                coordinator,
                "returned",
                returned_on=today.isoformat(),
                letter_reference=f"三总工调函〔{today.year}〕{serial}号",
            )
        elif stage == "withdrawn":
            step(case, holder, "withdraw", reason="申请人撤回")
    due_work_run()  # the timed-out referral gets its deadline decision
    return made
