"""A grassroots caseworker sees nothing of another union's cases in the
browser: not in any tab, not in the case list, and a guessed address of its
task, case or chart is the same 404 as an address that does not exist."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import zh_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_grassroots_caseworker_sees_nothing_of_another_unit(
    api, browse, live_server, members, grassroots, other_unit_member
):
    own_unit = [m for m in members if m.org_unit_id == grassroots[0].pk]
    theirs = api("caseworker").relief_case(other_unit_member)
    their_number, their_task = theirs["case_number"], theirs["open_tasks"][0]["id"]
    # caseworker2's own union has one case in the queue and one in the inbox
    queued = api("caseworker2").relief_case(own_unit[0])["case_number"]
    held = api("caseworker2").relief_case(own_unit[1])
    claimed = api("caseworker2").post(f"/api/tasks/{held['open_tasks'][0]['id']}/claim/")
    assert claimed.status_code == 200, claimed.json()

    page = browse("caseworker2")
    expect(page.locator("[data-testid=tab-inbox]")).to_contain_text(zh_text("My inbox"))
    seen = {
        "inbox": held["case_number"],
        "queue": queued,
        "done": None,
    }
    for scope, own in seen.items():
        page.locator(f"[data-testid=tab-{scope}]").click()
        expect(page.locator(f"[data-testid=tab-{scope}]")).to_have_class(
            re.compile(r"\bcw-tab--on\b")
        )
        if own:  # the list shows cases, just not theirs
            expect(page.locator(f"[data-testid=task-row][data-case='{own}']")).to_have_count(1)
        expect(page.locator("[data-testid=task-list]")).not_to_contain_text(their_number)
        expect(page.locator("body")).not_to_contain_text(other_unit_member.name)

    page.goto(f"{live_server.url}/cases/")
    expect(page.locator(f"[data-testid=case-row][data-case='{queued}']")).to_have_count(1)
    expect(page.locator("[data-testid=case-list]")).not_to_contain_text(their_number)
    page.goto(f"{live_server.url}/cases/?q={their_number}")
    expect(page.locator("[data-testid=case-row]")).to_have_count(0)

    not_found = page.goto(f"{live_server.url}/cases/RL-0000-999999/")
    assert not_found is not None and not_found.status == 404
    # the error page is the site's own (menu, top bar with its form tokens): what
    # it says, and its title, are the same as for nothing at all
    error = page.locator("[data-testid=error-page]")
    nowhere = (page.title(), error.inner_html())
    for path in (
        f"/work/tasks/{their_task}/",
        f"/cases/{their_number}/",
        f"/cases/{their_number}/chart.svg",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        assert (page.title(), error.inner_html()) == nowhere, path  # as for nothing at all
        expect(page.locator("body")).not_to_contain_text(other_unit_member.name)

    # the county caseworker does see the case (the addresses are right)
    county = browse("caseworker")
    response = county.goto(f"{live_server.url}/cases/{their_number}/")
    assert response is not None and response.status == 200
    expect(county.locator(f"[data-testid=case-page][data-case='{their_number}']")).to_be_visible()
