"""The task lists and the case list as work queues: the member's name,
search (case number, name, ID number however typed), sorting by the column
headers, paging that says where one is, claiming and reassigning ticked
tasks through the engine, and saved filters that only their owner sees."""

from __future__ import annotations

import re
from typing import Any

import pytest
from viewflow.workflow.models import Task

from casework.core.models import Case, Member
from casework.presenters.lists import member_listed
from casework.web import list_pages
from casework.web.models import SavedFilter
from workflows import engine

from .conftest import open_task_id
from .helpers import member_with_x_id, rows


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def queued(relief_case, members):
    """``queued(n)`` → the numbers of n relief cases waiting in the queue,
    one member each, the oldest first."""

    def make(n: int, among: list[Member] | None = None) -> list[str]:
        return [relief_case(m) for m in (among or members)[:n]]

    return make


def test_the_queue_shows_each_members_name_and_finds_a_case_by_name(web, queued, members):
    numbers = queued(3)
    client = web("caseworker")

    html = client.get("/work/?scope=queue").content.decode()
    for number, member in zip(numbers, members, strict=False):
        row = html[html.index(f'data-case="{number}"') :]
        assert member.name in row[: row.index("</tr>")]

    found = client.get("/work/", {"scope": "queue", "q": members[1].name}).content.decode()
    assert rows(found) == [numbers[1]]
    assert f'value="{members[1].name}"' in found  # the box keeps what was typed
    cases = client.get("/cases/", {"q": members[1].name}).content.decode()
    assert rows(cases, "case-row") == [numbers[1]]


def test_an_id_number_is_found_typed_with_spaces_and_a_lowercase_x(web, queued, members):
    number_x = member_with_x_id(members[2])
    numbers = queued(3)
    typed = " ".join(number_x[i : i + 4] for i in range(0, 18, 4)).lower()
    assert " " in typed and typed.endswith("x")
    client = web("caseworker")

    for url, scope, testid in (("/work/", "queue", "task-row"), ("/cases/", "", "case-row")):
        found = client.get(url, {"scope": scope, "q": typed}).content.decode()
        assert rows(found, testid) == [numbers[2]], url
        # the list shows the name, never the ID number
        assert members[2].name in found and number_x not in found
    # a case number typed in lower case is found too
    found = client.get("/cases/", {"q": numbers[0].lower()}).content.decode()
    assert rows(found, "case-row") == [numbers[0]]
    # its start (found along the b-tree) and its digits alone (the trigram index)
    assert numbers[0] in rows(
        client.get("/cases/", {"q": numbers[0][:9]}).content.decode(), "case-row"
    )
    assert rows(client.get("/cases/", {"q": numbers[0][-6:]}).content.decode(), "case-row") == [
        numbers[0]
    ]


def test_clicking_a_column_header_sorts_the_list_and_a_second_click_reverses_it(web, queued):
    numbers = queued(4)
    client = web("caseworker")

    newest_first = client.get("/cases/").content.decode()
    assert rows(newest_first, "case-row") == numbers[::-1]
    by_number = client.get("/cases/?sort=number")
    html = by_number.content.decode()
    assert rows(html, "case-row") == sorted(numbers)
    assert 'aria-sort="ascending"' in html
    # the header now links to the other way round
    assert 'href="?sort=-number" data-testid="sort-number"' in html
    reversed_html = client.get("/cases/?sort=-number").content.decode()
    assert rows(reversed_html, "case-row") == sorted(numbers, reverse=True)

    # the queue: by due date (the default), by case number, newest first
    queue = client.get("/work/?scope=queue&sort=-number").content.decode()
    assert rows(queue) == sorted(numbers, reverse=True)
    assert rows(client.get("/work/?scope=queue&sort=-created").content.decode()) == numbers[::-1]
    assert rows(client.get("/work/?scope=queue&sort=created").content.decode()) == numbers
    # an unknown order is refused like any bad filter: a message, no list, no 500
    refused = client.get("/work/?scope=queue&sort=bogus")
    assert refused.status_code == 400
    assert "Sort:" in refused.content.decode()


def test_the_pager_says_page_2_of_n_and_jumps_to_a_page(web, queued, monkeypatch):
    monkeypatch.setattr(list_pages, "PAGE_SIZE", 2)
    numbers = queued(5)
    client = web("caseworker")

    first = client.get("/cases/").content.decode()
    assert "5 found" in first
    assert "Page 1 of 3" in first
    assert 'data-testid="page-jump"' in first
    second = client.get("/cases/?page=2&sort=number").content.decode()
    assert "Page 2 of 3" in second
    assert rows(second, "case-row") == sorted(numbers)[2:4]
    # the page links keep the order and the filters
    assert 'href="?sort=number&amp;page=3"' in second
    assert "Page 2 of 3" in client.get("/work/?scope=queue&page=2").content.decode()
    # past the end: the last page; not a number: the first (never a 500)
    assert "Page 3 of 3" in client.get("/cases/?page=99").content.decode()
    assert "Page 1 of 3" in client.get("/cases/?page=abc").content.decode()


