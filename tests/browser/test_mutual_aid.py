"""The mutual-aid journey in the browser: the member claims with an invoice,
the caseworker accepts, the medical reviewer confirms the severity class,
the supervisor approves, finance pays, and the member sees it closed."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (
    act,
    expect_case_page,
    expect_chinese,
    fill,
    shot,
    take_task,
)
from tests.mutual_aid.helpers import admitted_on

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INVOICE = {"name": "invoice.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 demo"}


def test_mutual_aid_journey(member_login, browse, live_server):
    day = admitted_on().isoformat()
    member = browse("member")
    member.goto(f"{live_server.url}/my/")
    member.locator("[data-testid=apply-claim]").click()
    form = member.locator("[data-testid=claim-form]")
    fill(
        form,
        product="critical_illness",
        hospital="三江侗族自治县人民医院",
        admitted_on=day,
        discharged_on=day,
        diagnosis="急性心肌梗死",
        total_expense="30000.00",
        insurance_paid="12000.00",
        eligible_self_pay="15000.00",
        invoice_numbers="INV-000101\nINV-000102",
        severity_class="3",
    )
    form.locator("input[type=file][name=documents]").set_input_files([INVOICE])
    shot(member, "my-claim-form")
    form.locator("[data-testid=submit]").click()

    mine = member.locator("[data-testid=my-case]")
    expect(mine).to_be_visible()
    number = mine.get_attribute("data-case")
    assert number and number.startswith("MA-")
    expect_chinese(member.locator("[data-testid=case-status]"), "submitted", "status")
    expect(member.locator("[data-testid=document]")).to_contain_text("invoice.jpg")

    caseworker = browse("caseworker")
    take_task(caseworker, live_server, number, "review", "queue")
    expect_chinese(caseworker.locator("[data-testid=case-status]"), "reviewing", "status")
    expect(caseworker.locator("[data-testid=case-facts]")).to_contain_text("INV-000102")
    shot(caseworker, "task-mutual-aid-review")
    act(caseworker, "accept", comment="发票与病历一致")
    # a critical illness is a lump sum by severity class: the medical review decides it
    expect_case_page(caseworker, number, "medical_review")

    reviewer = browse("medical_reviewer")
    take_task(reviewer, live_server, number, "medical_review", "queue")
    shot(reviewer, "task-mutual-aid-medical-review")
    act(reviewer, "confirm", severity_class="1")
    expect_case_page(reviewer, number, "awaiting_approval")

    supervisor = browse("supervisor")
    take_task(supervisor, live_server, number, "approve", "queue")
    act(supervisor, "approve", comment="同意")
    expect_case_page(supervisor, number, "approved")

    finance = browse("finance")
    take_task(finance, live_server, number, "pay", "queue")
    act(
        finance,
        "pay",
        amount="6000.00",
        method="bank_transfer",
        reference="BANK-MA-0001",
        paid_on=timezone.localdate().isoformat(),
    )
    expect_case_page(finance, number, "closed")

    member.goto(f"{live_server.url}/my/")
    row = member.locator(f"[data-testid=my-case-row][data-case='{number}']")
    expect_chinese(row.locator("[data-testid=case-status]"), "closed", "status")
    row.locator("a").first.click()
    expect_chinese(member.locator("[data-testid=case-status]"), "closed", "status")
    # what was paid, as the member sees it
    expect(member.locator("[data-fact='payment.amount']")).to_contain_text("6000")
    shot(member, "my-case-mutual-aid-closed")
