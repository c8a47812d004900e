"""Keyset pages (``?after=<id>``): the rows after that one in the list's
default order (newest first), the same rows the page numbers give, at a
cost that does not grow with the depth; ``next`` carries ``after`` on,
``previous`` is null. Refused (400) with another order or a bad value;
``page`` works as before."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _after(link: str | None) -> str | None:
    return parse_qs(urlparse(link).query)["after"][0] if link else None


def _walk(client, url: str, **params) -> list[dict]:
    """Every row, following the keyset ``next`` links from ``after=0``."""
    rows: list[dict] = []
    body = client.get(url, after=0, page_size=3, **params).json()
    while True:
        assert body["previous"] is None and "page=" not in (body["next"] or "")
        rows += body["results"]
        if not body["next"]:
            return rows
        body = client.get(url, after=_after(body["next"]), page_size=3, **params).json()


def test_keyset_pages_give_the_rows_page_numbers_give(api, members):
    cw = api("caseworker")
    numbers = [cw.post("/api/relief/applications/", application(m)).json() for m in members[:8]]
    assert len(numbers) == 8
    by_page = []
    for page in (1, 2, 3):
        by_page += cw.get("/api/cases/", page=page, page_size=3).json()["results"]
    assert _walk(cw, "/api/cases/") == by_page
    assert len(by_page) == 8
    # the task list too (ids are shown there)
    queue = cw.get("/api/tasks/", scope="queue", page_size=200).json()
    assert [t["id"] for t in _walk(cw, "/api/tasks/", scope="queue")] == [
        t["id"] for t in queue["results"]
    ]
    # a keyset page's count is the list's
    assert cw.get("/api/cases/", after=0).json()["count"] == 8


def test_a_keyset_page_costs_the_same_deep_in_the_list(api, members):
    cw = api("caseworker")
    for m in members[:7]:
        cw.relief_case(m)
    first = cw.get("/api/cases/", after=0, page_size=2).json()
    deeper = _after(cw.get("/api/cases/", after=_after(first["next"]), page_size=2).json()["next"])
    costs = []
    for after in (0, deeper):
        with CaptureQueriesContext(connection) as ctx:
            assert cw.get("/api/cases/", after=after, page_size=2).status_code == 200
        costs.append(len(ctx.captured_queries))
    assert costs[0] == costs[1]


@pytest.mark.parametrize(
    "url",
    [
        "/api/cases/?after=x",
        "/api/cases/?after=-1",
        "/api/cases/?after=99999999999999999999",
        "/api/tasks/?scope=queue&ordering=due&after=5",
    ],
)
def test_after_is_refused_with_another_order_or_a_bad_value(api, members, url):
    api("caseworker").relief_case(members[0])
    response = api("caseworker").get(url)
    assert response.status_code == 400
    assert "after" in response.json()["error"]["fields"]