def test_past_the_count_cap_the_list_says_more_than(web, queued, monkeypatch):
    monkeypatch.setattr(list_pages, "PAGE_SIZE", 2)
    monkeypatch.setattr(list_pages, "COUNT_CAP", 3)
    numbers = queued(5)[::-1]  # newest first, as the list shows them
    client = web("caseworker")
    html = client.get("/cases/").content.decode()
    assert "More than 3 found" in html
    assert "Page 1 of more than 2" in html
    # the last numbered page goes on by keyset, its cost the same at any depth
    last = client.get("/cases/?page=2").content.decode()
    assert rows(last, "case-row") == numbers[2:4]
    after = re.search(r'href="\?after=(\d+)" data-testid="page-older"', last)
    assert after, last
    older = client.get(f"/cases/?after={after.group(1)}").content.decode()
    assert rows(older, "case-row") == numbers[4:]
    assert "Past page 2" in older and 'data-testid="page-older"' not in older
    before = re.search(r'href="\?before=(\d+)" data-testid="page-newer"', older)
    assert before, older
    newer = client.get(f"/cases/?before={before.group(1)}").content.decode()
    assert rows(newer, "case-row") == numbers[2:4]
    # back at the top: the first page; a bad id: the numbered page
    top = re.search(r'href="\?before=(\d+)"', newer)
    assert (
        top
        and rows(client.get(f"/cases/?before={top.group(1)}").content.decode(), "case-row")
        == numbers[:2]
    )
    assert rows(client.get("/cases/?after=x1").content.decode(), "case-row") == numbers[:2]
    # a list in another order asks for a narrower search past the cap
    by_number = client.get("/cases/?sort=number&page=2").content.decode()
    assert "narrow the search" in by_number and "page-older" not in by_number
    assert "Page 2 of 2" in by_number


def test_bulk_claim_of_three_reports_the_one_taken_meanwhile_and_claims_the_other_two(
    web, queued, members, own_unit_member, users
):
    # the middle case is in caseworker2's union: caseworker2 may take it first
    others = [m for m in members if m.org_unit.level == 3 and m != own_unit_member]
    numbers = queued(3, among=[others[0], own_unit_member, others[1]])
    ids = [open_task_id(n, "verify") for n in numbers]
    client = web("caseworker")
    assert set(rows(client.get("/work/?scope=queue").content.decode())) >= set(numbers)

    engine.task_claim(Task.objects.get(pk=ids[1]), users["caseworker2"])  # in between
    response = client.post(
        "/work/?scope=queue", {"op": "claim", "task": [str(i) for i in ids]}, follow=True
    )

    assert response.status_code == 200
    said = messages_of(response)
    assert "Claimed 2 tasks." in said
    assert "Refused 1 task:" in said
    assert any(m.startswith(f"{numbers[1]} ") and "already claimed" in m for m in said), said
    owners = dict(Task.objects.filter(pk__in=ids).values_list("pk", "owner__username"))
    assert owners == {ids[0]: "caseworker", ids[1]: "caseworker2", ids[2]: "caseworker"}
    # back on the queue it came from, the claimed ones gone from it
    assert response.redirect_chain[-1][0] == "/work/?scope=queue"
    assert rows(response.content.decode()) == []


def test_bulk_claim_refuses_nothing_ticked_and_bad_ids_with_a_message(web, queued):
    queued(1)
    client = web("caseworker")
    nothing = client.post("/work/?scope=queue", {"op": "claim"}, follow=True)
    assert messages_of(nothing) == ["Tick at least one task."]
    bad = client.post("/work/?scope=queue", {"op": "claim", "task": ["1x"]}, follow=True)
    assert messages_of(bad) == ["Tick the tasks again."]
    missing = client.post("/work/?scope=queue", {"op": "claim", "task": ["999999"]}, follow=True)
    assert missing.status_code == 200
    assert messages_of(missing)[-1] == "#999999: task 999999 not found"


def test_a_supervisor_reassigns_ticked_tasks_and_each_refusal_is_reported(
    web, queued, members, own_unit_member, users
):
    county = [m for m in members if m.org_unit.level == 3]
    numbers = queued(3, among=[own_unit_member, county[0], county[1]])
    ids = [open_task_id(n, "verify") for n in numbers]
    engine.task_claim(Task.objects.get(pk=ids[1]), users["caseworker"])
    supervisor = web("supervisor")

    team = supervisor.get("/work/?scope=team").content.decode()
    assert 'data-testid="tab-team"' in team
    assert set(rows(team)) == set(numbers)  # claimed or not
    assert 'value="caseworker2"' in team  # offered, by name
    assert "杨经办" in team

    response = supervisor.post(
        "/work/?scope=team",
        {"op": "reassign", "user": "caseworker2", "task": [str(i) for i in ids]},
        follow=True,
    )
    said = messages_of(response)
    # caseworker2 sits at a grassroots union: only the case of that union can be theirs
    assert "Reassigned 1 task to 杨经办." in said
    assert "Refused 2 tasks:" in said
    assert sum("caseworker2 may not take this task" in m for m in said) == 2
    owners = dict(Task.objects.filter(pk__in=ids).values_list("pk", "owner__username"))
    assert owners == {ids[0]: "caseworker2", ids[1]: "caseworker", ids[2]: None}

    to_county = supervisor.post(
        "/work/?scope=team",
        {"op": "reassign", "user": "caseworker", "task": [str(ids[2])]},
        follow=True,
    )
    assert "Reassigned 1 task to 韦经办." in messages_of(to_county)
    assert Task.objects.get(pk=ids[2]).owner == users["caseworker"]


