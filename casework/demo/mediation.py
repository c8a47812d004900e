"""Demo mediation cases in several states, driven through the services and
the engine like any client would. Idempotent: skipped when the demo court's
referrals already exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Referrals:
    """The demo's users and today, and what the coordinator and the
    mediators do on a referral."""

    users: dict[str, Any]
    today: dt.date

    def register(self, serial: int, member: Member, days_ago: int) -> Any:
        received = self.today - dt.timedelta(days=days_ago)
        return referral_register(
            actor=self.users["coordinator"],
            court=COURT,
            court_case_number=f"({self.today.year})桂0226民初{serial:04d}号",
            referral_type="delegated",
            procedure="",
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

    def step(self, case: Any, username: str, action: str, **data: Any) -> None:
        engine.task_complete(open_tasks_of(case.pk).first(), self.users[username], action, data)

    def claim(self, case: Any, username: str) -> None:
        engine.task_claim(open_tasks_of(case.pk).first(), self.users[username])

    def session(self, case: Any, mediator: str, member: Member) -> None:
        mediation_work.mediation_session_log(
            case=case,
            actor=self.users[mediator],
            held_on=self.today,
            place="诉调对接工作室",
            attendees=[member.name, "企业代表"],
            notes="双方陈述意见",
        )


def _to(stage: str, d: _Referrals, case: Any, member: Member, mediator: str, serial: int) -> None:
    """Drive a registered referral, assigned to ``mediator``, to ``stage``."""
    if stage == "registered":
        return
    d.step(case, "coordinator", "assign", mediator=mediator)
    if stage in ("assigned", "timeout"):
        return
    d.session(case, mediator, member)
    later = (d.today + dt.timedelta(days=15)).isoformat()
    if stage in ("settled", "follow_up"):
        d.step(
            case,
            mediator,
            "settle",
            agreed_amount="10000.00",
            terms="分期支付",
            performance_due=later,
        )
    if stage == "settled":
        d.step(case, mediator, "fulfilled", judicial_confirmation="confirmed")
    if stage in ("returned", "returning"):
        d.step(case, mediator, "fail", reason="分歧较大", disputed_points=["工资标准"])
    if stage == "returning":
        d.claim(case, "coordinator")
    if stage == "returned":
        d.step(
            case,
            "coordinator",
            "returned",
            returned_on=d.today.isoformat(),
            letter_reference=f"三总工调函〔{d.today.year}〕{serial}号",
        )
    if stage == "withdrawn":
        d.step(case, mediator, "withdraw", reason="申请人撤回")


# (stage, days since the studio received it): "timeout" is past its 30-day
# limit (the due-work run opens its deadline decision), "near_limit" has
# three days left; odd serials go to mediator2
STAGES = [
    ("registered", 3),
    ("assigned", 3),
    ("mediating", 3),
    ("settled", 3),
    ("returned", 3),
    ("withdrawn", 3),
    ("timeout", 31),
    ("follow_up", 10),
    ("returning", 12),
    ("near_limit", 27),
]


@transaction.atomic
def seed_mediation_demo(org: dict, members: list[Member]) -> int:
    """Referrals at every step: registered, assigned, mediating (one three
    days from its time limit), in follow-up, going back to the court, and
    ended settled, returned and withdrawn; one past its limit awaits the
    coordinator's decision. Returns how many."""
    if Referral.objects.filter(court=COURT).exists():
        return 0
    demo = _Referrals(org["users"], timezone.localdate())
    for serial, (stage, days_ago) in enumerate(STAGES, start=1):
        member = members[40 + serial]
        case = demo.register(serial, member, days_ago)
        _to(stage, demo, case, member, "mediator2" if serial % 2 else "mediator", serial)
    due_work_run()  # the timed-out referral gets its deadline decision
    return len(STAGES)
