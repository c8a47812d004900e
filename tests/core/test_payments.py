"""The one payment model and pay service of every program that pays
(casework.core.payments): what ``payment_record`` guarantees and refuses,
and the migrations that merged the programs' payment tables into it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.errors import Conflict, InvalidInput
from casework.core.models import Case, Payment
from casework.core.payments import payment_record
from workflows.mutual_aid import MutualAidFlow
from workflows.relief import ReliefFlow

FLOWS = {"relief": ReliefFlow, "mutual_aid": MutualAidFlow}
AMOUNT = Decimal("3000.00")


def a_case(program: str, member: Any, number: int = 1) -> Case:
    return Case.objects.create(
        flow_class=FLOWS[program],
        case_number=f"{program[:2].upper()}-2026-{number:06d}",
        program=program,
        case_status="approved",
        org_unit=member.org_unit,
        member=member,
    )


def pay(case: Case, actor: Any, **overrides: Any) -> Payment:
    values: dict[str, Any] = {
        "amount": AMOUNT,
        "method": "bank_transfer",
        "reference": f"B-{case.pk}",
        "paid_on": timezone.localdate(),
        "approved_amount": AMOUNT,
    }
    return payment_record(case=case, actor=actor, **{**values, **overrides})


def payments_made(case: Case) -> int:
    return AuditEvent.objects.filter(case=case, type="payment_made").count()


def test_a_relief_and_a_mutual_aid_payment_are_rows_of_the_one_payment_model(users, member):
    relief, claim = a_case("relief", member, 1), a_case("mutual_aid", member, 2)
    pay(relief, users["finance"])
    pay(claim, users["finance"], method="cash")
    relief.refresh_from_db()
    claim.refresh_from_db()
    assert relief.payment.amount == claim.payment.amount == AMOUNT
    assert set(member.payments.values_list("case__program", flat=True)) == {"relief", "mutual_aid"}
    assert payments_made(relief) == payments_made(claim) == 1


def test_payment_record_refuses_a_second_payment_of_the_case_as_already_paid(users, member):
    case = a_case("relief", member)
    pay(case, users["finance"])
    with pytest.raises(Conflict) as refused:
        pay(case, users["finance"], method="cash", reference="B-again")
    assert refused.value.code == "already_paid"
    assert Payment.objects.filter(case=case).count() == 1
    assert payments_made(case) == 1


def test_payment_record_refuses_an_amount_other_than_the_approved_one(users, member):
    case = a_case("mutual_aid", member)
    with pytest.raises(InvalidInput) as refused:
        pay(case, users["finance"], amount=Decimal("3000.01"))
    assert list(refused.value.fields) == ["amount"]
    assert not Payment.objects.filter(case=case).exists() and payments_made(case) == 0


def test_a_refusal_of_the_programs_limits_leaves_no_payment_and_no_event(users, member):
    case = a_case("mutual_aid", member)
    seen = []

    def over_the_cap(payment: Payment) -> None:
        seen.append(payment.amount)
        raise Conflict("past the cap", code="cap_exhausted")

    with pytest.raises(Conflict) as refused:
        pay(case, users["finance"], within_limits=over_the_cap)
    assert refused.value.code == "cap_exhausted" and seen == [AMOUNT]
    assert not Payment.objects.filter(case=case).exists() and payments_made(case) == 0
    pay(case, users["finance"])  # the refusal left the case payable
    assert Payment.objects.filter(case=case).count() == 1


BEFORE = [
    ("core", "0006_normalize_identifiers"),
    ("relief", "0005_drop_unused_report_indexes"),
    ("mutual_aid", "0005_normalize_identifiers"),
]
AFTER = [
    ("relief", "0006_payment_to_core"),
    ("mutual_aid", "0006_payment_to_core"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


# serialized_rollback: the flush after it keeps the content types out, as the
# other transactional tests expect (they restore the data migrations' rows)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_payment_migrations_merge_both_programs_tables_and_split_them_back(users, member):
    relief, claim = a_case("relief", member, 1), a_case("mutual_aid", member, 2)
    finance = users["finance"]
    try:
        old = _migrate(BEFORE)
        recorded = {}
        for case, app, model in (
            (relief, "relief", "ReliefPayment"),
            (claim, "mutual_aid", "ClaimPayment"),
        ):
            row = old.get_model(app, model).objects.create(
                case_id=case.pk,
                member_id=member.pk,
                amount=AMOUNT,
                method="cash",
                reference=f"B-{case.pk}",
                paid_on=dt.date(2026, 3, 1),
                paid_by_id=finance.pk,
            )
            recorded[case.pk] = row.recorded_at

        new = _migrate(AFTER)
        rows = new.get_model("core", "Payment").objects.order_by("case_id")
        assert [(p.case_id, p.reference, p.recorded_at) for p in rows] == [
            (relief.pk, f"B-{relief.pk}", recorded[relief.pk]),
            (claim.pk, f"B-{claim.pk}", recorded[claim.pk]),
        ]

        old = _migrate(BEFORE)
        back = {
            app: list(old.get_model(app, model).objects.values_list("case_id", "recorded_at"))
            for app, model in (("relief", "ReliefPayment"), ("mutual_aid", "ClaimPayment"))
        }
        assert back == {
            "relief": [(relief.pk, recorded[relief.pk])],
            "mutual_aid": [(claim.pk, recorded[claim.pk])],
        }
    finally:
        MigrationExecutor(connection).migrate(
            [(app, leaf) for app, leaf in MigrationExecutor(connection).loader.graph.leaf_nodes()]
        )