def test_a_caseworker_may_not_reassign_and_sees_no_team_list(web, queued, users):
    number = queued(1)[0]
    task_id = open_task_id(number, "verify")
    client = web("caseworker")
    assert 'data-testid="tab-team"' not in client.get("/work/").content.decode()
    assert 'data-testid="bulk-reassign"' not in client.get("/work/?scope=queue").content.decode()
    assert rows(client.get("/work/?scope=team").content.decode()) == []

    response = client.post(
        "/work/?scope=queue",
        {"op": "reassign", "user": "caseworker2", "task": [str(task_id)]},
        follow=True,
    )
    assert response.status_code == 200
    assert any("only a supervisor or coordinator" in m for m in messages_of(response))
    assert Task.objects.get(pk=task_id).owner is None
    unknown = client.post(
        "/work/?scope=queue", {"op": "reassign", "user": "nobody", "task": [str(task_id)]}
    )
    assert unknown.status_code == 302


def test_a_saved_filter_round_trips_and_only_its_owner_sees_it(web, queued, users):
    queued(1)
    client, other = web("caseworker"), web("caseworker2")
    query = "scope=queue&program=relief&q=%E9%9F%A6&sort=-due&page=3"

    saved = client.post(
        f"/work/?{query}",
        {"op": "save_filter", "name": "  My  relief ", "query": query},
        follow=True,
    )
    assert "Filter “My relief” saved." in messages_of(saved)
    mine = SavedFilter.objects.get(owner=users["caseworker"])
    assert (mine.page, mine.name) == ("work", "My relief")
    # the filters kept, the page number not
    assert mine.query == "scope=queue&program=relief&q=%E9%9F%A6&sort=-due"
    home = client.get("/work/").content.decode()
    assert 'data-testid="saved-filter" data-name="My relief"' in home
    assert f'href="?{mine.query.replace("&", "&amp;")}"' in home
    # the chip reopens the list with those filters
    reopened = client.get(f"/work/?{mine.query}").content.decode()
    assert 'value="relief" selected' in reopened and 'value="-due" selected' in reopened
    # saving the same name again replaces it
    client.post("/work/", {"op": "save_filter", "name": "My relief", "query": "scope=done"})
    assert SavedFilter.objects.get(pk=mine.pk).query == "scope=done"
    # the case list has filters of its own
    assert 'data-testid="saved-filter"' not in client.get("/cases/").content.decode()

    # another caseworker sees none of them and cannot delete them
    assert 'data-testid="saved-filter"' not in other.get("/work/").content.decode()
    refused = other.post("/work/", {"op": "delete_filter", "filter": str(mine.pk)}, follow=True)
    assert messages_of(refused) == ["saved filter not found"]
    assert SavedFilter.objects.filter(pk=mine.pk).exists()

    deleted = client.post("/work/", {"op": "delete_filter", "filter": str(mine.pk)}, follow=True)
    assert "Saved filter deleted." in messages_of(deleted)
    assert not SavedFilter.objects.filter(pk=mine.pk).exists()


def test_a_saved_filter_needs_a_name_and_filters_the_page_accepts(web, users):
    client = web("caseworker")
    blank = client.post("/cases/", {"op": "save_filter", "name": " ", "query": "q=x"}, follow=True)
    assert messages_of(blank) == ["Give the filter a name."]
    bad = client.post(
        "/cases/", {"op": "save_filter", "name": "x", "query": "program=bogus"}, follow=True
    )
    assert messages_of(bad) == ["These filters cannot be saved."]
    saved = client.post(
        "/cases/", {"op": "save_filter", "name": "late", "query": "status=verifying&xyz=1"}
    )
    assert saved.status_code == 302 and saved["Location"] == "/cases/?status=verifying&xyz=1"
    assert SavedFilter.objects.get(owner=users["caseworker"]).query == "status=verifying"


def test_the_worker_of_a_mediation_is_named_only_to_whom_may_read_it(api, users, members):
    from tests.mediation.conftest import referral

    worker = members[0]
    created = api("coordinator").post(
        "/api/mediation/referrals/", referral(worker={"member": worker.pk})
    )
    assert created.status_code == 201, created.json()
    number = created.json()["case_number"]
    api("coordinator").complete(number, "assign", "assign", mediator="mediator")
    case = Case.objects.select_related("member", "org_unit", "mediation").get(case_number=number)

    for username in ("coordinator", "mediator", "auditor"):
        assert member_listed(case, users[username]) == {"id": worker.pk, "name": worker.name}
    for username in ("mediator2", "caseworker"):
        assert member_listed(case, users[username]) == {"withheld": True}
