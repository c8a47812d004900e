"""Every bad input of POST /api/legal/aid/ and of the legal-aid actions:
400/403/409 in the error shape, nothing written (no case, no event, the
case keeps its status and its tasks)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from casework.demo.seed import seed_member_login
from casework.legal.models import LegalAid
from tests.conftest import Api
from tests.helpers import assert_error, writes_nothing
from tests.legal.aid_helpers import aid_application, apply, closing_report_attach

PERSON = aid_application()["applicant"]
BAD: list[tuple[dict[str, Any], str]] = [
    ({"claim": "divorce"}, "claim"),
    ({"amount_in_dispute": "-1"}, "amount_in_dispute"),
    ({"amount_in_dispute": "lots"}, "amount_in_dispute"),
    ({"amount_in_dispute": "1.234"}, "amount_in_dispute"),
    ({"household_size": 0}, "household_size"),
    ({"household_size": 51}, "household_size"),
    ({"household_monthly_income": None}, "household_monthly_income"),
    ({"migrant_worker": "perhaps"}, "migrant_worker"),
    ({"facts": " "}, "facts"),
    ({"facts": "x" * 4001}, "facts"),
    ({"employer": {"name": " "}}, "employer.name"),
    ({"employer": {"name": "某公司", "credit_code": "123"}}, "employer.credit_code"),
    ({"applicant": {"name": "无名"}}, "applicant.id_number"),
    ({"applicant": {"id_number": PERSON["id_number"]}}, "applicant.name"),
    ({"applicant": {"name": "覃工人", "id_number": "450226198503140000"}}, "applicant.id_number"),
    ({"applicant": {"member": 999999}}, "member"),
    ({"applicant": {"member": "me"}}, "applicant.member"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD)
def test_bad_applications_are_refused_and_nothing_written(api, overrides, field):
    with writes_nothing():
        response = api("caseworker").post("/api/legal/aid/", aid_application(**overrides))
    assert_error(response, 400, field=field)
    assert not LegalAid.objects.exists()


def test_a_second_open_application_of_the_same_person_is_409(api):
    number = apply(api)["case_number"]
    with writes_nothing():
        error = assert_error(api("caseworker").post("/api/legal/aid/", aid_application()), 409)
    assert error["code"] == "duplicate_case" and number in error["message"]


@pytest.mark.parametrize("who", ["finance", "auditor", "coordinator", "mediator", "supervisor"])
def test_only_caseworkers_and_members_apply(api, who):
    with writes_nothing():
        assert_error(api(who).post("/api/legal/aid/", aid_application()), 403)


def test_anonymous_may_not_apply(db):
    with writes_nothing():
        response = APIClient().post("/api/legal/aid/", aid_application(), format="json")
    assert response.status_code in (401, 403)


def test_a_member_may_not_apply_for_someone_else(members, county):
    own = Api(seed_member_login(members[0], county))
    with writes_nothing():
        assert_error(own.post("/api/legal/aid/", aid_application()), 403)
        response = own.post("/api/legal/aid/", aid_application(applicant={"member": members[1].pk}))
    assert_error(response, 403)


ACTIONS: list[tuple[str, str, dict[str, Any], str]] = [
    ("review", "refuse", {"reason": ""}, "reason"),
    ("review", "return", {}, "reason"),
    ("review", "accept", {"comment": "x" * 2001}, "comment"),
]


@pytest.mark.parametrize(("step", "action", "fields", "field"), ACTIONS)
def test_bad_review_actions_are_400_and_nothing_written(api, step, action, fields, field):
    number = apply(api)["case_number"]
    with writes_nothing(number):
        response = api("caseworker").complete(number, step, action, **fields)
    assert_error(response, 400, field=field)


def _in_progress(api) -> str:
    number = apply(api)["case_number"]
    api("caseworker").complete(number, "review", "accept")
    api("supervisor").complete(number, "approve", "approve")
    return number


def test_bad_assignments_and_closings_are_refused(api):
    number = apply(api)["case_number"]
    api("caseworker").complete(number, "review", "accept")
    with writes_nothing(number):
        assert_error(api("caseworker").complete(number, "approve", "approve"), 403)
    api("supervisor").complete(number, "approve", "approve")
    with writes_nothing(number):
        response = api("caseworker").complete(number, "assign", "assign", lawyer=" ", firm="某所")
    assert_error(response, 400, field="lawyer")
    api("caseworker").complete(number, "assign", "assign", lawyer="韦明", firm="某所")
    closing = {"result": "won", "amount_recovered": "100.00"}
    with writes_nothing(number):
        assert_error(api("caseworker").complete(number, "close", "close", **closing), 409)
        bad = api("caseworker").complete(number, "close", "close", result="draw")
        assert_error(bad, 400, field="result")
    closing_report_attach(api, number)
    with writes_nothing(number):
        lost = api("caseworker").complete(
            number, "close", "close", result="lost", amount_recovered="5.00"
        )
        assert_error(lost, 400, field="amount_recovered")
        assert_error(api("finance").complete(number, "close", "close", **closing), 403)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"household_size": 0}, "household_size"),
        ({"amount_in_dispute": "-5"}, "amount_in_dispute"),
        ({"claim": "divorce"}, "claim"),
    ],
)
def test_bad_resubmissions_are_400_and_nothing_written(api, fields, field):
    number = apply(api)["case_number"]
    api("caseworker").complete(number, "review", "return", reason="请补充材料")
    with writes_nothing(number):
        response = api("caseworker").complete(number, "supplement", "resubmit", **fields)
    assert_error(response, 400, field=field)


def test_an_application_is_withdrawn_before_approval_only(api):
    number = apply(api)["case_number"]
    withdrawn = api("caseworker").post(f"/api/cases/{number}/withdraw/", {"reason": "已协商解决"})
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "withdrawn"
    other = _in_progress(api)
    with writes_nothing(other):
        response = api("caseworker").post(f"/api/cases/{other}/withdraw/", {"reason": "x"})
    assert_error(response, 409)
