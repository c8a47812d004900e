"""Reconsideration journeys through the API (PROCESSES.md §6): a rejection
upheld (the member is told why) and rejections overturned (a new case of
the original program, pre-filled, linked both ways, at its first review
step); the original decider may not review (four-eyes across the cases)."""

from __future__ import annotations

from django.utils import timezone

from casework.notifications.models import Notification
from casework.relief.models import ReliefApplication
from tests.helpers import assert_error
from tests.legal.aid_helpers import apply
from tests.reconsideration.helpers import claim_rejected, relief_rejected, requested


def _types(api, number: str) -> list[str]:
    return [e["type"] for e in api("auditor").get(f"/api/cases/{number}/timeline/").json()]


def test_the_member_asks_and_the_rejection_is_upheld_with_the_reason_told(api, member, member_api):
    original = relief_rejected(api, member)
    rc = requested(member_api, original)
    number = rc["case_number"]
    assert number.startswith(f"RC-{timezone.localdate().year}-")
    assert rc["program"] == "reconsideration"
    assert rc["status"] == "reviewing"
    assert rc["data"]["original"] == original
    assert rc["data"]["reason"] == "家庭情况有新变化"
    assert [t["name"] for t in rc["open_tasks"]] == ["review"]
    assert api("caseworker").get(f"/api/cases/{original}/").json()["data"]["reconsideration"] == (
        number
    )

    done = api("supervisor").complete(number, "review", "uphold", reason="收入核实无误，维持原决定")
    assert done.status_code == 200, done.json()
    case = done.json()["case"]
    assert case["status"] == "upheld" and case["closed"] is not None
    assert case["data"]["decision"] == "uphold"
    assert case["data"]["decision_reason"] == "收入核实无误，维持原决定"
    assert case["data"]["reopened_as"] is None

    told = Notification.objects.filter(recipient=member_api.user, case__case_number=number)
    assert told.count() == 1
    assert "收入核实无误，维持原决定" in told.get().body
    assert "reconsideration_requested" in _types(api, original)
    assert "reconsideration_decided" in _types(api, original)
    file = member_api.get(f"/api/members/{member.pk}/file/").json()
    assert {"case_number": number, "status": "upheld"}.items() <= next(
        c for c in file["cases"] if c["case_number"] == number
    ).items()


def test_the_original_decider_may_not_review_and_another_supervisor_overturns_a_claim(api, member):
    original = claim_rejected(api, member)
    before = api("caseworker").get(f"/api/cases/{original}/").json()["data"]
    number = requested(api("caseworker"), original)["case_number"]

    refused = api("supervisor").complete(number, "review", "overturn", reason="应予保障")
    assert_error(refused, 403, code="four_eyes")
    tasks = [t["id"] for t in api("supervisor").get("/api/tasks/").json()["results"]]
    assert api("supervisor2").open_task(number, "review")["id"] not in tasks

    done = api("supervisor2").complete(number, "review", "overturn", reason="符合保障范围")
    assert done.status_code == 200, done.json()
    rc = done.json()["case"]
    assert rc["status"] == "overturned"
    new_number = rc["data"]["reopened_as"]
    assert new_number.startswith("MA-") and new_number != original

    new = api("caseworker").get(f"/api/cases/{new_number}/").json()
    assert new["program"] == "mutual_aid" and new["member"]["id"] == member.pk
    assert new["status"] == "submitted"
    assert [t["name"] for t in new["open_tasks"]] == ["review"]
    assert new["data"]["reopened_from"] == original
    assert new["data"]["reconsideration"] == number
    for name in ("hospital", "diagnosis", "admitted_on", "eligible_self_pay"):
        assert new["data"][name] == before[name], name
    assert "case_reopened" in _types(api, original)
    assert "reconsideration_decided" in _types(api, new_number)
    assert "case_reopened" in _types(api, number)


def test_an_overturned_relief_rejection_starts_a_new_application_at_verification(
    api, member, member_api
):
    original = relief_rejected(api, member)
    number = requested(member_api, original)["case_number"]
    done = api("supervisor").complete(number, "review", "overturn", reason="困难情况属实")
    assert done.status_code == 200, done.json()
    new_number = done.json()["case"]["data"]["reopened_as"]
    new = member_api.get(f"/api/cases/{new_number}/").json()
    assert new["program"] == "relief" and new["status"] == "submitted"
    assert [t["name"] for t in new["open_tasks"]] == ["verify"]
    assert new["data"]["reopened_from"] == original
    old = ReliefApplication.objects.get(case__case_number=original)
    app = ReliefApplication.objects.get(case__case_number=new_number)
    for name in ("aid_type", "cause", "reason", "household_size", "requested_amount"):
        assert getattr(app, name) == getattr(old, name), name
    told = Notification.objects.get(recipient=member_api.user, case__case_number=number)
    assert new_number in told.body and "困难情况属实" in told.body


def test_an_overturned_legal_aid_refusal_starts_a_new_application_at_review(api):
    original = apply(api, amount_in_dispute="800.00", household_monthly_income="6000.00")
    number = original["case_number"]
    refused = api("caseworker").complete(number, "review", "refuse", reason="争议金额不足一千元")
    assert refused.json()["case"]["status"] == "refused"
    rc = requested(api("caseworker"), number)["case_number"]
    done = api("supervisor").complete(rc, "review", "overturn", reason="另有加班费未计入争议金额")
    assert done.status_code == 200, done.json()
    new_number = done.json()["case"]["data"]["reopened_as"]
    new = api("caseworker").get(f"/api/cases/{new_number}/").json()
    assert new["program"] == "legal_aid" and new_number.startswith("LA-")
    assert [t["name"] for t in new["open_tasks"]] == ["review"]
    assert new["data"]["reopened_from"] == number
    assert new["data"]["amount_in_dispute"] == original["data"]["amount_in_dispute"]
    assert new["data"]["applicant"]["name"] == original["data"]["applicant"]["name"]
