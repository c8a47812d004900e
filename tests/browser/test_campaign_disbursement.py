"""A nomination list of 50 recipients in a real browser (PROCESSES.md §4):
the county caseworker reviews it recipient by recipient (two excluded with
a reason, one verified, then the list), the supervisor approves it within
the budget, finance issues grants row by row and the rest at once in cash, marks some
signed for, watches the progress reach n of n, and closes the list — in
Chinese, as a county federation's staff see it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.campaigns.models import Recipient
from casework.core.models import Case, Payment
from tests.browser.conftest import expect_case_page, shot, zh_text
from tests.web.campaigns.work_lists import campaign_of, list_of, members_of, open_task

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIZE = 50
ONE_BY_ONE = 5  # grants issued row by row; the rest at once


def _progress(n: int, m: int) -> str:
    return zh_text("Issued %(n)s of %(m)s") % {"n": n, "m": m}


def test_a_list_of_50_is_reviewed_approved_issued_signed_for_and_closed(
    org, grassroots, browse, live_server
):
    case = list_of(org, campaign_of(org), members_of(grassroots[0], SIZE))
    number = case.case_number

    # the county caseworker: two excluded with a reason, one verified, then the list
    page = browse("caseworker")
    page.goto(f"{live_server.url}/work/tasks/{open_task(case, 'review').pk}/")
    rows = page.locator("[data-testid=recipient-row]")
    expect(rows).to_have_count(SIZE)
    expect(page.locator("[data-testid=list-adds]")).to_have_text("27500.00")  # 25×700 + 25×400
    for index, reason in ((0, "已享受其他慰问"), (1, "已调离本单位")):
        row = rows.nth(index)
        row.locator("[data-testid=exclude-open]").click()
        row.locator("[data-testid=exclude-reason]").fill(reason)
        row.locator("[data-testid=exclude-recipient]").click()
        expect(rows.nth(index)).to_have_attribute("data-status", "excluded")
        expect(rows.nth(index).locator("[data-testid=recipient-reason]")).to_have_text(reason)
    rows.nth(2).locator("[data-testid=verify-recipient]").click()
    expect(rows.nth(2)).to_have_attribute("data-status", "verified")
    expect(page.locator("[data-testid=list-adds]")).to_have_text("26400.00")
    shot(page, "campaign-review-zh")
    page.locator("[data-testid=do-verify]").click()
    expect_case_page(page, number, "awaiting_approval")

    # the supervisor: the same list, read-only, within the budget
    page = browse("supervisor")
    page.goto(f"{live_server.url}/work/tasks/{open_task(case, 'approve').pk}/")
    expect(page.locator("[data-testid=recipient-row]")).to_have_count(SIZE)
    expect(page.locator("[data-testid=verify-recipient]")).to_have_count(0)
    expect(page.locator("[data-testid=count-excluded]")).to_contain_text("2")
    expect(page.locator("[data-testid=over-budget]")).to_have_count(0)
    page.locator("[data-testid=do-approve]").click()
    expect_case_page(page, number, "disbursing")

    # finance: the unissued grants one after the other, in cash, today
    page = browse("finance")
    task_url = f"{live_server.url}/work/tasks/{open_task(case, 'disburse').pk}/"
    page.goto(task_url)
    granted = SIZE - 2
    expect(page.locator("[data-testid=progress-text]")).to_have_text(_progress(0, granted))
    page.locator("[data-testid=do-close]").click()  # too early: refused, as the page says
    expect(page.locator(".cw-message--error")).to_contain_text(
        zh_text("%(count)s approved grants are not issued yet") % {"count": granted}
    )
    page.goto(f"{task_url}?unissued=1")
    unissued = page.locator("[data-testid=recipient-row]")
    for issued in range(1, ONE_BY_ONE + 1):
        unissued.first.locator("[data-testid=issue-recipient]").click()
        expect(page.locator("[data-testid=progress-text]")).to_have_text(_progress(issued, granted))
    expect(unissued).to_have_count(granted - ONE_BY_ONE)
    # the rest at once, in cash today, against one voucher
    page.locator("[data-testid=issue-remaining-open]").click()
    page.locator("[data-testid=issue-remaining] input[name=reference]").fill("PZ-2026-118")
    page.locator("[data-testid=do-issue-remaining]").click()
    expect(page.locator("[data-testid=progress-text]")).to_have_text(_progress(granted, granted))
    expect(unissued).to_have_count(0)
    expect(page.locator("[data-testid=progress-amount]")).to_contain_text("26400.00 / 26400.00")

    # three of them signed for, by the recipient's own name (the default)
    page.goto(task_url)
    issued_rows = page.locator("[data-testid=recipient-row][data-status=issued]")
    for signed in range(1, 4):
        issued_rows.first.locator("[data-testid=sign-recipient]").click()
        expect(page.locator("[data-testid=recipient-row][data-status=signed]")).to_have_count(
            signed
        )
    expect(page.locator("[data-testid=progress-signed]")).to_have_text(
        zh_text("signed for: %(n)s") % {"n": 3}
    )
    expect(page.locator("[data-testid=close-hint]")).to_have_count(0)
    shot(page, "campaign-disburse-zh")
    page.locator("[data-testid=do-close]").click()
    expect_case_page(page, number, "closed")

    statuses = list(Recipient.objects.filter(campaign_list_id=case.pk).values_list("status"))
    assert sorted({s for (s,) in statuses}) == ["excluded", "issued", "signed"]
    assert Payment.objects.filter(case=case).count() == granted
    assert Case.objects.get(pk=case.pk).case_status == "closed"
