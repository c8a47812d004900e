"""Every refusal of a request for reconsideration, in the error shape and
with nothing written: one exists already for the decision, the case was
not rejected or refused, the window has passed, bad input, and people who
may not ask (404 for who cannot see the case, 403 for who may not ask)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casework.core.models import Case
from casework.demo.seed import seed_member_login
from tests.conftest import Api
from tests.helpers import assert_error, writes_nothing
from tests.reconsideration.helpers import relief_rejected, request, requested


def test_a_second_request_for_the_same_decision_is_refused(api, member, member_api):
    original = relief_rejected(api, member)
    first = requested(member_api, original)["case_number"]
    with writes_nothing(original):
        again = request(api("caseworker"), original)
        error = assert_error(again, 409, code="reconsideration_exists")
    assert first in error["message"]


def test_a_case_not_rejected_or_refused_is_refused(api, member, member_api, own_unit_member):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        assert_error(request(member_api, number), 409, code="not_refused")
    rc = requested(api("caseworker"), relief_rejected(api, own_unit_member))["case_number"]
    with writes_nothing(rc):  # a reconsideration is no decision to reconsider
        assert_error(request(api("caseworker"), rc), 409, code="not_refused")


@pytest.mark.parametrize(("days_ago", "allowed"), [(30, True), (31, False)])
def test_the_window_is_30_calendar_days_after_the_decision(api, member, days_ago, allowed):
    original = relief_rejected(api, member)
    Case.objects.filter(case_number=original).update(
        closed=timezone.now() - dt.timedelta(days=days_ago)
    )
    if allowed:
        requested(api("caseworker"), original)
        return
    with writes_nothing(original):
        error = assert_error(request(api("caseworker"), original), 409, code="window_passed")
    assert original in error["message"]


@pytest.mark.parametrize(
    ("data", "field"),
    [({}, "reason"), ({"reason": "   "}, "reason"), ({"reason": "理" * 4001}, "reason")],
)
def test_bad_input_is_400_naming_the_field(api, member, data, field):
    original = relief_rejected(api, member)
    with writes_nothing(original):
        response = api("caseworker").post(f"/api/cases/{original}/reconsideration/", data)
        assert_error(response, 400, field=field)


def test_who_may_not_ask_is_refused(api, member, other_unit_member):
    original = relief_rejected(api, member)
    with writes_nothing(original):
        # staff who see the case but do not act for members
        for persona in ("finance", "supervisor", "auditor"):
            assert_error(request(api(persona), original), 403, code="not_requester")
        # staff of a unit that does not see the county's case
        assert_error(request(api("caseworker2"), original), 404)
        assert_error(request(api("caseworker"), "RC-2000-999999"), 404)


def test_another_member_gets_404_for_a_case_not_theirs(api, member, members, county):
    original = relief_rejected(api, member)
    stranger = Api(seed_member_login(members[5], county))
    with writes_nothing(original):
        assert_error(request(stranger, original), 404)


def test_the_review_refuses_bad_input_and_people_who_may_not_take_it(api, member, member_api):
    original = relief_rejected(api, member)
    number = requested(member_api, original)["case_number"]
    task = api("supervisor").open_task(number, "review")["id"]
    url = f"/api/tasks/{task}/complete/"
    with writes_nothing(number):
        for data in ({"action": "overturn"}, {"action": "uphold", "reason": " "}):
            assert_error(api("supervisor").post(url, data), 400, field="reason")
        assert_error(api("supervisor").post(url, {"action": "grant"}), 400, field="action")
        body = {"action": "uphold", "reason": "x"}
        assert_error(api("caseworker").post(url, body), 403)  # not a supervisor
        assert_error(member_api.post(url, body), 403)  # their own case, not their step
        assert_error(api("caseworker2").post(url, body), 404)  # another unit's staff


def test_an_overturn_that_cannot_reopen_is_refused_and_nothing_written(api, member, member_api):
    original = relief_rejected(api, member)
    number = requested(member_api, original)["case_number"]
    other = api("caseworker").relief_case(member)["case_number"]  # a new open application
    with writes_nothing(number):
        refused = api("supervisor").complete(number, "review", "overturn", reason="应重新受理")
        error = assert_error(refused, 409, code="duplicate_case")
    assert other in error["message"]
    assert Case.objects.get(case_number=original).case_status == "rejected"
