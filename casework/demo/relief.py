"""The demo's relief cases: one at every step of the flow (and every end),
driven through the engine, held so that each demo role finds work in its
inbox and its unit's queue on first login. The demo member's own case waits
on their answer to a return; one public notice is over, so the next
due-work run moves it on to approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.core.calendar import add_working_days
from casework.core.models import Case, Member
from casework.relief.models import ReliefApplication
from casework.relief.statuses import ReliefStatus
from workflows import engine
from workflows.intake import relief_submit
from workflows.models import TaskInfo
from workflows.relief import ReliefFlow
from workflows.selectors import open_tasks_of


@dataclass(frozen=True)
class _Relief:
    """The demo's users and today, and the steps they take on a case."""

    users: dict[str, User]
    today: dt.date

    def submit(self, member: Member, amount: str = "3000") -> Case:
        # the member's own login applies for them when they have one
        actor = member.user if member.user_id else self.users["caseworker"]
        return relief_submit(
            actor=actor,
            member=member,
            aid_type="living",
            cause="illness",
            reason="家庭成员长期患病，收入微薄",
            household_size=3,
            household_annual_income=Decimal("24000"),
            rigid_expenses=Decimal("6000"),
            requested_amount=Decimal(amount),
        )

    def step(self, case: Case, username: str, action: str, **data: Any) -> None:
        engine.task_complete(open_tasks_of(case.pk).first(), self.users[username], action, data)

    def claim(self, case: Case, username: str) -> None:
        engine.task_claim(open_tasks_of(case.pk).first(), self.users[username])

    def recommend(self, case: Case, amount: str = "3000") -> None:
        self.step(
            case,
            "caseworker",
            "recommend",
            visit_date=self.today.isoformat(),
            verified_annual_income="24000",
            verified_rigid_expenses="6000",
            household_size=3,
            recommended_amount=amount,
            notes="入户核查属实",
        )

    def to_approval(self, case: Case, amount: str = "3000") -> None:
        self.recommend(case, amount)
        _end_notice_now(case)  # the demo does not wait for the notice period

    def approved(self, case: Case, amount: str = "3000") -> None:
        self.to_approval(case, amount)
        self.step(case, "supervisor", "approve", approved_amount=amount, comment="同意")

    def pay(self, case: Case, reference: str) -> None:
        self.step(
            case,
            "finance",
            "pay",
            amount="3000",
            method="bank_transfer",
            reference=reference,
            paid_on=self.today.isoformat(),
        )


def _submitted(d: _Relief, case: Case) -> None:
    pass


def _verifying(d: _Relief, case: Case) -> None:
    d.claim(case, "caseworker")


def _returned(d: _Relief, case: Case) -> None:
    d.step(case, "caseworker", "return", reason="请补充收入证明和医院诊断证明")


def _verifying_grassroots(d: _Relief, case: Case) -> None:
    d.claim(case, "caseworker2")


def _approving(d: _Relief, case: Case) -> None:
    d.to_approval(case)
    d.claim(case, "supervisor")


def _approval_returned(d: _Relief, case: Case) -> None:
    d.to_approval(case)
    d.step(case, "supervisor", "return", reason="家庭收入需再次核实")


def _paying(d: _Relief, case: Case) -> None:
    d.approved(case)
    d.claim(case, "finance")


def _closed(d: _Relief, case: Case) -> None:
    d.approved(case)
    d.pay(case, f"DEMO-{case.pk:04d}")


def _rejected(d: _Relief, case: Case) -> None:
    d.step(case, "caseworker", "reject", reason_code="false_information", reason="收入情况不实")


def _withdrawn(d: _Relief, case: Case) -> None:
    engine.case_withdraw(case, d.users["caseworker"], "申请人自行撤回")


def _senior(d: _Relief, case: Case) -> None:
    d.to_approval(case, "6000")
    d.step(case, "supervisor", "approve", approved_amount="6000", comment="金额较大，请复核")
    d.claim(case, "supervisor2")


# (what the case shows, how it gets there, the amount applied for), in the
# order of the demo members: members[i] belongs to the county (i % 4 == 0)
# or to grassroots union i % 4 (caseworker2's is 1); members[1] is the demo
# member's login
STAGES: list[tuple[str, Callable[[_Relief, Case], None], str]] = [
    ("submitted", _submitted, "3000"),
    ("member_returned", _returned, "3000"),
    ("awaiting_supplement", _returned, "3000"),
    ("public_notice", lambda d, case: d.recommend(case), "3000"),
    ("awaiting_approval", lambda d, case: d.to_approval(case), "3000"),
    ("verifying_grassroots", _verifying_grassroots, "3000"),
    ("approved", lambda d, case: d.approved(case), "3000"),
    ("closed", _closed, "3000"),
    ("rejected", _rejected, "3000"),
    ("submitted_grassroots", _submitted, "3000"),
    ("withdrawn", _withdrawn, "3000"),
    ("senior", _senior, "6000"),
    ("verifying", _verifying, "3000"),
    ("notice_over", lambda d, case: d.recommend(case), "3000"),
    ("approval_returned", _approval_returned, "3000"),
    ("paying", _paying, "3000"),
    ("approving", _approving, "3000"),
]
NOTICE_OVER = next(i for i, (stage, _how, _amount) in enumerate(STAGES) if stage == "notice_over")


def seed_relief_cases(members: list[Member], users: dict[str, User]) -> int:
    """Relief cases at every step, driven through the engine like any client
    would. Skipped when the demo members already have cases."""
    if any(m.cases.exists() for m in members[: len(STAGES)]):
        return 0
    demo = _Relief(users, timezone.localdate())
    for member, (_stage, how, amount) in zip(members, STAGES, strict=False):
        how(demo, demo.submit(member, amount))
    return min(len(members), len(STAGES))


def relief_notice_over(members: list[Member]) -> int:
    """End the public notice of the demo's ``notice_over`` case: its last
    day was the working day before today, and its timer is due, so the next
    due-work run (``make run`` does one every minute) moves the case on to
    approval. Made after the other seeding, whose due-work run would move it
    on at once; 1 when ended now, 0 when already ended or moved on."""
    if len(members) <= NOTICE_OVER:
        return 0
    case = Case.objects.filter(
        member=members[NOTICE_OVER], program="relief", case_status=ReliefStatus.PUBLIC_NOTICE
    ).first()
    if case is None:
        return 0
    ends = add_working_days(timezone.localdate(), -1)
    fires = timezone.make_aware(dt.datetime.combine(ends + dt.timedelta(days=1), dt.time.min))
    timer = Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status=STATUS.SCHEDULED)
    if not timer.exclude(scheduled=fires).exists():
        return 0
    ReliefApplication.objects.filter(case=case).update(notice_ends_on=ends)
    notice = TaskInfo.objects.filter(case=case, node=ReliefFlow.public_notice.name, open=True)
    notice.update(due=ends)
    timer.update(scheduled=fires)
    return 1


def _end_notice_now(case: Any) -> None:
    """Move the notice timer to now and fire it, as the due-work run would
    once the period is over."""
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now()
    )
    engine.timers_fire_due()
