"""Bad input to the relief API: every refusal answers with the contract's
error shape and the right status (never a 500), and writes nothing.
Members: test_member_bad_input.py; lists, paging and unknown objects:
test_list_bad_input.py; parameters: test_parameter_bad_input.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from casework.core.models import Payment
from casework.relief.models import ReliefApplication
from tests.conftest import application, end_public_notice, recommendation
from tests.helpers import assert_error, writes_nothing

# --- helpers ---------------------------------------------------------------


def recommended(api, member, **overrides) -> str:
    """A case recommended at 3000.00 whose notice has ended: approval is open."""
    number = api("caseworker").relief_case(member)["case_number"]
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation(**overrides))
    assert done.status_code == 200, done.json()
    end_public_notice(number)
    return number


def approved(api, member) -> str:
    number = recommended(api, member)
    done = api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "approved"
    return number


def pay(api, number: str, **overrides):
    data = {
        "amount": "3000.00",
        "method": "bank_transfer",
        "reference": "BANK-1",
        "paid_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return api("finance").complete(number, "disburse", "pay", **data)


# --- relief applications ---------------------------------------------------

APPLICATION_FIELDS = [
    "member",
    "aid_type",
    "cause",
    "reason",
    "household_size",
    "household_annual_income",
    "rigid_expenses",
    "requested_amount",
]


@pytest.mark.parametrize("missing", APPLICATION_FIELDS)
def test_it_refuses_an_application_with_a_missing_field(api, member, missing):
    data = application(member)
    del data[missing]
    with writes_nothing():
        response = api("caseworker").post("/api/relief/applications/", data)
    assert_error(response, 400, field=missing)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("aid_type", "food"),
        ("aid_type", ""),
        ("aid_type", ["living"]),
        ("cause", "gambling"),
        ("cause", None),
        ("reason", ""),
        ("reason", "x" * 4001),
        ("reason", "长期\x00患病"),
        ("household_size", 0),
        ("household_size", -2),
        ("household_size", 51),
        ("household_size", "three"),
        ("household_size", 2.5),
        ("household_size", 10**30),
        ("household_annual_income", "-1.00"),
        ("household_annual_income", -1),
        ("household_annual_income", "lots"),
        ("household_annual_income", "NaN"),
        ("household_annual_income", "Infinity"),
        ("rigid_expenses", "100.005"),
        ("rigid_expenses", {"amount": "1.00"}),
        ("requested_amount", "3000.001"),
        ("requested_amount", 3000.125),
        ("requested_amount", "1e20"),
        ("requested_amount", ""),
        ("requested_amount", True),
        ("accident_costs", "-5"),
        ("member", 999_999),
        ("member", 10**30),
        ("member", "somebody"),
        ("member", None),
    ],
)
def test_it_refuses_an_application_with_a_bad_value(api, member, field, value):
    data = {**application(member), field: value}
    with writes_nothing():
        response = api("caseworker").post("/api/relief/applications/", data)
    assert_error(response, 400, field=field)


def test_it_accepts_money_as_a_json_number_or_a_string(api, member):
    response = api("caseworker").post(
        "/api/relief/applications/",
        application(
            member, household_annual_income=24000, rigid_expenses="6000", requested_amount=2999.5
        ),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["requested_amount"] == "2999.50"
    assert response.json()["data"]["household_annual_income"] == "24000.00"


def test_it_refuses_a_member_the_caseworker_cannot_see_as_unknown(api, other_unit_member):
    with writes_nothing():
        response = api("caseworker2").post(
            "/api/relief/applications/", application(other_unit_member)
        )
    assert_error(response, 400, field="member")


def test_it_refuses_a_body_that_is_not_json(api, member):
    with writes_nothing():
        response = api("caseworker").client.post(
            "/api/relief/applications/",
            data='{"member": 1, "aid_type": ',
            content_type="application/json",
        )
    assert_error(response, 400)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("[]", id="empty-list"),
        pytest.param('[{"member": 1}]', id="list-of-objects"),
        pytest.param('"living"', id="a-string"),
        pytest.param("42", id="a-number"),
        pytest.param("null", id="null"),
        pytest.param("", id="empty-body"),
    ],
)
def test_it_refuses_a_json_body_that_is_not_an_object(api, member, body):
    with writes_nothing():
        response = api("caseworker").client.post(
            "/api/relief/applications/", data=body, content_type="application/json"
        )
    assert_error(response, 400)


def test_it_refuses_a_second_open_relief_case_naming_the_open_one(api, member):
    first = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing():
        response = api("caseworker").post(
            "/api/relief/applications/", application(member, aid_type="medical")
        )
    error = assert_error(response, 409)
    assert first in error["message"]


def test_it_refuses_a_second_living_grant_in_the_same_year(api, member):
    number = approved(api, member)
    assert pay(api, number).status_code == 200
    with writes_nothing():
        response = api("caseworker").post("/api/relief/applications/", application(member))
    error = assert_error(response, 409, code="limit_reached")
    assert number in error["message"]


def test_a_grant_of_another_aid_type_in_the_same_year_is_still_allowed(api, member):
    number = approved(api, member)
    assert pay(api, number).status_code == 200
    response = api("caseworker").post(
        "/api/relief/applications/", application(member, aid_type="education")
    )
    assert response.status_code == 201, response.json()


def test_a_rejected_application_does_not_count_towards_the_limit(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    api("caseworker").complete(number, "verify", "reject", reason_code="other", reason="不符合")
    response = api("caseworker").post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()


def test_it_refuses_a_resubmission_that_switches_to_an_aid_type_already_granted_this_year(
    api, member
):
    paid = approved(api, member)
    assert pay(api, paid).status_code == 200
    number = api("caseworker").relief_case(member, aid_type="education")["case_number"]
    api("caseworker").complete(number, "verify", "return", reason="请核实救助类型")
    with writes_nothing(number):
        response = api("caseworker").complete(number, "supplement", "resubmit", aid_type="living")
    error = assert_error(response, 409, code="limit_reached")
    assert paid in error["message"]


def grant_temporary(api, member, cause: str) -> str:
    number = api("caseworker").relief_case(member, aid_type="temporary", cause=cause)["case_number"]
    api("caseworker").complete(number, "verify", "recommend", **recommendation())
    end_public_notice(number)
    done = api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    assert done.status_code == 200, done.json()
    assert pay(api, number).status_code == 200
    # the grant was last year: only the lifetime temporary-aid limits apply now
    today = timezone.localdate()
    ReliefApplication.objects.filter(case__case_number=number).update(
        granted_on=dt.date(today.year - 1, 6, 1)
    )
    return number


def test_it_refuses_temporary_aid_twice_for_the_same_cause(api, member):
    first = grant_temporary(api, member, "disaster")
    with writes_nothing():
        response = api("caseworker").post(
            "/api/relief/applications/", application(member, aid_type="temporary", cause="disaster")
        )
    error = assert_error(response, 409, code="limit_reached")
    assert first in error["message"]
    other = api("caseworker").post(
        "/api/relief/applications/", application(member, aid_type="temporary", cause="accident")
    )
    assert other.status_code == 201, other.json()


def test_it_refuses_a_third_temporary_grant(api, member):
    grant_temporary(api, member, "disaster")
    grant_temporary(api, member, "accident")
    with writes_nothing():
        response = api("caseworker").post(
            "/api/relief/applications/", application(member, aid_type="temporary", cause="illness")
        )
    assert_error(response, 409, code="limit_reached")


# --- task completion: verify ------------------------------------------------


def complete_verify(api, number: str, body: Any, user: str = "caseworker"):
    task = api(user).open_task(number, "verify")
    return api(user).post(f"/api/tasks/{task['id']}/complete/", body)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"action": "approve"}, id="action-of-another-step"),
        pytest.param({"action": "RECOMMEND", **recommendation()}, id="wrong-case"),
        pytest.param({"action": ""}, id="empty-action"),
        pytest.param(recommendation(), id="missing-action"),
        pytest.param({"action": 5}, id="action-not-a-string"),
        pytest.param({"action": ["recommend"]}, id="action-a-list"),
        pytest.param({"action": None}, id="action-null"),
        pytest.param([{"action": "recommend"}], id="body-a-list"),
    ],
)
def test_it_refuses_a_completion_without_a_known_action(api, member, body):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = complete_verify(api, number, body)
    assert_error(response, 400, field="action")


def test_it_refuses_a_completion_whose_body_is_not_json(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    task = api("caseworker").open_task(number, "verify")
    with writes_nothing(number):
        response = api("caseworker").client.post(
            f"/api/tasks/{task['id']}/complete/",
            data="action=recommend",
            content_type="application/json",
        )
    assert_error(response, 400)


def test_it_refuses_a_recommendation_with_no_fields_naming_each_required_one(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = complete_verify(api, number, {"action": "recommend"})
    error = assert_error(response, 400)
    for name in (
        "visit_date",
        "verified_annual_income",
        "verified_rigid_expenses",
        "household_size",
        "recommended_amount",
    ):
        assert name in error["fields"], error


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("visit_date", "yesterday"),
        ("visit_date", "2026-02-30"),
        ("visit_date", 20260101),
        ("visit_date", {"y": 2026}),
        ("verified_annual_income", "lots"),
        ("verified_annual_income", "-0.01"),
        ("verified_rigid_expenses", "1.999"),
        ("household_size", 0),
        ("household_size", "three"),
        ("household_size", []),
        ("recommended_amount", "-100.00"),
        ("recommended_amount", "abc"),
        ("recommended_amount", "1.005"),
        ("recommended_amount", None),
        ("notes", "入户\x00核查"),
    ],
)
def test_it_refuses_a_recommendation_with_a_bad_value(api, member, field, value):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = complete_verify(
            api, number, {"action": "recommend", **recommendation(**{field: value})}
        )
    assert_error(response, 400, field=field)


def test_it_refuses_a_recommended_amount_above_the_ceiling(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = complete_verify(
            api, number, {"action": "recommend", **recommendation(recommended_amount="7600.01")}
        )
    error = assert_error(response, 400, field="recommended_amount")
    assert "7600" in " ".join(error["fields"]["recommended_amount"])


def test_a_recommended_amount_at_the_ceiling_is_accepted(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    response = complete_verify(
        api, number, {"action": "recommend", **recommendation(recommended_amount="7600.00")}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["case"]["data"]["recommended_amount"] == "7600.00"


def test_it_refuses_to_recommend_a_household_that_is_not_eligible(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    # (200000 − 6000) / 12 / 3 = 5388.89 ≥ 2 × 1062
    with writes_nothing(number):
        response = complete_verify(
            api,
            number,
            {"action": "recommend", **recommendation(verified_annual_income="200000.00")},
        )
    assert_error(response, 409, code="not_eligible")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "reject", "reason_code": "bogus", "reason": "x"}, "reason_code"),
        ({"action": "reject", "reason": "x"}, "reason_code"),
        ({"action": "return"}, "reason"),
        ({"action": "return", "reason": ""}, "reason"),
        ({"action": "return", "reason": "x" * 2001}, "reason"),
    ],
)
def test_it_refuses_a_reject_or_return_with_bad_fields(api, member, body, field):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = complete_verify(api, number, body)
    assert_error(response, 400, field=field)


def test_it_refuses_to_complete_a_task_that_is_done(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    task = api("caseworker").open_task(number, "verify")
    assert (
        complete_verify(api, number, {"action": "recommend", **recommendation()}).status_code == 200
    )
    with writes_nothing(number):
        response = api("caseworker").post(
            f"/api/tasks/{task['id']}/complete/", {"action": "recommend", **recommendation()}
        )
    assert_error(response, 409)


def test_it_refuses_to_claim_a_task_that_is_done(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    task = api("caseworker").open_task(number, "verify")
    complete_verify(api, number, {"action": "reject", "reason_code": "other", "reason": "x"})
    with writes_nothing(number):
        response = api("caseworker").post(f"/api/tasks/{task['id']}/claim/")
    assert_error(response, 409)


# --- resubmit and objection ----------------------------------------------------


def test_it_refuses_a_resubmission_with_bad_corrections(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    api("caseworker").complete(number, "verify", "return", reason="缺少收入证明")
    for field, value in [
        ("household_size", 0),
        ("household_annual_income", "-1"),
        ("aid_type", "food"),
    ]:
        with writes_nothing(number):
            response = api("caseworker").complete(
                number, "supplement", "resubmit", **{field: value}
            )
        assert_error(response, 400, field=field)


def test_it_refuses_an_objection_without_text(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    api("caseworker").complete(number, "verify", "recommend", **recommendation())
    with writes_nothing(number):
        response = api("caseworker").complete(number, "public_notice", "object", objection="  ")
    assert_error(response, 400, field="objection")


# --- approval -----------------------------------------------------------------


def test_it_refuses_an_approved_amount_above_the_recommended_one(api, member):
    number = recommended(api, member)
    with writes_nothing(number):
        response = api("supervisor").complete(
            number, "approve", "approve", approved_amount="3000.01"
        )
    assert_error(response, 400, field="approved_amount")


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_it_refuses_a_lower_approved_amount_without_a_comment(api, member, comment):
    number = recommended(api, member)
    fields: dict[str, Any] = {"approved_amount": "2000.00"}
    if comment is not None:
        fields["comment"] = comment
    with writes_nothing(number):
        response = api("supervisor").complete(number, "approve", "approve", **fields)
    assert_error(response, 400, field="comment")


def test_a_lower_approved_amount_with_a_comment_is_accepted(api, member):
    number = recommended(api, member)
    response = api("supervisor").complete(
        number, "approve", "approve", approved_amount="2000.00", comment="酌减"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["case"]["data"]["approved_amount"] == "2000.00"


@pytest.mark.parametrize("amount", ["-1.00", "abc", "1.001", None])
def test_it_refuses_a_malformed_approved_amount(api, member, amount):
    number = recommended(api, member)
    with writes_nothing(number):
        response = api("supervisor").complete(number, "approve", "approve", approved_amount=amount)
    assert_error(response, 400, field="approved_amount")


# --- payment --------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["2999.99", "3000.01", "0"])
def test_it_refuses_a_payment_that_differs_from_the_approved_amount(api, member, amount):
    number = approved(api, member)
    with writes_nothing(number):
        response = pay(api, number, amount=amount)
    assert_error(response, 400, field="amount")


@pytest.mark.parametrize(
    ("field", "value"),
    [("method", "bitcoin"), ("reference", ""), ("paid_on", "today"), ("amount", "3000.001")],
)
def test_it_refuses_a_payment_with_a_bad_field(api, member, field, value):
    number = approved(api, member)
    with writes_nothing(number):
        response = pay(api, number, **{field: value})
    assert_error(response, 400, field=field)


def test_it_refuses_to_pay_twice(api, member):
    number = approved(api, member)
    task = api("finance").open_task(number, "disburse")
    first = pay(api, number)
    assert first.status_code == 200, first.json()
    body = {
        "action": "pay",
        "amount": "3000.00",
        "method": "bank_transfer",
        "reference": "BANK-2",
        "paid_on": timezone.localdate().isoformat(),
    }
    with writes_nothing(number):
        second = api("finance").post(f"/api/tasks/{task['id']}/complete/", body)
    assert_error(second, 409)
    assert Payment.objects.filter(case__case_number=number).count() == 1


# --- withdraw -------------------------------------------------------------------


def test_it_refuses_to_withdraw_after_approval(api, member):
    number = approved(api, member)
    with writes_nothing(number):
        response = api("caseworker").post(
            f"/api/cases/{number}/withdraw/", {"reason": "申请人撤回"}
        )
    assert_error(response, 409)


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": None}, ["reason"]])
def test_it_refuses_a_withdrawal_without_a_reason(api, member, body):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = api("caseworker").post(f"/api/cases/{number}/withdraw/", body)
    assert_error(response, 400)


# --- documents -------------------------------------------------------------------


def upload(name: str, content: bytes = b"%PDF-1.4 demo"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "income"}, "file"),
        ({"file": "not-a-file", "kind": "income"}, "file"),
        ({"file": "PDF"}, "kind"),
        ({"file": "EXE", "kind": "income"}, "file"),
        ({"file": "EMPTY", "kind": "income"}, "file"),
        ({"file": "NOEXT", "kind": "income"}, "file"),
    ],
)
def test_it_refuses_a_bad_document_upload(api, member, body, field):
    number = api("caseworker").relief_case(member)["case_number"]
    files = {
        "PDF": upload("证明.pdf"),
        "EXE": upload("virus.exe"),
        "EMPTY": upload("空.pdf", b""),
        "NOEXT": upload("README"),
    }
    data = {k: files.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    with writes_nothing(number):
        response = api("caseworker").post(
            f"/api/cases/{number}/documents/", data, format="multipart"
        )
    assert_error(response, 400, field=field)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("delete", "/api/cases/{number}/"),
        ("put", "/api/cases/{number}/"),
        ("get", "/api/cases/{number}/withdraw/"),
        ("delete", "/api/parameters/relief.verify_days/"),
        ("get", "/api/relief/applications/"),
    ],
)
def test_a_method_an_endpoint_does_not_offer_is_405_with_the_error_shape(api, member, method, url):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = getattr(api("admin").client, method)(
            url.format(number=number), {}, format="json"
        )
    assert_error(response, 405)


def test_it_refuses_an_application_that_is_not_json_or_a_form(api, member):
    with writes_nothing():
        response = api("caseworker").client.post(
            "/api/relief/applications/", data="member=1", content_type="text/plain"
        )
    assert_error(response, 415)


def test_it_refuses_a_json_document_upload(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = api("caseworker").post(f"/api/cases/{number}/documents/", {"kind": "income"})
    assert_error(response, 415)
