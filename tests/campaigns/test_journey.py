"""The two journeys of PROCESSES.md §4 through the API: a 送温暖 list
straight to the issue and closed; a 金秋助学 list through its 公示, an
objection back to the review, then approved and issued."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from rest_framework.test import APIClient

from casework.core.models import Payment
from tests.conftest import end_public_notice

from .conftest import assert_error, campaign_row, listed, member_user, recipients_of, student

TODAY = timezone.localdate


def _issue(api, case_number: str, recipient: int, method: str = "cash"):
    return api("finance").post(
        f"/api/campaign-lists/{case_number}/recipients/{recipient}/issue/",
        {"method": method, "reference": f"QL-{recipient}", "issued_on": TODAY().isoformat()},
    )


def test_a_winter_warmth_list_goes_from_nomination_to_issue_and_close(
    api, campaign, grassroots, own_members, county
):
    c = campaign()
    assert c["notice_days"] == 0 and c["remaining"] == "100000.00"
    case = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "hard", "note": "患病"},
            {"member": own_members[1].pk, "tier": "deep"},
            {"member": own_members[2].pk, "tier": "hard"},
        ],
    )
    n = case["case_number"]
    assert n.startswith(f"CP-{TODAY().year}-") and case["program"] == "campaign"
    assert case["status"] == "submitted"
    assert case["data"]["total_cash"] == "5600.00" and case["data"]["total_goods"] == "1300.00"

    # the nominating union may not review its own list
    task = api("caseworker2").open_task(n, "review")
    refused = api("caseworker2").post(f"/api/tasks/{task['id']}/complete/", {"action": "verify"})
    assert_error(refused, 403)

    first, second, third = (r["id"] for r in recipients_of(api, n))
    excluded = api("caseworker").post(
        f"/api/campaign-lists/{n}/recipients/{third}/exclude/", {"reason": "已调离"}
    )
    assert excluded.status_code == 200 and excluded.json()["status"] == "excluded"
    assert excluded.json()["reason"] == "已调离"
    done = api("caseworker").complete(n, "review", "verify")
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "awaiting_approval"

    approved = api("supervisor").complete(n, "approve", "approve", comment="同意")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["case"]["status"] == "disbursing"
    figures = api("supervisor").get(f"/api/campaigns/{c['id']}/").json()
    assert figures["approved_total"] == "3900.00" and figures["remaining"] == "96100.00"

    issued = _issue(api, n, first)
    assert issued.status_code == 200, issued.json()
    assert issued.json()["status"] == "issued" and issued.json()["issued"]["method"] == "cash"
    assert_error(_issue(api, n, first), 409, "already_paid")
    assert_error(api("finance").complete(n, "disburse", "close"), 409, "not_all_issued")
    signed = api("finance").post(
        f"/api/campaign-lists/{n}/recipients/{first}/sign/",
        {"signed_on": TODAY().isoformat(), "signed_by": own_members[0].name},
    )
    assert signed.status_code == 200 and signed.json()["signed"]["signed_by"] == own_members[0].name
    assert _issue(api, n, second, "goods").status_code == 200
    closed = api("finance").complete(n, "disburse", "close")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["case"]["status"] == "closed"

    c_row = campaign_row(c)
    assert (c_row.issued_total, c_row.person_times) == (Decimal("3900.00"), 2)
    grant = Payment.objects.get(item=first)
    assert grant.member_id == own_members[0].pk and grant.amount == Decimal("3000.00")

    # the member sees their own grant, and no one else's
    mine = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    mine.force_authenticate(member_user(own_members[0], county))
    grants = mine.get("/api/campaign-grants/").json()
    assert [g["id"] for g in grants] == [first]
    assert grants[0]["status"] == "signed" and grants[0]["case_number"] == n
    assert mine.get(f"/api/cases/{n}/").status_code == 404
    # and in their member file, as a payment
    file = mine.get(f"/api/members/{own_members[0].pk}/file/").json()
    assert [(p["case_number"], p["amount"]) for p in file["payments"]] == [(n, "3000.00")]


def test_a_golden_autumn_list_goes_through_its_notice_an_objection_and_back(
    api, campaign, grassroots, own_members
):
    c = campaign("golden_autumn")
    assert c["notice_days"] == 5
    case = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "undergraduate", "student": student(1)},
            {"member": own_members[1].pk, "tier": "college", "student": student(2)},
        ],
    )
    n = case["case_number"]
    shown = case["data"]["recipients"][0]["student"]
    assert shown["name"] == "学生1" and "*" in shown["id_number"]

    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    detail = api("caseworker").get(f"/api/cases/{n}/").json()
    assert detail["status"] == "public_notice" and detail["data"]["notice_ends_on"]
    first = detail["data"]["recipients"][0]["id"]
    objected = api("caseworker").complete(
        n, "public_notice", "object", recipient=first, objection="家庭收入不符"
    )
    assert objected.status_code == 200, objected.json()
    assert objected.json()["case"]["status"] in ("submitted", "reviewing")

    excluded = api("caseworker").post(
        f"/api/campaign-lists/{n}/recipients/{first}/exclude/", {"reason": "异议属实"}
    )
    assert excluded.status_code == 200
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    end_public_notice(n)
    assert api("supervisor").get(f"/api/cases/{n}/").json()["status"] == "awaiting_approval"
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200

    second = recipients_of(api, n)[1]
    assert second["status"] == "approved"
    assert _issue(api, n, second["id"], "bank_transfer").status_code == 200
    closed = api("finance").complete(n, "disburse", "close")
    assert closed.json()["case"]["status"] == "closed"
    statuses = [r["status"] for r in recipients_of(api, n)]
    assert statuses == ["excluded", "issued"]
    assert api("supervisor").get(f"/api/campaigns/{c['id']}/").json()["issued_total"] == "3000.00"


def test_an_unreachable_recipient_gives_the_grant_back_and_the_list_closes(
    api, campaign, grassroots, own_members
):
    c = campaign()
    n = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "hard"},
            {"member": own_members[1].pk, "tier": "deep"},
        ],
    )["case_number"]
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    first, second = (r["id"] for r in recipients_of(api, n))
    gone = api("finance").post(
        f"/api/campaign-lists/{n}/recipients/{second}/unreachable/", {"reason": "已外出务工"}
    )
    assert gone.status_code == 200 and gone.json()["status"] == "unreachable"
    assert_error(_issue(api, n, second), 409, "wrong_state")
    assert _issue(api, n, first).status_code == 200
    assert api("finance").complete(n, "disburse", "close").json()["case"]["status"] == "closed"
    figures = api("supervisor").get(f"/api/campaigns/{c['id']}/").json()
    assert (figures["approved_total"], figures["issued_total"]) == ("3000.00", "3000.00")
    assert figures["person_times"] == 1
