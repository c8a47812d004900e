"""The SQL queries of every list page the performance benchmark times
(bench/api_pages.py), pinned exactly: a page that starts to run one more
query per row, or one more per request, fails here before it is slow at
province size. Each page is asked for on a short list and on a list of
several pages (page 1 and page 2), and must cost the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from casework.demo.seed import seed_members
from tests.conftest import application, recommendation

# token lookup (its user and the user's unit joined in: issue 19), then the
# page: its count and its rows with related rows joined in, never one query
# per row; the queue and the case list also read the user's groups (their
# scope). A task list reads its page's ids first, then those rows with their
# joins (issue 19: the planner joined every matching task's case, member and
# unit before sorting)
PINNED = {
    "/api/tasks/?scope=inbox": 4,
    "/api/tasks/?scope=queue": 5,
    "/api/tasks/?scope=done": 4,
    "/api/tasks/?scope=queue&program=relief&ordering=due": 5,
    "/api/tasks/?scope=inbox&overdue=false": 4,
    # a case page reads its ids, then its rows by id (a statement prepared
    # on PostgreSQL): one query more than one read, and 13 → 6 ms of SQL for the
    # county's late cases, whose joins were made for every late case
    "/api/cases/": 5,
    "/api/cases/?program=relief&status=verifying": 5,
    "/api/cases/?program=relief&overdue=false": 5,
    "/api/cases/?overdue=false": 5,
    # keyset pages (issue 19): the same queries as the numbered ones
    "/api/tasks/?scope=done&after=0": 4,
    "/api/cases/?after=0": 5,
    # the searches: the member search and the case search by name or number
    "/api/members/": 4,
    "/api/members/?q=1": 4,
    "/api/cases/?q=rl": 5,
    "/api/cases/?overdue=true": 3,  # none overdue: no page to read
}


# the pages that read the user's roles (their scope): on PostgreSQL the roles
# come with the token's read (core.access.roles_read_with), one query fewer
READS_ROLES = {
    url
    for url in PINNED
    if not url.startswith(("/api/tasks/?scope=inbox", "/api/tasks/?scope=done"))
}
EXPECTED = {
    url: n - (url in READS_ROLES and connection.vendor == "postgresql") for url, n in PINNED.items()
}


@pytest.fixture
def many_members(org):
    return seed_members([org["county"]], count=24)


def _queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries), response.json()


def _fill(api, members) -> None:
    """Relief cases: a third left in the queue, the others' verify task
    claimed, and of those every other one completed."""
    cw = api("caseworker")
    for i, m in enumerate(members):
        number = cw.post("/api/relief/applications/", application(m)).json()["case_number"]
        task = cw.open_task(number, "verify")
        if i % 3 == 2:
            continue
        assert cw.post(f"/api/tasks/{task['id']}/claim/").status_code == 200
        if i % 2:
            done = cw.post(
                f"/api/tasks/{task['id']}/complete/", {"action": "recommend", **recommendation()}
            )
            assert done.status_code == 200


def _token_client(user) -> Client:
    """A client sending the user's API token: every request looks the user
    up again, as in production (the test helper's forced user is cached)."""
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")


def _pins(users) -> dict[str, int]:
    client = _token_client(users["caseworker"])
    out = {}
    for url in PINNED:
        out[url], _ = _queries(client, url)
    return out


def test_every_list_page_makes_its_pinned_number_of_queries(api, users, many_members):
    _fill(api, many_members[:3])
    assert _pins(users) == EXPECTED


def test_longer_lists_and_later_pages_make_the_same_queries(api, users, many_members):
    _fill(api, many_members)
    assert _pins(users) == EXPECTED
    client = _token_client(users["caseworker"])
    for url in ("/api/tasks/?scope=inbox", "/api/tasks/?scope=done", "/api/cases/"):
        n, body = _queries(client, f"{url}{'&' if '?' in url else '?'}page_size=3&page=2")
        assert body["count"] >= 6 and len(body["results"]) == 3
        assert n == EXPECTED[url], url
