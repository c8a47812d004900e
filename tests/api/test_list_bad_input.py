"""Bad input to the lists and to objects that do not exist: bad filters,
pages past the end, page sizes, unknown cases, tasks, members, users and
paths — the contract's error shape, never a 500, and nothing written."""

from __future__ import annotations

import pytest

from casework.demo.seed import seed_members
from tests.helpers import assert_error, writes_nothing

# --- lists, paging, unknown objects -------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"scope": "bogus"},
        {"program": "lottery"},
        {"overdue": "maybe"},
        {"ordering": "name"},
    ],
)
def test_it_refuses_a_bad_task_list_filter(api, member, params):
    response = api("caseworker").get("/api/tasks/", **params)
    assert_error(response, 400, field=next(iter(params)))


@pytest.mark.parametrize(
    "params",
    [{"program": "lottery"}, {"overdue": "maybe"}, {"org_unit": "county"}, {"org_unit": 999_999}],
)
def test_it_refuses_a_bad_case_list_filter(api, member, params):
    response = api("caseworker").get("/api/cases/", **params)
    assert_error(response, 400, field=next(iter(params)))


@pytest.mark.parametrize(
    ("url", "params"),
    [("/api/tasks/", {"scope": "queue"}), ("/api/cases/", {}), ("/api/members/", {})],
)
@pytest.mark.parametrize("page", ["999", "0", "abc"])
def test_a_page_past_the_end_is_404_with_the_error_shape(api, member, url, params, page):
    api("caseworker").relief_case(member)
    assert api("caseworker").get(url, **params).json()["count"] >= 1
    assert_error(api("caseworker").get(url, page=page, **params), 404)


def test_page_size_is_capped_at_200(api, org, county, grassroots):
    seed_members([county, *grassroots], count=230)
    response = api("caseworker").get("/api/members/", page_size=1000)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 230
    assert len(body["results"]) == 200
    assert body["next"] is not None


@pytest.mark.parametrize("page_size", ["0", "-5", "many"])
def test_a_meaningless_page_size_falls_back_to_the_default(api, member, page_size):
    response = api("caseworker").get("/api/members/", page_size=page_size)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 12


@pytest.mark.parametrize(
    "url",
    [
        "/api/cases/RL-2000-000001/",
        "/api/cases/RL-2000-000001/timeline/",
        "/api/cases/RL-2000-000001/documents/",
        "/api/tasks/999999/",
        f"/api/tasks/{10**30}/",
        "/api/members/999999/",
        "/api/parameters/relief.nothing/",
    ],
)
def test_an_unknown_object_is_404_with_the_error_shape(api, org, url):
    assert_error(api("caseworker").get(url), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/tasks/999999/claim/",
        "/api/tasks/999999/release/",
        "/api/tasks/999999/complete/",
        "/api/cases/RL-2000-000001/withdraw/",
    ],
)
def test_an_action_on_an_unknown_object_is_404_with_the_error_shape(api, org, url):
    with writes_nothing():
        response = api("caseworker").post(url, {"action": "recommend", "reason": "x"})
    assert_error(response, 404)


def test_an_unknown_api_path_is_404_with_the_error_shape(api, org):
    assert_error(api("caseworker").get("/api/no-such-thing/"), 404)
    assert_error(api("caseworker").get("/api/tasks/abc/"), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/members/?q=%00",
        "/api/cases/?q=%00",
        "/api/cases/?status=%00",
        "/api/cases/%00/",
        "/api/cases/RL%00/timeline/",
        "/api/parameters/%00/",
    ],
)
def test_a_nul_character_in_a_query_or_path_is_not_a_server_error(api, member, url):
    response = api("caseworker").client.get(url)
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 200:
        assert_error(response, response.status_code)


@pytest.mark.parametrize("username", ["nobody", "case\x00worker", "", None, 7])
def test_it_refuses_to_reassign_to_an_unknown_user(api, member, username):
    number = api("caseworker").relief_case(member)["case_number"]
    task = api("supervisor").open_task(number, "verify")
    with writes_nothing(number):
        response = api("supervisor").post(f"/api/tasks/{task['id']}/reassign/", {"user": username})
    assert_error(response, 400, field="user")


def test_a_nul_character_in_a_withdrawal_path_is_not_found(api, member):
    with writes_nothing():
        response = api("caseworker").client.post(
            "/api/cases/RL%00/withdraw/", {"reason": "x"}, format="json"
        )
    assert_error(response, 404)
