"""The annual cap under real concurrency (PostgreSQL): two claims of one
member approved at the same moment, then paid at the same moment, never
take more than the cap. Threads, each with its own connection, released
together by a barrier."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from viewflow.workflow.models import Task

from casework.core.errors import Conflict
from casework.core.models import Case, Payment
from casework.mutual_aid.models import Claim, ClaimedInvoice, MemberLedger
from tests.mutual_aid.helpers import admitted_on, enroll, plan
from tests.races.contenders import race
from workflows import engine
from workflows.intake import claim_submit
from workflows.selectors import open_tasks_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (row locks between real connections)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAP = Decimal("30200.00")


def step(username: str, case_id: int, action: str, **data: Any) -> Any:
    def prepare() -> Any:
        user = get_user_model().objects.get(username=username)
        task = Task.objects.get(pk=open_tasks_of(case_id).get().pk)
        return lambda: engine.task_complete(task, user, action, data)

    return prepare


def big_claim(member: Any, users: Any, n: int) -> Case:
    case = claim_submit(
        actor=users["caseworker"],
        member=member,
        plan=plan(),
        invoice_numbers=[f"RACE-{n}-{member.pk}"],
        hospital="医院",
        admitted_on=admitted_on(),
        discharged_on=admitted_on(),
        diagnosis="重症",
        total_expense=Decimal("60000"),
        insurance_paid=Decimal("20000"),
        eligible_self_pay=Decimal("40000"),
        severity_class="",
    )
    engine.task_complete(open_tasks_of(case.pk).get(), users["caseworker"], "accept", {})
    return case


@pytest.mark.parametrize("round_", range(3))
def test_two_claims_approved_and_paid_at_once_stay_within_the_cap(members, users, round_):
    member = members[round_]
    enroll(member)
    # each alone: 40,000 − 1,300 (− 650 for the later one) → over 20,000
    first, second = big_claim(member, users, 1), big_claim(member, users, 2)

    race(step("supervisor", first.pk, "approve"), step("supervisor2", second.pk, "approve"))
    approved = [c.approved_amount for c in Claim.objects.filter(case__in=[first, second])]
    assert all(a is not None for a in approved)
    assert sum(approved) == CAP  # the later approval got what the cap had left
    ledger = MemberLedger.objects.get(member=member, plan=plan())
    assert ledger.approved_total == CAP

    amounts = {
        c.case_id: str(c.approved_amount) for c in Claim.objects.filter(case__in=[first, second])
    }
    race(
        step(
            "finance",
            first.pk,
            "pay",
            amount=amounts[first.pk],
            method="cash",
            reference="R1",
            paid_on="2026-01-05",
        ),
        step(
            "finance",
            second.pk,
            "pay",
            amount=amounts[second.pk],
            method="cash",
            reference="R2",
            paid_on="2026-01-05",
        ),
    )
    paid = Payment.objects.filter(member=member)
    assert sum(p.amount for p in paid) == CAP
    ledger.refresh_from_db()
    assert ledger.paid_total == CAP and ledger.paid_claims == 2
    assert set(
        Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("case_status", flat=True)
    ) == {"closed"}


def test_one_invoice_claimed_twice_at_once_goes_to_one_case(members, users):
    a, b = members[0], members[1]
    enroll(a)
    enroll(b)

    def submit(member: Any) -> Any:
        def prepare() -> Any:
            actor = get_user_model().objects.get(username="caseworker")
            return lambda: claim_submit(
                actor=actor,
                member=member,
                plan=plan(),
                invoice_numbers=["SAME-1"],
                hospital="医院",
                admitted_on=admitted_on(),
                discharged_on=admitted_on(),
                diagnosis="x",
                total_expense=Decimal("100"),
                insurance_paid=Decimal("0"),
                eligible_self_pay=Decimal("100"),
                severity_class="",
            )

        return prepare

    results = race(submit(a), submit(b))
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(conflicts) == 1 and conflicts[0].code == "duplicate_invoice"
    winner = ClaimedInvoice.objects.get(number="SAME-1").case
    assert winner.case_number in conflicts[0].message or "another case" in conflicts[0].message
    assert Case.objects.filter(program="mutual_aid").count() == 1
