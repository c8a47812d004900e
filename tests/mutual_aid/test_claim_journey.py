"""Mutual-aid claims through the public API: the flow, the cap across
claims, four-eyes, duplicate invoices and who sees medical details."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.errors import Conflict
from casework.core.models import Case, Payment
from casework.demo.seed import seed_member_login
from casework.mutual_aid.models import MemberLedger
from casework.mutual_aid.services import claim_pay
from tests.mutual_aid.helpers import claim, claim_approved, claim_case, claim_paid, enroll, plan

TODAY = timezone.localdate


def test_an_inpatient_claim_goes_from_submission_to_paid(api, member):
    enroll(member)
    case = claim_case(api, member)
    number = case["case_number"]
    assert number.startswith(f"MA-{TODAY().year}-")
    assert case["status"] == "submitted"
    assert case["data"]["benefit"]["amount"] == "7220.00"
    assert case["data"]["benefit"]["eligible"] is True
    assert case["data"]["benefit"]["plan"]["version"] == 1
    assert [t["name"] for t in case["open_tasks"]] == ["review"]

    approved = claim_approved(api, number)
    assert approved["status"] == "approved"
    assert approved["data"]["approved_amount"] == "7220.00"
    paid = claim_paid(api, number, "7220.00")
    assert paid.status_code == 200, paid.json()
    assert paid.json()["case"]["status"] == "closed"
    ledger = MemberLedger.objects.get(member=member, plan=plan())
    assert ledger.paid_total == Decimal("7220.00") and ledger.paid_claims == 1
    with pytest.raises(Conflict):  # a retried payment, whatever its path
        claim_pay(
            case=Case.objects.get(case_number=number),
            actor=api("finance").user,
            amount=Decimal("7220.00"),
            method="cash",
            reference="B-2",
            paid_on=TODAY(),
        )
    assert Payment.objects.filter(case__case_number=number).count() == 1
    types = [e["type"] for e in api("auditor").get(f"/api/cases/{number}/timeline/").json()]
    assert "mutual_aid_benefit_assessed" in types and "payment_made" in types


def test_a_second_claim_the_same_year_is_limited_by_the_remaining_cap(api, member):
    enroll(member)
    first = claim_case(api, member, eligible_self_pay="50000.00", total_expense="70000.00")
    assert first["data"]["benefit"]["amount"] == "30090.00"
    claim_approved(api, first["case_number"])
    second = claim_case(api, member)
    # later stay: 15,000 − 650 → 7,610.00, but only 110.00 of the cap is left
    assert second["data"]["benefit"]["amount"] == "110.00"
    approved = claim_approved(api, second["case_number"])
    assert approved["data"]["approved_amount"] == "110.00"
    assert claim_paid(api, first["case_number"], "30090.00").status_code == 200
    assert claim_paid(api, second["case_number"], "110.00").status_code == 200
    assert MemberLedger.objects.get(member=member).paid_total == Decimal("30200.00")


def test_a_rejected_claim_does_not_use_up_the_first_stay_deductible(api, member):
    enroll(member)
    first = claim_case(api, member)["case_number"]
    api("caseworker").complete(first, "review", "reject", reason_code="documents_invalid")
    assert claim_case(api, member)["data"]["benefit"]["amount"] == "7220.00"


def test_a_critical_illness_claim_needs_the_medical_review(api, member):
    enroll(member, "critical_illness")
    case = claim_case(api, member, product="critical_illness", severity_class="3")
    number = case["case_number"]
    assert case["data"]["benefit"]["amount"] == "2000.00"
    accepted = api("caseworker").complete(number, "review", "accept")
    assert accepted.json()["case"]["status"] == "medical_review"
    wrong_role = api("supervisor").complete(number, "medical_review", "confirm", severity_class="1")
    assert wrong_role.status_code == 403
    confirmed = api("medical_reviewer").complete(
        number, "medical_review", "confirm", severity_class="1"
    )
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["case"]["data"]["benefit"]["amount"] == "6000.00"
    assert confirmed.json()["case"]["status"] == "awaiting_approval"
    api("supervisor").complete(number, "approve", "approve")
    assert claim_paid(api, number, "6000.00").status_code == 200
    # once per member per year
    again = claim_case(api, member, product="critical_illness", severity_class="2")
    assert again["data"]["benefit"]["reasons"] == ["CAP_EXHAUSTED"]


def test_female_special_for_a_male_member_is_not_applicable(api, members):
    male = next(m for m in members if m.gender == "male")
    enroll(male, "inpatient")
    case = claim_case(api, male, product="female_special", severity_class="1")
    assert case["data"]["benefit"]["eligible"] is False
    assert "NOT_APPLICABLE" in case["data"]["benefit"]["reasons"]


def test_an_ineligible_claim_can_only_be_rejected_or_returned(api, member):
    case = claim_case(api, member)  # not enrolled
    number = case["case_number"]
    assert case["data"]["benefit"]["reasons"] == ["NOT_ENROLLED"]
    refused = api("caseworker").complete(number, "review", "accept")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "not_eligible"
    returned = api("caseworker").complete(number, "review", "return", reason="请先参保")
    assert returned.json()["case"]["status"] == "awaiting_supplement"
    enroll(member)
    resubmitted = api("caseworker").complete(number, "supplement", "resubmit", note="已参保")
    assert resubmitted.status_code == 200, resubmitted.json()
    assert resubmitted.json()["case"]["data"]["benefit"]["amount"] == "7220.00"
    assert resubmitted.json()["case"]["status"] == "submitted"


def test_the_reviewer_may_not_approve(api, member, users):
    users["supervisor"].groups.add(*users["caseworker"].groups.all())
    enroll(member)
    number = claim_case(api, member)["case_number"]
    api("supervisor").complete(number, "review", "accept")
    same = api("supervisor").complete(number, "approve", "approve")
    assert same.status_code == 403
    assert same.json()["error"]["code"] == "four_eyes"
    assert api("supervisor2").complete(number, "approve", "approve").status_code == 200


def test_the_review_may_correct_the_eligible_self_pay(api, member):
    enroll(member)
    number = claim_case(api, member)["case_number"]
    done = api("caseworker").complete(number, "review", "accept", eligible_self_pay="11300.00")
    # 11,300 − 1,300 = 10,000 × 50%
    assert done.json()["case"]["data"]["benefit"]["amount"] == "5000.00"


def test_a_claim_keeps_explaining_itself_after_the_plan_changes(api, member):
    enroll(member)
    number = claim_case(api, member)["case_number"]
    p = plan()
    changed = api("supervisor").patch(
        f"/api/mutual-aid/plans/{p.pk}/", {"deductible_first": "2000.00"}
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["version"] == 2
    benefit = api("caseworker").get(f"/api/cases/{number}/").json()["data"]["benefit"]
    assert benefit["plan"]["version"] == 1
    assert benefit["plan"]["parameters"]["deductible_first"] == "1300.00"
    assert benefit["amount"] == "7220.00"
    event = AuditEvent.objects.get(case=None, type="mutual_aid_plan_changed")
    assert event.data["changes"]["deductible_first"] == ["1300.00", "2000.00"]


def test_an_invoice_claimed_before_is_refused_naming_the_case(api, member, members):
    enroll(member)
    first = claim_case(api, member, invoice_numbers=["FP-001", "FP-002"])["case_number"]
    other = next(m for m in members if m.pk != member.pk)
    again = api("caseworker").post(
        "/api/mutual-aid/claims/", claim(other, invoice_numbers=["FP-009", "FP-002"])
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_invoice"
    assert first in again.json()["error"]["message"]


def test_a_caseworker_of_another_union_sees_nothing_of_the_claim(api, other_unit_member):
    enroll(other_unit_member)
    number = claim_case(api, other_unit_member)["case_number"]
    outsider = api("caseworker2")
    assert outsider.get(f"/api/cases/{number}/").status_code == 404
    assert outsider.get(f"/api/cases/{number}/timeline/").status_code == 404
    listed = outsider.get("/api/cases/", program="mutual_aid").json()
    assert number not in [c["case_number"] for c in listed["results"]]
    queue = outsider.get("/api/tasks/", scope="queue").json()["results"]
    assert number not in [t["case_number"] for t in queue]
    enrollments = outsider.get("/api/mutual-aid/enrollments/").json()
    assert other_unit_member.pk not in [e["member"]["id"] for e in enrollments["results"]]


def test_medical_details_are_shown_only_to_the_roles_that_need_them(api, member, org):
    enroll(member)
    number = claim_case(api, member)["case_number"]
    for role in ("caseworker", "medical_reviewer", "supervisor"):
        data = api(role).get(f"/api/cases/{number}/").json()["data"]
        assert data["diagnosis"] == "肺炎", role
        assert data["invoice_numbers"], role
    # finance pays the approved amount and the auditor reads decisions: no medical detail
    for role in ("finance", "auditor", "coordinator", "mediator"):
        data = api(role).get(f"/api/cases/{number}/").json()["data"]
        for hidden in ("diagnosis", "hospital", "total_expense", "invoice_numbers"):
            assert hidden not in data, (role, hidden)
        assert data["benefit"]["explanation"] == []
        assert data["medical_details_hidden"] is True
    login = seed_member_login(member, org["county"])
    from tests.conftest import Api

    own = Api(login).get(f"/api/cases/{number}/").json()["data"]
    assert own["diagnosis"] == "肺炎"


def test_a_member_claims_for_themself_only(api, member, members, org):
    enroll(member)
    login = seed_member_login(member, org["county"])
    from tests.conftest import Api

    me = Api(login)
    assert me.post("/api/mutual-aid/claims/", claim(member)).status_code == 201
    other = next(m for m in members if m.pk != member.pk)
    assert me.post("/api/mutual-aid/claims/", claim(other)).status_code == 403


def test_a_claim_is_withdrawn_before_approval(api, member):
    enroll(member)
    number = claim_case(api, member)["case_number"]
    done = api("caseworker").post(f"/api/cases/{number}/withdraw/", {"reason": "撤回"})
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"
