"""Union mediation (PROCESSES.md §5): referral type ``union`` — no court,
15 calendar days from receipt, no extension, ``unresolved`` when it fails,
is refused or runs out of time."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
from django.utils import timezone

from casework.core.models import Case, CaseDocument
from casework.mediation.models import Referral
from tests.mediation.conftest import days_ago, referral
from workflows.due_work import due_work_run

TODAY = timezone.localdate


def union_referral(**overrides: Any) -> dict[str, Any]:
    data = referral(referral_type="union", **overrides)
    for name in ("court", "court_case_number", "procedure"):
        data.pop(name)
    return data


@pytest.fixture
def union_case(api):
    """``union_case(**overrides)`` → the case number of a union mediation
    assigned to ``mediator``."""

    def make(**overrides: Any) -> str:
        response = api("coordinator").post("/api/mediation/referrals/", union_referral(**overrides))
        assert response.status_code == 201, response.json()
        number = response.json()["case_number"]
        done = api("coordinator").complete(number, "assign", "assign", mediator="mediator")
        assert done.status_code == 200, done.json()
        return number

    return make


def status_of(api, number: str) -> dict:
    return api("coordinator").get(f"/api/cases/{number}/").json()


def test_a_union_mediation_has_no_court_and_fifteen_days_from_receipt(api):
    response = api("coordinator").post(
        "/api/mediation/referrals/", union_referral(received_on=days_ago(2))
    )
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["referral_type"] == "union"
    assert data["court"] == "" and data["court_case_number"] == ""
    assert data["deadline"] == (TODAY() - dt.timedelta(days=2) + dt.timedelta(days=15)).isoformat()


def test_two_union_mediations_are_not_duplicates_of_each_other(api):
    for _ in range(2):
        response = api("coordinator").post("/api/mediation/referrals/", union_referral())
        assert response.status_code == 201, response.json()


def test_an_employer_without_credit_code_is_enough_for_a_union_mediation(api):
    data = union_referral()
    data["employer"] = {"name": "某餐馆"}
    assert api("coordinator").post("/api/mediation/referrals/", data).status_code == 201


@pytest.mark.parametrize(
    "court_field",
    [
        {"court": "三江侗族自治县人民法院"},
        {"court_case_number": "(2026)桂0226民初1号"},
        {"procedure": "simple"},
    ],
)
def test_court_fields_on_a_union_mediation_are_refused_and_nothing_written(api, court_field):
    before = Case.objects.count()
    response = api("coordinator").post(
        "/api/mediation/referrals/", {**union_referral(), **court_field}
    )
    assert response.status_code == 400
    assert next(iter(court_field)) in response.json()["error"]["fields"]
    assert Case.objects.count() == before


def test_a_court_referral_still_needs_its_court_and_credit_code(api):
    data = referral()
    data.pop("court")
    data["employer"] = {"name": "某公司"}
    response = api("coordinator").post("/api/mediation/referrals/", data)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "court" in fields and "employer.credit_code" in fields


def test_a_union_mediation_cannot_be_extended(api, union_case):
    number = union_case()
    before = Referral.objects.get(case__case_number=number).deadline
    response = api("mediator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": True}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_extension"
    assert "arbitration" in response.json()["error"]["message"]
    assert Referral.objects.get(case__case_number=number).deadline == before


@pytest.mark.parametrize("action", ["fail", "refuse"])
def test_a_failed_or_refused_union_mediation_ends_unresolved(api, union_case, action):
    number = union_case()
    fields = {"reason": "用人单位不同意支付"}
    if action == "fail":
        fields["disputed_points"] = ["加班费计算"]
    done = api("mediator").complete(number, "mediate", action, **fields)
    assert done.status_code == 200, done.json()
    case = done.json()["case"]
    assert case["status"] == "unresolved"
    assert case["open_tasks"] == []
    assert case["closed"] is not None


def test_a_settled_union_mediation_is_followed_up_as_any_mediation(api, union_case):
    number = union_case()
    done = api("mediator").complete(
        number,
        "mediate",
        "settle",
        agreed_amount="5000.00",
        terms="分两期支付",
        performance_due=(TODAY() + dt.timedelta(days=10)).isoformat(),
    )
    assert done.json()["case"]["status"] == "follow_up"
    closed = api("mediator").complete(
        number, "follow_up", "fulfilled", judicial_confirmation="not_applied"
    )
    assert closed.json()["case"]["status"] == "settled"


def test_a_union_mediation_past_its_fifteen_days_ends_unresolved_at_the_due_work_run(
    api, union_case
):
    on_the_day = union_case(received_on=days_ago(15))  # its deadline is today
    number = union_case(received_on=days_ago(16))
    assert due_work_run().timers_fired == 1
    assert status_of(api, on_the_day)["status"] == "assigned"
    case = status_of(api, number)
    assert case["status"] == "unresolved"
    assert case["open_tasks"] == []
    assert case["data"]["outcome"] == "timeout"
    # only the other case's mediation is left in the mediator's inbox
    assert api("mediator").get("/api/tasks/", scope="inbox").json()["count"] == 1


def test_the_feedback_of_an_unresolved_union_mediation_advises_arbitration(api, union_case):
    number = union_case()
    api("mediator").complete(number, "mediate", "refuse", reason="用人单位拒绝调解")
    made = api("coordinator").post(f"/api/cases/{number}/generate/", {"document": "court_feedback"})
    assert made.status_code == 201, made.json()
    pdf = CaseDocument.objects.get(pk=made.json()["id"]).file.read()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "工会调解结果告知书" in text
    assert "申请仲裁" in "".join(text.split())
    assert "退回贵院" not in text
