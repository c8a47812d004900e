"""The whole relief journey through the public API."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from casework.core.models import Payment
from casework.relief.models import RosterEntry
from tests.conftest import end_public_notice, recommendation


def test_happy_path_from_submission_to_closed(api, member):
    case = api("caseworker").relief_case(member)
    number = case["case_number"]
    assert number.startswith(f"RL-{timezone.localdate().year}-")
    assert case["status"] == "submitted"
    assert [t["name"] for t in case["open_tasks"]] == ["verify"]

    cw = api("caseworker")
    task = cw.open_task(number, "verify")
    assert cw.post(f"/api/tasks/{task['id']}/claim/").json()["assignee"] == "caseworker"
    assert cw.get(f"/api/cases/{number}/").json()["status"] == "verifying"

    done = cw.complete(number, "verify", "recommend", **recommendation())
    assert done.status_code == 200, done.json()
    data = done.json()["case"]["data"]
    assert data["per_capita_monthly_income"] == "500.00"
    assert data["category"] == "deep"
    assert data["subsistence_standard"] == "1062.00"
    assert done.json()["case"]["status"] == "public_notice"

    end_public_notice(number)
    sup = api("supervisor")
    assert sup.get(f"/api/cases/{number}/").json()["status"] == "awaiting_approval"
    approved = sup.complete(number, "approve", "approve", approved_amount="3000.00")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["case"]["status"] == "approved"
    assert RosterEntry.objects.get(member=member).category == "deep"

    fin = api("finance")
    paid = fin.complete(
        number,
        "disburse",
        "pay",
        amount="3000.00",
        method="bank_transfer",
        reference="BANK-1",
        paid_on=timezone.localdate().isoformat(),
    )
    assert paid.status_code == 200, paid.json()
    case = paid.json()["case"]
    assert case["status"] == "closed"
    assert case["closed"] is not None
    assert case["open_tasks"] == []
    assert Payment.objects.get(case__case_number=number).amount == Decimal("3000.00")

    # the whole chain for the auditor; the caseworker's leaves out the
    # who-viewed log (the auditors') and nothing else
    full = api("auditor").get(f"/api/cases/{number}/timeline/").json()
    assert [e["seq"] for e in full] == list(range(1, len(full) + 1))
    timeline = cw.get(f"/api/cases/{number}/timeline/").json()
    assert timeline == [e for e in full if e["type"] != "viewed"]
    types = [e["type"] for e in timeline]
    for expected in (
        "case_created",
        "task_claimed",
        "task_completed",
        "timer_fired",
        "payment_made",
        "roster_filed",
        "status_changed",
    ):
        assert expected in types
    completed = [e["data"]["action"] for e in timeline if e["type"] == "task_completed"]
    assert completed == ["recommend", "approve", "pay"]

    audit = api("auditor").get("/api/audit/verify/").json()
    assert audit["ok"] is True and audit["first_broken"] is None


def test_senior_approval_needs_a_second_different_supervisor(api, member):
    number = api("caseworker").relief_case(member, requested_amount="6000.00")["case_number"]
    api("caseworker").complete(
        number, "verify", "recommend", **recommendation(recommended_amount="6000.00")
    )
    end_public_notice(number)
    first = api("supervisor").complete(number, "approve", "approve", approved_amount="6000.00")
    assert first.json()["case"]["status"] == "awaiting_approval"
    assert [t["name"] for t in first.json()["case"]["open_tasks"]] == ["approve_senior"]

    same = api("supervisor").complete(
        number, "approve_senior", "approve", approved_amount="6000.00"
    )
    assert same.status_code == 403
    assert same.json()["error"]["code"] == "four_eyes"

    second = api("supervisor2").complete(
        number, "approve_senior", "approve", approved_amount="6000.00"
    )
    assert second.status_code == 200, second.json()
    assert second.json()["case"]["status"] == "approved"
    assert second.json()["case"]["data"]["senior_approved_by"] == "supervisor2"


def test_return_supplement_resubmit_goes_back_to_verify(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    cw = api("caseworker")
    returned = cw.complete(number, "verify", "return", reason="缺少收入证明")
    assert returned.json()["case"]["status"] == "awaiting_supplement"
    resubmitted = cw.complete(
        number, "supplement", "resubmit", note="已补充", household_annual_income="20000.00"
    )
    assert resubmitted.status_code == 200, resubmitted.json()
    case = resubmitted.json()["case"]
    assert case["status"] == "submitted"
    assert case["data"]["household_annual_income"] == "20000.00"
    assert [t["name"] for t in case["open_tasks"]] == ["verify"]


def test_reject_at_verification_ends_the_case(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    rejected = api("caseworker").complete(
        number, "verify", "reject", reason_code="false_information", reason="不实"
    )
    assert rejected.status_code == 200
    assert rejected.json()["case"]["status"] == "rejected"
    assert rejected.json()["case"]["data"]["reason_code"] == "false_information"


def test_objection_during_notice_goes_back_to_verify(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    cw = api("caseworker")
    cw.complete(number, "verify", "recommend", **recommendation())
    objected = api("caseworker").complete(
        number, "public_notice", "object", objection="邻居反映其家庭收入较高"
    )
    assert objected.status_code == 200, objected.json()
    case = objected.json()["case"]
    assert case["status"] == "submitted"
    assert [t["name"] for t in case["open_tasks"]] == ["verify"]
    from workflows.due_work import due_work_run

    assert due_work_run().timers_fired == 0  # the notice timer died with the objection


def test_withdraw_before_approval_cancels_open_tasks(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    withdrawn = api("caseworker").post(f"/api/cases/{number}/withdraw/", {"reason": "申请人撤回"})
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["open_tasks"] == []
    again = api("caseworker").post(f"/api/cases/{number}/withdraw/", {"reason": "again"})
    assert again.status_code == 409


def test_zero_notice_days_goes_straight_to_approval(api, member, users):
    assert (
        api("admin").patch("/api/parameters/relief.public_notice_days/", {"value": 0}).status_code
        == 200
    )
    number = api("caseworker").relief_case(member)["case_number"]
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert done.json()["case"]["status"] == "awaiting_approval"
