"""Every bad input of POST /api/legal/consultations/: 400 in the error
shape naming the field, and nothing written (no case, no event)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from casework.demo.seed import seed_member_login
from tests.conftest import Api
from tests.helpers import assert_error, writes_nothing
from tests.legal.conftest import consultation, in_days

BAD: list[tuple[dict[str, Any], str]] = [
    ({"channel": "fax"}, "channel"),
    ({"category": "divorce"}, "category"),
    ({"outcome": "maybe"}, "outcome"),
    ({"facts": ""}, "facts"),
    ({"facts": "x" * 4001}, "facts"),
    ({"visitor": {"name": ""}}, "visitor.name"),
    ({"visitor": {"name": "覃工人", "id_number": "450226198503140000"}}, "visitor.id_number"),
    (
        {"visitor": {"name": "覃工人", "id_number": "452228198503140071", "id_refused": True}},
        "visitor.id_refused",
    ),
    ({"employer": {"name": "某公司", "credit_code": "123"}}, "employer.credit_code"),
    ({"outcome": "answered", "advice": " "}, "advice"),
    ({"outcome": "later", "advice": ""}, "follow_up_on"),
    ({"follow_up_on": in_days(-1)}, "follow_up_on"),
    ({"follow_up_on": "tomorrow"}, "follow_up_on"),
    ({"outcome": "referred_other"}, "referred_to"),
    ({"outcome": "referred_legal_aid", "visitor": {"name": "无名"}}, "visitor.id_number"),
    ({"outcome": "referred_legal_aid", "employer": {"name": " "}}, "employer.name"),
    ({"outcome": "referred_mediation", "visitor": {"name": "无名"}}, "visitor.id_number"),
    ({"outcome": "referred_mediation", "employer": {"name": " "}}, "employer.name"),
    ({"slot": 999999}, "slot"),
    ({"member": 999999}, "member"),
    ({"slot": "first"}, "slot"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD)
def test_bad_consultations_are_refused_and_nothing_written(api, overrides, field):
    with writes_nothing():
        response = api("caseworker").post("/api/legal/consultations/", consultation(**overrides))
    assert_error(response, 400, field=field)


def test_a_member_of_another_union_is_not_found(api, other_unit_member):
    with writes_nothing():
        response = api("caseworker2").post(
            "/api/legal/consultations/", consultation(member=other_unit_member.pk)
        )
    assert_error(response, 400, field="member")


@pytest.mark.parametrize("who", ["finance", "auditor", "coordinator", "mediator"])
def test_only_caseworkers_and_supervisors_log_consultations(api, who):
    with writes_nothing():
        response = api(who).post("/api/legal/consultations/", consultation())
    assert_error(response, 403)


def test_anonymous_gets_401(db):
    response = APIClient().post("/api/legal/consultations/", consultation(), format="json")
    assert response.status_code == 401


def test_a_member_may_not_log_a_consultation(api, member, county):
    with writes_nothing():
        response = Api(seed_member_login(member, county)).post(
            "/api/legal/consultations/", consultation()
        )
    assert_error(response, 403)
