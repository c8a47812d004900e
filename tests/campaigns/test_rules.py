"""The pure rules of a list, and the 金秋助学 refusal of a student whose
family had a relief education grant this year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casework.campaigns import rules
from tests.conftest import end_public_notice, recommendation

from .conftest import assert_error, nominate, student, written

D = Decimal


def test_totals_and_budget():
    lines = [rules.Line(1, "a", D("2500"), D("500")), rules.Line(2, "b", D("600"), D("300"))]
    assert rules.list_total(lines) == (D("3100"), D("800"))
    assert rules.fits_budget(D("3900"), D("5000"), D("1100"))
    assert not rules.fits_budget(D("3900.01"), D("5000"), D("1100"))


def test_households_and_members_named_twice():
    lines = [
        rules.Line(1, "h", D(1), D(0), True, "古宜镇1号"),
        rules.Line(2, "h", D(1), D(0), True, " 古宜镇1号 "),
        rules.Line(3, "p", D(1), D(0), False, "古宜镇1号"),
        rules.Line(4, "h", D(1), D(0), True, ""),
    ]
    assert rules.household_duplicates(lines) == [" 古宜镇1号 "]
    assert rules.members_twice([1, 2, 1, 3, 1]) == [1]


def test_the_window_includes_both_ends():
    day = dt.date(2026, 9, 1)
    assert rules.in_window(day, day, day)
    assert not rules.in_window(day, day + dt.timedelta(days=1), day + dt.timedelta(days=2))


def test_a_relief_education_grant_this_year_refuses_the_student(
    api, campaign, grassroots, own_members
):
    member = own_members[0]
    case = api("caseworker").relief_case(member, aid_type="education", cause="education")
    n = case["case_number"]
    assert (
        api("caseworker").complete(n, "verify", "recommend", **recommendation()).status_code == 200
    )
    end_public_notice(n)
    approved = api("supervisor").complete(n, "approve", "approve", approved_amount="3000.00")
    assert approved.status_code == 200, approved.json()
    c = campaign("golden_autumn")
    before = written()
    response = nominate(
        api, c, grassroots[0], [{"member": member.pk, "tier": "college", "student": student(3)}]
    )
    error = assert_error(response, 409, "student_funded")
    assert n in error["message"]
    assert written() == before
