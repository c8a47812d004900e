"""Bad input to the mediation endpoints and task actions: the contract's
error shape, the right status (never a 500), and nothing written."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Any

import pytest
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.models import Case
from casework.mediation.models import MediationSession, Referral
from tests.helpers import assert_error
from tests.mediation.conftest import credit_code, days_ago, non_member_worker, referral

TOMORROW = (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def snapshot() -> dict[str, Any]:
    return {
        "cases": Case.objects.count(),
        "referrals": list(Referral.objects.order_by("pk").values()),
        "sessions": MediationSession.objects.count(),
        "events": AuditEvent.objects.exclude(type="viewed").count(),  # reads are logged
        "statuses": list(Case.objects.order_by("pk").values_list("case_status", flat=True)),
    }


def assert_field_error(response, field: str) -> None:
    """400 in the contract's shape, naming ``field`` (or an item of it, e.g.
    ``attendees.0``)."""
    error = assert_error(response, 400)
    assert any(name == field or name.startswith(f"{field}.") for name in error["fields"]), error


@contextmanager
def writes_nothing():
    before = snapshot()
    yield
    assert snapshot() == before


BAD_REFERRALS = [
    ("court", {"court": ""}),
    ("court_case_number", {"court_case_number": None}),
    ("referral_type", {"referral_type": "ordered"}),
    ("procedure", {"referral_type": "entrusted", "procedure": ""}),
    ("procedure", {"procedure": "summary"}),
    ("referred_on", {"referred_on": "2026-02-30"}),
    ("received_on", {"received_on": TOMORROW}),
    ("received_on", {"received_on": days_ago(5), "referred_on": days_ago(2)}),
    ("worker", {"worker": "覃工人"}),
    ("worker.name", {"worker": {"phone": "138"}}),
    ("worker.id_number", {"worker": {**non_member_worker(), "id_number": "452228198503140751"}}),
    ("worker.id_number", {"worker": {**non_member_worker(), "id_number": "12345"}}),
    ("worker.member", {"worker": {"member": 10**9}}),
    ("worker.member", {"worker": {"member": "abc"}}),
    ("employer.credit_code", {"employer": {"name": "某公司", "credit_code": "91450226MA5K8X7Q07"}}),
    ("employer.credit_code", {"employer": {"name": "某公司", "credit_code": "x" * 18}}),
    ("employer.name", {"employer": {"credit_code": credit_code()}}),
    ("dispute_types", {"dispute_types": []}),
    ("dispute_types", {"dispute_types": ["bonus"]}),
    ("dispute_types", {"dispute_types": ["wages", "wages"]}),
    ("dispute_types", {"dispute_types": "wages"}),
    ("amount_claimed", {"amount_claimed": "-1.00"}),
    ("amount_claimed", {"amount_claimed": "12.345"}),
    ("amount_claimed", {"amount_claimed": "NaN"}),
    ("summary", {"summary": ""}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_REFERRALS)
def test_a_bad_referral_is_refused_with_the_field_named(api, members, field, overrides):
    with writes_nothing():
        response = api("coordinator").post("/api/mediation/referrals/", referral(**overrides))
    assert_field_error(response, field)


def test_a_worker_given_as_member_and_person_at_once_is_refused(api, member):
    worker = {"member": member.pk, **non_member_worker()}
    with writes_nothing():
        response = api("coordinator").post("/api/mediation/referrals/", referral(worker=worker))
    assert_error(response, 400, field="worker.member")


@pytest.mark.parametrize("body", [[], "x", None])
def test_a_referral_body_that_is_not_an_object_is_refused(api, org, body):
    with writes_nothing():
        response = api("coordinator").client.post("/api/mediation/referrals/", body, format="json")
    assert_error(response, 400)


@pytest.mark.parametrize("who", ["caseworker", "mediator", "auditor", "supervisor"])
def test_only_the_coordinator_registers_referrals(api, org, who):
    with writes_nothing():
        response = api(who).post("/api/mediation/referrals/", referral())
    assert_error(response, 403)


def test_a_court_case_number_already_registered_at_that_court_is_a_409_naming_the_case(
    api, register
):
    first = register(court_case_number="(2026)桂0226民初9999号")
    with writes_nothing():
        response = api("coordinator").post(
            "/api/mediation/referrals/", referral(court_case_number=" (2026)桂0226民初9999号 ")
        )
    error = assert_error(response, 409, code="duplicate_case")
    assert first["case_number"] in error["message"]
    other_court = register(court="柳州市中级人民法院", court_case_number="(2026)桂0226民初9999号")
    assert other_court["case_number"] != first["case_number"]


def test_a_member_worker_is_recorded_with_the_members_identity(api, register, member):
    case = register(worker={"member": member.pk})
    assert case["member"]["id"] == member.pk
    assert case["data"]["worker"]["name"] == member.name


# --- sessions and extension ---------------------------------------------------------


GOOD_SESSION = {"held_on": days_ago(0), "place": "工作室", "attendees": ["甲"], "notes": "n"}

BAD_SESSIONS = [
    ("held_on", {"held_on": TOMORROW}),
    ("held_on", {"held_on": days_ago(40)}),  # before the referral was received
    ("held_on", {"held_on": "yesterday"}),
    ("place", {"place": ""}),
    ("attendees", {"attendees": []}),
    ("attendees", {"attendees": "甲, 乙"}),
    ("attendees", {"attendees": [""]}),
    ("notes", {"notes": None}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_SESSIONS)
def test_a_bad_session_is_refused_with_the_field_named(api, assigned, field, overrides):
    number = assigned()
    with writes_nothing():
        response = api("mediator").post(
            f"/api/mediation/cases/{number}/sessions/", {**GOOD_SESSION, **overrides}
        )
    assert_field_error(response, field)


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("parties_consent", {}),
        ("parties_consent", {"parties_consent": "perhaps"}),
        ("parties_consent", {"parties_consent": False}),
        ("court_consent", {"parties_consent": True, "court_consent": "maybe"}),
    ],
)
def test_a_bad_extension_is_refused_with_the_field_named(api, assigned, field, body):
    number = assigned()
    with writes_nothing():
        response = api("mediator").post(f"/api/mediation/cases/{number}/extend/", body)
    assert_error(response, 400, field=field)


def test_the_mediation_endpoints_answer_404_for_a_relief_case(api, member):
    from tests.conftest import application

    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    for url in (
        f"/api/mediation/cases/{number}/sessions/",
        f"/api/mediation/cases/{number}/extend/",
    ):
        assert_error(api("admin").post(url, {"parties_consent": True}), 404)
    assert_error(api("admin").get("/api/mediation/cases/MD-1999-000001/sessions/"), 404)


# --- task actions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "field", "data"),
    [
        (
            "settle",
            "agreed_amount",
            {"agreed_amount": "-5", "terms": "t", "performance_due": TOMORROW},
        ),
        ("settle", "terms", {"agreed_amount": "5", "performance_due": TOMORROW}),
        (
            "settle",
            "performance_due",
            {"agreed_amount": "5", "terms": "t", "performance_due": days_ago(1)},
        ),
        ("fail", "disputed_points", {"reason": "r", "disputed_points": []}),
        ("fail", "disputed_points", {"reason": "r", "disputed_points": "工资"}),
        ("fail", "reason", {"disputed_points": ["a"]}),
        ("withdraw", "reason", {}),
        ("refuse", "reason", {"reason": ""}),
        ("agree", "action", {}),
    ],
)
def test_a_bad_outcome_is_refused_with_the_field_named(api, assigned, action, field, data):
    number = assigned()
    with writes_nothing():
        response = api("mediator").complete(number, "mediate", action, **data)
    assert_error(response, 400, field=field)


@pytest.mark.parametrize("mediator", ["nobody", "caseworker", "", 5])
def test_assigning_an_unknown_or_unqualified_mediator_is_refused(api, register, mediator):
    number = register()["case_number"]
    with writes_nothing():
        response = api("coordinator").complete(number, "assign", "assign", mediator=mediator)
    assert_error(response, 400, field="mediator")


def test_a_bad_follow_up_or_return_is_refused(api, assigned):
    settled = assigned()
    api("mediator").complete(
        settled, "mediate", "settle", agreed_amount="1", terms="t", performance_due=TOMORROW
    )
    with writes_nothing():
        response = api("mediator").complete(
            settled, "follow_up", "fulfilled", judicial_confirmation="maybe"
        )
    assert_error(response, 400, field="judicial_confirmation")

    failed = assigned()
    api("mediator").complete(failed, "mediate", "refuse", reason="r")
    for field, data in [
        ("returned_on", {"returned_on": TOMORROW, "letter_reference": "L"}),
        ("returned_on", {"returned_on": days_ago(30), "letter_reference": "L"}),
        ("letter_reference", {"returned_on": days_ago(0)}),
    ]:
        with writes_nothing():
            response = api("coordinator").complete(failed, "return_to_court", "returned", **data)
        assert_error(response, 400, field=field)
