"""The relief journey in the browser, from the member's phone to the money
paid: apply with a document, verify and recommend, public notice, approve,
pay, and the member sees the case closed."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    act,
    expect_case_page,
    expect_chinese,
    fill,
    shot,
    take_task,
    zh,
)
from tests.conftest import end_public_notice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAYSLIP = {"name": "income-proof.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 demo"}


def test_relief_journey_member_to_closed(member_login, browse, live_server):
    member = browse("member", viewport=PHONE)
    member.goto(f"{live_server.url}/my/")
    member.locator("[data-testid=apply-relief]").click()
    form = member.locator("[data-testid=relief-form]")
    fill(
        form,
        aid_type="living",
        cause="illness",
        reason="丈夫长期患病，家庭收入微薄",
        household_size="3",
        household_annual_income="24000.00",
        rigid_expenses="6000.00",
        requested_amount="3000.00",
    )
    form.locator("input[type=file][name=documents]").set_input_files([PAYSLIP])
    shot(member, "my-relief-form-phone")
    form.locator("[data-testid=submit]").click()

    mine = member.locator("[data-testid=my-case]")
    expect(mine).to_be_visible()
    number = mine.get_attribute("data-case")
    assert number and number.startswith("RL-")
    expect_chinese(member.locator("[data-testid=case-status]"), "submitted", "status")
    expect(member.locator("[data-testid=document]")).to_contain_text("income-proof.pdf")

    # the caseworker claims it from the unit queue, visits and recommends
    caseworker = browse("caseworker")
    take_task(caseworker, live_server, number, "verify", "queue")
    expect_chinese(caseworker.locator("[data-testid=case-status]"), "verifying", "status")
    shot(caseworker, "task-relief-verify")
    act(
        caseworker,
        "recommend",
        visit_date=timezone.localdate().isoformat(),
        verified_annual_income="24000.00",
        verified_rigid_expenses="6000.00",
        household_size="3",
        recommended_amount="3000.00",
        notes="入户核查属实",
    )
    expect_case_page(caseworker, number, "public_notice")
    expect(caseworker.locator("[data-testid=documents]")).to_contain_text("income-proof.pdf")

    # the notice period runs out (its timer, fired as the scheduler would)
    end_public_notice(number)

    supervisor = browse("supervisor")
    take_task(supervisor, live_server, number, "approve", "queue")
    expect_chinese(supervisor.locator("[data-testid=case-status]"), "awaiting_approval", "status")
    act(supervisor, "approve", approved_amount="3000.00", comment="同意救助")
    expect_case_page(supervisor, number, "approved")

    finance = browse("finance")
    take_task(finance, live_server, number, "disburse", "queue")
    act(
        finance,
        "pay",
        amount="3000.00",
        method="bank_transfer",
        reference="BANK-2026-0001",
        paid_on=timezone.localdate().isoformat(),
    )
    expect_case_page(finance, number, "closed")

    # the member sees it closed, on their list and on the case
    member.goto(f"{live_server.url}/my/")
    row = member.locator(f"[data-testid=my-case-row][data-case='{number}']")
    expect_chinese(row.locator("[data-testid=case-status]"), "closed", "status")
    shot(member, "my-cases-phone")
    row.locator("a").first.click()
    expect_chinese(member.locator("[data-testid=case-status]"), "closed", "status")
    history = member.locator("[data-testid=status-history]")
    for status in ("submitted", "verifying", "public_notice", "awaiting_approval", "approved"):
        expect(history).to_contain_text(zh(status, "status"))
    expect(history.locator("li").last).to_contain_text(zh("closed", "status"))
    shot(member, "my-case-closed-phone")
