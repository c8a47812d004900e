"""The relief services called directly, on a case opened through
``workflows.intake.relief_submit`` and moved by the engine: what each
refuses and what it writes. The same rules through the API, with the
error's shape: tests/api/test_relief_bad_input.py (the grant limits of
temporary aid, the resubmission that switches aid type, the ceiling at
7600.00 exactly, the approved amount); the lapse through the API:
tests/workflows/test_overdue_only.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.errors import Conflict, InvalidInput
from casework.core.models import Case, Payment
from casework.relief.models import ReliefApplication, RosterEntry
from casework.relief.roster import next_review
from casework.relief.services import relief_intake, relief_pay, relief_recommend
from casework.relief.statuses import ReliefStatus
from tests.conftest import application
from tests.workflows.helpers import payment, recommended, relief_opened, step
from workflows.models import TaskInfo


def fields_of(member, **overrides):
    return {k: v for k, v in application(member, **overrides).items() if k != "member"}


def granted(users, member, **overrides) -> Case:
    """Recommended (``overrides``) and approved at 3000.00: a grant."""
    case = recommended(relief_opened(users["caseworker"], member), users["caseworker"], **overrides)
    return step(case, "approve", users["supervisor"], "approve", approved_amount="3000.00")


# --- relief_intake -----------------------------------------------------------


def test_intake_refuses_a_second_open_case_naming_the_open_one(users, member):
    first = relief_opened(users["caseworker"], member)
    with pytest.raises(Conflict) as refused:
        relief_intake(actor=users["caseworker"], member=member, **fields_of(member))
    assert refused.value.code == "duplicate_case"
    assert first.case_number in refused.value.message
    assert Case.objects.filter(program="relief", member=member).count() == 1


def test_intake_refuses_a_second_grant_of_one_aid_type_in_a_year_naming_the_grant(users, member):
    case = granted(users, member)
    step(case, "disburse", users["finance"], "pay", **payment())
    with pytest.raises(Conflict) as refused:
        relief_intake(actor=users["caseworker"], member=member, **fields_of(member))
    assert refused.value.code == "limit_reached"
    assert case.case_number in refused.value.message
    # another aid type is not limited by it
    intake = relief_intake(
        actor=users["caseworker"], member=member, **fields_of(member, aid_type="education")
    )
    assert intake.program == "relief" and intake.status == ReliefStatus.SUBMITTED


def test_intake_refuses_temporary_aid_for_a_cause_granted_before(users, member):
    case = granted(users, member)
    step(case, "disburse", users["finance"], "pay", **payment())
    # granted last year: only the lifetime limits of temporary aid apply now
    last_year = dt.date(timezone.localdate().year - 1, 6, 1)
    ReliefApplication.objects.filter(case=case).update(
        aid_type="temporary", cause="disaster", granted_on=last_year
    )
    with pytest.raises(Conflict) as refused:
        relief_intake(
            actor=users["caseworker"],
            member=member,
            **fields_of(member, aid_type="temporary", cause="disaster"),
        )
    assert refused.value.code == "limit_reached"
    assert "disaster" in refused.value.message and case.case_number in refused.value.message


# --- relief_recommend --------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "category"),
    [
        ("24000.00", "deep"),  # (24000 − 6000) / 12 / 3 = 500.00 < 1062
        ("60000.00", "relative"),  # 1500.00 < 2 × 1062
    ],
)
def test_recommend_files_the_category_against_the_units_standard(users, member, income, category):
    case = relief_opened(users["caseworker"], member)
    step(case, "verify", users["caseworker"], "recommend", **_recommend(income))
    app = ReliefApplication.objects.get(case=case)
    assert app.category == category
    assert app.subsistence_standard == Decimal("1062.00")
    assert app.recommended_by == users["caseworker"]
    assert app.recommended_amount == Decimal("3000.00")


def _recommend(income: str, amount: str = "3000.00") -> dict:
    return {
        "visit_date": timezone.localdate().isoformat(),
        "verified_annual_income": income,
        "verified_rigid_expenses": "6000.00",
        "household_size": 3,
        "recommended_amount": amount,
        "notes": "",
    }


def test_recommend_refuses_an_amount_above_the_ceiling_and_a_household_not_eligible(users, member):
    case = relief_opened(users["caseworker"], member)
    kwargs = {
        "case": case,
        "actor": users["caseworker"],
        "visit_date": timezone.localdate(),
        "verified_rigid_expenses": Decimal("6000.00"),
        "household_size": 3,
    }
    with pytest.raises(InvalidInput) as above:
        relief_recommend(
            verified_annual_income=Decimal("24000.00"),
            recommended_amount=Decimal("7600.01"),
            **kwargs,
        )
    assert "7600" in " ".join(above.value.fields["recommended_amount"])
    with pytest.raises(Conflict) as poor_enough:
        relief_recommend(
            verified_annual_income=Decimal("200000.00"),
            recommended_amount=Decimal("100.00"),
            **kwargs,
        )
    assert poor_enough.value.code == "not_eligible"
    assert ReliefApplication.objects.get(case=case).category == ""


# --- the grant on final approval ---------------------------------------------


@pytest.mark.parametrize("income", ["24000.00", "60000.00"])
def test_final_approval_grants_today_and_files_the_household_on_the_roster(users, member, income):
    case = granted(users, member, verified_annual_income=income)
    app = ReliefApplication.objects.get(case=case)
    today = timezone.localdate()
    assert app.granted_on == today
    entry = RosterEntry.objects.get(member=member)
    assert (entry.case_id, entry.category, entry.filed_on) == (case.pk, app.category, today)
    assert entry.review_due == next_review(today)
    assert entry.status == RosterEntry.Status.ACTIVE
    assert AuditEvent.objects.filter(case=case, type="roster_filed").count() == 1


def test_a_senior_approval_grants_only_at_the_second_approval(users, member):
    case = relief_opened(users["caseworker"], member, requested_amount="6000.00")
    case = recommended(case, users["caseworker"], recommended_amount="6000.00")
    step(case, "approve", users["supervisor"], "approve", approved_amount="6000.00")
    assert ReliefApplication.objects.get(case=case).granted_on is None
    assert not RosterEntry.objects.filter(member=member).exists()
    step(case, "approve_senior", users["supervisor2"], "approve", approved_amount="6000.00")
    assert ReliefApplication.objects.get(case=case).granted_on == timezone.localdate()
    assert RosterEntry.objects.filter(member=member, case=case).exists()


# --- relief_pay ----------------------------------------------------------------


def test_pay_records_one_payment_and_closes_the_case_and_a_second_is_already_paid(users, member):
    case = step(granted(users, member), "disburse", users["finance"], "pay", **payment())
    assert case.case_status == ReliefStatus.CLOSED
    with pytest.raises(Conflict) as again:
        relief_pay(
            case=Case.objects.get(pk=case.pk),
            actor=users["finance"],
            amount=Decimal("3000.00"),
            method="cash",
            reference="BANK-2",
            paid_on=timezone.localdate(),
        )
    assert again.value.code == "already_paid"
    assert Payment.objects.filter(case=case).count() == 1


# --- relief_lapse through the engine ----------------------------------------------


def test_lapse_is_taken_through_the_engine_only_once_the_supplement_is_overdue(users, member):
    case = relief_opened(users["caseworker"], member)
    step(case, "verify", users["caseworker"], "return", reason="请补充收入证明")
    with pytest.raises(Conflict) as early:
        step(case, "supplement", users["supervisor"], "lapse", reason="逾期未补")
    assert early.value.code == "not_overdue"
    assert Case.objects.get(pk=case.pk).case_status == ReliefStatus.AWAITING_SUPPLEMENT

    TaskInfo.objects.filter(case=case, node="supplement").update(
        due=timezone.localdate() - dt.timedelta(days=1)
    )
    closed = step(case, "supplement", users["supervisor"], "lapse", reason="逾期未补")
    assert closed.case_status == ReliefStatus.LAPSED
    assert closed.closed is not None
    assert ReliefApplication.objects.get(case=case).history[-1]["kind"] == "lapsed"
