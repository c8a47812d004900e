"""The work queues in the browser: search, sort, page jump, ticked tasks
claimed and reassigned, saved filters; on a desktop and a phone, in Chinese
and English, saved as screenshots (``test-artifacts/screenshots/queues-*``)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from viewflow.workflow.models import Task

from casework.web import list_pages
from tests.browser.conftest import shot, zh_text
from tests.conftest import application
from tests.web.work.helpers import member_with_x_id
from workflows import engine

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_390 = {"width": 390, "height": 844}


def submitted(api, members) -> list[str]:
    numbers = []
    for member in members:
        response = api("caseworker").post("/api/relief/applications/", application(member))
        assert response.status_code == 201, response.json()
        numbers.append(response.json()["case_number"])
    return numbers


def test_a_caseworker_works_the_queue_and_a_supervisor_reassigns(
    api, users, members, own_unit_member, browse, live_server, monkeypatch
):
    monkeypatch.setattr(list_pages, "PAGE_SIZE", 3)
    county = [m for m in members if m.org_unit.level == 3]
    id_x = member_with_x_id(county[1])
    numbers = submitted(api, [county[0], own_unit_member, county[1], county[2]])
    # caseworker2 takes one of them while the caseworker looks at the queue
    taken = Task.objects.get(process__case__case_number=numbers[1], status="NEW")

    page = browse("caseworker")
    page.goto(f"{live_server.url}/work/?scope=queue")
    typed = " ".join(id_x[i : i + 4] for i in range(0, 18, 4)).lower()
    page.get_by_test_id("search-q").fill(typed)
    page.get_by_test_id("filter").click()
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(page.get_by_test_id("member-name")).to_have_text(county[1].name)

    page.goto(f"{live_server.url}/work/?scope=queue&sort=number")
    expect(page.get_by_test_id("page-of")).to_have_text(
        zh_text("Page %(n)s of %(total)s") % {"n": 1, "total": 2}
    )
    shot(page, "queues-queue-zh-1280")
    page.get_by_test_id("page-jump").locator("input[name=page]").fill("2")
    page.get_by_test_id("page-jump").locator("button").click()
    expect(page.get_by_test_id("page-of")).to_have_text("第 2 页，共 2 页")
    page.goto(f"{live_server.url}/work/?scope=queue&sort=number")
    engine.task_claim(taken, users["caseworker2"])
    page.get_by_test_id("tick-all").check()
    page.get_by_test_id("bulk-claim").click()
    messages = page.locator(".cw-message")
    expect(messages.first).to_have_text("已认领 2 项任务。")
    expect(messages.nth(1)).to_have_text("1 项任务未能办理：")
    expect(messages.nth(2)).to_contain_text(numbers[1])
    assert Task.objects.filter(owner=users["caseworker"], status="ASSIGNED").count() == 2

    # a saved filter: saved, shown as a chip, reopened
    page.goto(f"{live_server.url}/cases/?sort=-number")
    page.get_by_test_id("filter-name").fill("最新帮扶")
    page.get_by_test_id("save-filter").click()
    expect(page.get_by_test_id("saved-filter")).to_have_text(re.compile("最新帮扶"))
    page.goto(f"{live_server.url}/cases/")
    page.get_by_test_id("saved-filter").locator("a").click()
    expect(page.locator("th[aria-sort=descending]")).to_contain_text(zh_text("Case"))
    shot(page, "queues-cases-zh-1280")
    page.set_viewport_size(PHONE_390)
    shot(page, "queues-cases-zh-390")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_test_id("list-total")).to_have_text("4 found")
    shot(page, "queues-cases-en-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "queues-cases-en-1280")

    boss = browse("supervisor")
    boss.goto(f"{live_server.url}/work/?scope=team&sort=-number")
    expect(boss.get_by_test_id("task-row")).to_have_count(3)
    boss.locator(f"[data-testid=task-row][data-case='{numbers[3]}'] [data-testid=tick]").check()
    boss.get_by_test_id("bulk-user").select_option("caseworker")
    boss.get_by_test_id("bulk-reassign").click()
    expect(boss.locator(".cw-message").first).to_have_text("已将 1 项任务改派给韦经办。")
    shot(boss, "queues-team-zh-1280")
    boss.set_viewport_size(PHONE_390)
    shot(boss, "queues-team-zh-390")
    row = boss.locator(f"[data-testid=task-row][data-case='{numbers[3]}']")
    expect(row).to_be_visible()
    # on a phone each row is a card that fits the screen: no sideways scrolling
    width = boss.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], width
