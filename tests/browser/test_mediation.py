"""The mediation journey in the browser: the coordinator assigns, the
mediator settles and follows the agreement up, the case ends settled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import act, expect_case_page, expect_chinese, shot, take_task
from tests.mediation.conftest import referral

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_mediation_journey(api, browse, live_server):
    # registering a referral is an API operation (no page for it yet)
    created = api("coordinator").post("/api/mediation/referrals/", referral())
    assert created.status_code == 201, created.json()
    number = created.json()["case_number"]

    coordinator = browse("coordinator")
    take_task(coordinator, live_server, number, "assign", "queue")
    expect_chinese(coordinator.locator("[data-testid=task-status]"), "assigned", "status")
    expect_chinese(coordinator.locator("[data-testid=case-status]"), "registered", "status")
    expect(coordinator.locator("[data-testid=caseload]")).to_contain_text(
        "覃调解"
    )  # mediator2, by name
    shot(coordinator, "task-mediation-assign")
    act(coordinator, "assign", mediator="mediator")
    expect_case_page(coordinator, number, "assigned")

    mediator = browse("mediator")
    take_task(mediator, live_server, number, "mediate", "inbox")
    # no page logs a mediation session (API only): settle straight away
    act(
        mediator,
        "settle",
        agreed_amount="15000.00",
        terms="公司于两周内一次性支付工资及加班费 15000 元",
        performance_due=(timezone.localdate() + dt.timedelta(days=14)).isoformat(),
    )
    expect_case_page(mediator, number, "follow_up")

    # the follow-up is the same mediator's, in their inbox
    take_task(mediator, live_server, number, "follow_up", "inbox")
    shot(mediator, "task-mediation-follow-up")
    act(mediator, "fulfilled", judicial_confirmation="confirmed")
    expect_case_page(mediator, number, "settled")
    expect(mediator.locator("[data-testid=open-tasks] [data-testid=open-task]")).to_have_count(0)
    shot(mediator, "case-mediation-settled")

    # the coordinator sees the same ending; nothing is left in the mediator's inbox
    coordinator.goto(f"{live_server.url}/cases/{number}/")
    expect_case_page(coordinator, number, "settled")
    mediator.goto(f"{live_server.url}/work/?scope=inbox")
    expect(mediator.locator(f"[data-testid=task-row][data-case='{number}']")).to_have_count(0)
    mediator.goto(f"{live_server.url}/work/?scope=done")
    expect(mediator.locator(f"[data-testid=task-row][data-case='{number}']")).to_have_count(2)
