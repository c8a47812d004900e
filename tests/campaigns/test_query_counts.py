"""A list's pages and writes make a fixed number of queries, whatever the
list's length: the case detail with its recipients, the list workbook,
the campaigns page, and the issue of one grant."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.demo.seed import seed_members

from .conftest import listed, recipients_of


@pytest.fixture
def many(org, grassroots):
    members = seed_members([grassroots[0]], count=40)
    return [m for m in members if m.org_unit_id == grassroots[0].pk]


def _count(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _approved_list(api, c, unit, members) -> str:
    n = listed(api, c, unit, [{"member": m.pk, "tier": "hard"} for m in members])["case_number"]
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    return n


def test_list_pages_and_the_issue_do_not_grow_with_the_list(api, campaign, grassroots, many):
    assert len(many) >= 30
    c = campaign()
    small = _approved_list(api, c, grassroots[0], many[:3])
    big = _approved_list(api, c, grassroots[0], many[3:30])
    reader = api("caseworker")
    detail = [_count(lambda n=n: reader.get(f"/api/cases/{n}/")) for n in (small, big)]
    assert detail[0] == detail[1]
    book = [
        _count(lambda n=n: reader.get(f"/api/campaign-lists/{n}/list.xlsx")) for n in (small, big)
    ]
    assert book[0] == book[1]

    def issue(n: str, index: int = 0) -> int:
        rid = recipients_of(api, n)[index]["id"]
        return _count(
            lambda: api("finance").post(
                f"/api/campaign-lists/{n}/recipients/{rid}/issue/",
                {"method": "cash", "reference": "r", "issued_on": timezone.localdate().isoformat()},
            )
        )

    issue(small)  # the first write warms what is cached per process
    assert issue(small, 1) == issue(big) <= 25
    pages = [_count(lambda: reader.get("/api/campaigns/"))]
    campaign(title="again")
    pages.append(_count(lambda: reader.get("/api/campaigns/")))
    assert pages[0] == pages[1]


@pytest.fixture
def fifty_five(org, grassroots):
    members = seed_members([grassroots[0]], count=60)
    return [m for m in members if m.org_unit_id == grassroots[0].pk][:56]


def test_a_list_of_50_reads_and_issues_in_as_many_queries_as_a_list_of_5(
    api, campaign, grassroots, fifty_five
):
    c = campaign(budget="1000000.00")
    reader = api("caseworker")
    lists = {
        size: listed(api, c, grassroots[0], [{"member": m.pk, "tier": "hard"} for m in chunk])[
            "case_number"
        ]
        for size, chunk in ((1, fifty_five[55:]), (5, fifty_five[:5]), (50, fifty_five[5:55]))
    }
    reader.get(f"/api/cases/{lists[5]}/")  # warm what is cached per process

    def read() -> list[int]:
        return [_count(lambda n=lists[k]: reader.get(f"/api/cases/{n}/")) for k in (5, 50)]

    submitted = read()
    assert submitted[0] == submitted[1], submitted
    for n in lists.values():
        assert reader.complete(n, "review", "verify").status_code == 200
        assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    approved = read()
    assert approved[0] == approved[1], approved
    issue = [
        _count(
            lambda n=n: api("finance").post(
                f"/api/campaign-lists/{n}/issue-remaining/",
                {
                    "method": "cash",
                    "reference": "PZ",
                    "issued_on": timezone.localdate().isoformat(),
                },
            )
        )
        for n in lists.values()
    ]
    assert issue[1] == issue[2], issue  # the list of one warmed the writes' caches
    issued = read()
    assert issued[0] == issued[1], issued
