"""Every date a user types has a plausible window: an event that has
happened is not in the future and not absurdly old (nor before the person
was born, nor before the plan existed); a date ahead is not absurdly far.
A date outside is a 400 in the error shape naming the field, and nothing
reaches the audit chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from casework.core.date_windows import EARLIEST_EVENT
from casework.core.models import Member
from casework.demo.seed import id_number_for
from tests.conftest import recommendation
from tests.mediation.conftest import days_ago, referral
from tests.mutual_aid.helpers import claim, enroll, plan

from .conftest import no_new_events, refused, today

ABSURD = ["9999-12-31", "0001-01-01"]


def _why(value: str) -> str:
    """What the message says about a date that far off."""
    return "in the future" if value > today() else f"before {EARLIEST_EVENT.isoformat()}"


# --- relief -----------------------------------------------------------------


@pytest.mark.parametrize("value", ABSURD)
def test_a_home_visit_dated_far_off_is_refused(api, relief_case, value):
    number = relief_case()
    with no_new_events():
        response = api("caseworker").complete(
            number, "verify", "recommend", **recommendation(visit_date=value)
        )
    assert _why(value) in " ".join(refused(response, "visit_date"))


def test_a_home_visit_of_tomorrow_is_refused(api, relief_case):
    number = relief_case()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with no_new_events():
        response = api("caseworker").complete(
            number, "verify", "recommend", **recommendation(visit_date=tomorrow)
        )
    refused(response, "visit_date")


def test_a_home_visit_before_the_member_was_born_is_refused(api, relief_case, member):
    number = relief_case()
    before_birth = (member.birth_date - dt.timedelta(days=1)).isoformat()
    with no_new_events():
        response = api("caseworker").complete(
            number, "verify", "recommend", **recommendation(visit_date=before_birth)
        )
    assert "born" in " ".join(refused(response, "visit_date"))


def test_a_home_visit_of_today_is_accepted(api, relief_case):
    number = relief_case()
    response = api("caseworker").complete(
        number, "verify", "recommend", **recommendation(visit_date=today())
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("value", ABSURD)
def test_a_relief_payment_dated_far_off_is_refused(api, relief_case, value):
    number = relief_case(until="disburse")
    with no_new_events():
        response = api("finance").complete(
            number,
            "disburse",
            "pay",
            amount="3000.00",
            method="bank_transfer",
            reference="BANK-1",
            paid_on=value,
        )
    assert _why(value) in " ".join(refused(response, "paid_on"))


def test_the_refusal_is_in_chinese_for_a_chinese_reader(users, relief_case):
    number = relief_case()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(users["caseworker"])
    case = client.get(f"/api/cases/{number}/").json()
    task = next(t for t in case["open_tasks"] if t["name"] == "verify")
    response = client.post(
        f"/api/tasks/{task['id']}/complete/",
        {"action": "recommend", **recommendation(visit_date="9999-12-31")},
        format="json",
    )
    assert "不能晚于今天" in " ".join(refused(response, "visit_date"))


# --- mutual aid ---------------------------------------------------------------


@pytest.mark.parametrize("value", ABSURD)
def test_a_claim_payment_dated_far_off_is_refused(api, claim_case, value):
    number = claim_case(until="pay")
    with no_new_events():
        response = api("finance").complete(
            number,
            "pay",
            "pay",
            amount="7220.00",
            method="bank_transfer",
            reference="B-1",
            paid_on=value,
        )
    assert _why(value) in " ".join(refused(response, "paid_on"))


@pytest.mark.parametrize("value", ABSURD)
def test_a_discharge_dated_far_off_is_refused(api, member, value):
    enroll(member)
    with no_new_events():
        response = api("caseworker").post(
            "/api/mutual-aid/claims/", claim(member, discharged_on=value, year=plan().year)
        )
    assert _why(value) in " ".join(refused(response, "discharged_on"))


@pytest.mark.parametrize("value", ABSURD)
def test_a_resubmitted_discharge_dated_far_off_is_refused(api, claim_case, value):
    number = claim_case(until="supplement")
    with no_new_events():
        response = api("caseworker").complete(number, "supplement", "resubmit", discharged_on=value)
    assert _why(value) in " ".join(refused(response, "discharged_on"))


def test_a_resubmitted_discharge_before_the_admission_is_refused(api, claim_case):
    number = claim_case(until="supplement")
    with no_new_events():
        response = api("caseworker").complete(
            number,
            "supplement",
            "resubmit",
            admitted_on=today(),
            discharged_on=(timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        )
    assert "admission" in " ".join(refused(response, "discharged_on"))


def test_a_claim_for_a_stay_before_its_plan_existed_is_refused(api, member):
    enroll(member)
    year = plan().year
    with no_new_events():
        response = api("caseworker").post(
            "/api/mutual-aid/claims/",
            claim(member, year=year, admitted_on="1990-03-01", discharged_on="1990-03-08"),
        )
    refused(response, "admitted_on")


def test_a_claim_for_a_stay_before_the_member_was_born_is_refused(api, member):
    enroll(member)
    before_birth = member.birth_date - dt.timedelta(days=10)
    with no_new_events():
        response = api("caseworker").post(
            "/api/mutual-aid/claims/",
            claim(
                member,
                year=plan().year,
                admitted_on=before_birth.isoformat(),
                discharged_on=before_birth.isoformat(),
            ),
        )
    assert "born" in " ".join(refused(response, "admitted_on"))


def test_a_plan_whose_claim_deadline_is_in_year_9999_is_refused(api, org):
    target = plan()
    with no_new_events():
        response = api("supervisor").patch(
            f"/api/mutual-aid/plans/{target.pk}/", {"claim_deadline": "9999-12-31"}
        )
    refused(response, "claim_deadline")


# --- members --------------------------------------------------------------------


def _member(**overrides):
    data = {
        "name": "韦新会员",
        "id_number": id_number_for(dt.date(1985, 3, 14), 321, female=True),
        "phone": "13800000001",
        "org_unit": None,
        "member_since": "2010-05-01",
    }
    data.update(overrides)
    return data


def test_a_membership_before_birth_is_refused(api, county):
    with no_new_events():
        response = api("caseworker").post(
            "/api/members/", _member(org_unit=county.pk, member_since="1980-01-01")
        )
    assert "born" in " ".join(refused(response, "member_since"))
    assert not Member.objects.filter(name="韦新会员").exists()


@pytest.mark.parametrize("value", ABSURD)
def test_a_membership_dated_far_off_is_refused(api, county, value):
    response = api("caseworker").post(
        "/api/members/", _member(org_unit=county.pk, member_since=value)
    )
    refused(response, "member_since")
    assert not Member.objects.filter(name="韦新会员").exists()


def test_a_membership_after_birth_is_accepted(api, county):
    response = api("caseworker").post("/api/members/", _member(org_unit=county.pk))
    assert response.status_code == 201, response.json()
    assert response.json()["member_since"] == "2010-05-01"


# --- mediation --------------------------------------------------------------------


def test_a_referral_of_1900_is_refused(api, org):
    with no_new_events():
        response = api("coordinator").post(
            "/api/mediation/referrals/", referral(referred_on="1900-01-01")
        )
    assert _why("1900-01-01") in " ".join(refused(response, "referred_on"))


def test_a_referral_of_yesterday_is_accepted(api, org):
    response = api("coordinator").post(
        "/api/mediation/referrals/", referral(referred_on=days_ago(1), received_on=days_ago(0))
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("value", ABSURD)
def test_a_mediation_session_dated_far_off_is_refused(api, mediation_case, value):
    number = mediation_case()
    with no_new_events():
        response = api("mediator").post(
            f"/api/mediation/cases/{number}/sessions/",
            {"held_on": value, "place": "调解室", "attendees": ["覃工人"], "notes": "n"},
        )
    refused(response, "held_on")


def test_a_performance_due_in_year_9999_is_refused(api, mediation_case):
    number = mediation_case()
    with no_new_events():
        response = api("mediator").complete(
            number,
            "mediate",
            "settle",
            agreed_amount="100.00",
            terms="t",
            performance_due="9999-12-31",
        )
    refused(response, "performance_due")


def test_a_performance_due_within_the_year_is_accepted(api, mediation_case):
    number = mediation_case()
    due = (timezone.localdate() + dt.timedelta(days=300)).isoformat()
    response = api("mediator").complete(
        number, "mediate", "settle", agreed_amount="100.00", terms="t", performance_due=due
    )
    assert response.status_code == 200, response.json()
