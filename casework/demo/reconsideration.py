"""Demo reconsiderations (PROCESSES.md §6): three rejected relief
applications whose members asked for reconsideration — one under review,
one upheld, one overturned with the new application it opened. Through the
services and the engine, like any client; skipped when any exists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from casework.core.models import Case, Member
from casework.reconsideration.models import Reconsideration
from workflows import engine
from workflows.intake import reconsideration_request, relief_submit
from workflows.selectors import open_tasks_of

REASONS = [
    ("爱人下岗后家庭收入减少，原申请时的收入已不是现在的情况", None),
    ("核查时把一次性补偿款算作了年收入", ("uphold", "补偿款属于家庭收入，核算无误，维持原决定")),
    ("孩子重病住院，医疗支出未计入刚性支出", ("overturn", "医疗支出属实，应计入刚性支出")),
]


def _step(case: Case, user: Any, action: str, **data: Any) -> None:
    engine.task_complete(open_tasks_of(case.pk).first(), user, action, data)


def _rejected(member: Member, users: dict[str, Any]) -> Case:
    case = relief_submit(
        actor=users["caseworker"],
        member=member,
        aid_type="living",
        cause="illness",
        reason="家庭成员患病，收入微薄",
        household_size=3,
        household_annual_income=Decimal("42000"),
        rigid_expenses=Decimal("3000"),
        requested_amount=Decimal("3000"),
    )
    _step(
        case,
        users["caseworker"],
        "reject",
        reason_code="income_above_threshold",
        reason="家庭人均月收入高于当地低保标准",
    )
    return case


def seed_reconsideration_demo(org: dict[str, Any], members: list[Member]) -> int:
    """Returns how many cases were made (the rejected originals, the
    requests and the reopened application)."""
    if Reconsideration.objects.exists():
        return 0
    users = org["users"]
    free = [m for m in reversed(members) if not m.cases.exists()][: len(REASONS)]
    made = 0
    for member, (reason, decision) in zip(free, REASONS, strict=False):
        original = _rejected(member, users)
        rc = reconsideration_request(actor=users["caseworker"], original=original, reason=reason)
        made += 2
        if decision is not None:
            action, why = decision
            _step(rc, users["supervisor"], action, reason=why)
            made += action == "overturn"
    return made
