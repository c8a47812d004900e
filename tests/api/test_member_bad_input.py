"""Bad input to the members API: an invalid or duplicate identity number,
a bad field, a unit outside the user's subtree — the contract's error
shape, and nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from stdnum.cn import ric

from casework.demo.seed import id_number_for
from tests.helpers import assert_error, writes_nothing


def new_id_number(birth: dt.date = dt.date(1980, 5, 17)) -> str:
    return id_number_for(birth, 77, female=False)


def with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


# --- members ---------------------------------------------------------------


def member_payload(county, **overrides) -> dict[str, Any]:
    data = {
        "name": "韦新会员",
        "id_number": new_id_number(),
        "phone": "13900000000",
        "org_unit": county.pk,
        "employer": "三江县某公司",
    }
    data.update(overrides)
    return data


def test_a_valid_member_is_registered_with_gender_and_birth_date_from_the_id(api, county, org):
    response = api("caseworker").post("/api/members/", member_payload(county))
    assert response.status_code == 201, response.json()
    assert response.json()["birth_date"] == "1980-05-17"
    assert response.json()["gender"] == "male"


@pytest.mark.parametrize(
    "id_number",
    [
        pytest.param(
            new_id_number()[:-1] + ("0" if new_id_number()[-1] != "0" else "1"), id="bad-checksum"
        ),
        pytest.param(with_check_digit("45222819801332771"), id="bad-birth-date"),
        pytest.param(with_check_digit("45222820990517771"), id="birth-date-in-the-future"),
        pytest.param(
            with_check_digit("45022619800517771"), id="area-code-not-valid-for-the-birth-year"
        ),
        pytest.param(new_id_number()[:-1], id="17-digits"),
        pytest.param(new_id_number() + "1", id="19-digits"),
        pytest.param("", id="empty"),
        pytest.param("四五二二二八一九八零零五一七七七五三", id="not-digits"),
        pytest.param("4522281980051777\x003", id="nul-character"),
    ],
)
def test_it_refuses_an_invalid_id_number(api, county, id_number):
    with writes_nothing():
        response = api("caseworker").post(
            "/api/members/", member_payload(county, id_number=id_number)
        )
    assert_error(response, 400, field="id_number")


def test_it_refuses_a_duplicate_id_number_with_409(api, county, member):
    with writes_nothing():
        response = api("caseworker").post(
            "/api/members/", member_payload(county, id_number=member.id_number)
        )
    assert_error(response, 409)


def test_it_refuses_a_duplicate_id_number_written_with_a_lowercase_x(api, county, org):
    body = "45222819800517771"
    number = with_check_digit(body)
    if not number.endswith("X"):
        number = next(
            with_check_digit(f"4522281980051777{i}")
            for i in range(10)
            if with_check_digit(f"4522281980051777{i}").endswith("X")
        )
    assert (
        api("caseworker")
        .post("/api/members/", member_payload(county, id_number=number))
        .status_code
        == 201
    )
    with writes_nothing():
        response = api("caseworker").post(
            "/api/members/", member_payload(county, id_number=number.lower())
        )
    assert_error(response, 409)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", None),
        ("org_unit", 999_999),
        ("org_unit", "county"),
        ("org_unit", 10**30),
        ("member_since", "last year"),
    ],
)
def test_it_refuses_a_member_with_a_bad_field(api, county, field, value):
    with writes_nothing():
        response = api("caseworker").post("/api/members/", member_payload(county, **{field: value}))
    assert_error(response, 400, field=field)


def test_it_refuses_a_member_in_a_unit_outside_the_users_subtree(api, county, grassroots):
    with writes_nothing():
        response = api("caseworker2").post(
            "/api/members/", member_payload(county, org_unit=grassroots[1].pk)
        )
    assert_error(response, 400, field="org_unit")
