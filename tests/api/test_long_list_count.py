"""Long lists keep their count for a minute (a province's hundreds of
thousands of cases cost more to count than to page); short ones are
counted afresh every time."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.api import pagination


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _get(api, url):
    with CaptureQueriesContext(connection) as ctx:
        response = api("caseworker").get(url)
    assert response.status_code == 200
    return response.json()["count"], len(ctx.captured_queries)


def test_a_long_lists_count_is_kept_and_its_pages_are_fresh(api, members, monkeypatch):
    monkeypatch.setattr(pagination, "LONG_LIST", 2)
    for m in members[:2]:
        api("caseworker").relief_case(m)
    first, queries = _get(api, "/api/cases/")
    assert first == 2
    api("caseworker").relief_case(members[2])
    kept, fewer = _get(api, "/api/cases/")
    assert kept == 2 and fewer == queries - 1  # no count query
    # the rows are read afresh: the newest case heads the first page (only
    # the last page of a kept count can miss the newest minute's rows)
    newest = api("caseworker").get("/api/cases/", page_size=1).json()["results"][0]
    assert newest["case_number"].endswith("-000003")
    cache.clear()  # the minute is over
    assert _get(api, "/api/cases/")[0] == 3


def test_a_short_lists_count_is_always_fresh(api, members):
    api("caseworker").relief_case(members[0])
    assert _get(api, "/api/cases/")[0] == 1
    api("caseworker").relief_case(members[1])
    assert _get(api, "/api/cases/")[0] == 2
