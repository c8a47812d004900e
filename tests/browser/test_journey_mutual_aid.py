"""The whole mutual-aid journey in the browser only (issue 15, Must show):
a caseworker enters a critical-illness claim for a member from the member's
file with the invoice, accepts it on review with the invoice previewed, the
medical reviewer chooses the severity class from a select of the plan's
classes, the supervisor approves the lump sum, finance pays it with the
amount already filled in, and the member reads it closed. Every page is
saved in both languages at desktop and phone width."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import act, expect_case_page, expect_chinese, fill, take_task
from tests.browser.journeys import PHONE_390, fits_the_phone, png, shots
from tests.mutual_aid.helpers import admitted_on

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LUMP_SUM = "6000.00"  # the critical-illness plan's class 1


def test_mutual_aid_claim_entered_by_staff_to_paid(member_login, browse, live_server):
    day = admitted_on().isoformat()
    caseworker = browse("caseworker")
    caseworker.goto(f"{live_server.url}/members/{member_login.pk}/")
    caseworker.get_by_test_id("new-case-mutual_aid").click()
    expect(caseworker.get_by_test_id("intake-member-name")).to_have_text(member_login.name)
    shots(caseworker, "journey-mutual-aid-1-intake")
    form = caseworker.get_by_test_id("intake-form")
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
        invoice_numbers="INV-000301\nINV-000302",
        severity_class="3",
    )
    form.locator("input[type=file][name=documents]").set_input_files([png("invoice")])
    form.get_by_test_id("submit").click()
    opened = caseworker.get_by_test_id("case-page")
    expect(opened).to_be_visible()
    number = opened.get_attribute("data-case")
    assert number and number.startswith("MA-")
    expect_case_page(caseworker, number, "submitted")

    # review: the invoice numbers and the invoice itself, in the page
    take_task(caseworker, live_server, number, "review", "queue")
    expect(caseworker.get_by_test_id("case-facts")).to_contain_text("INV-000302")
    invoice = caseworker.locator("[data-testid=document][data-preview=image]")
    expect(invoice).to_contain_text("invoice.png")
    expect(invoice.get_by_test_id("preview-image")).to_be_visible()  # the first is open
    accept = caseworker.get_by_test_id("action-accept")
    expect(accept.locator("[name=eligible_self_pay]")).to_have_value("15000.00")
    shots(caseworker, "journey-mutual-aid-2-review")
    act(caseworker, "accept", comment="发票与病历一致")
    expect_case_page(caseworker, number, "medical_review")

    # medical review: the severity class is a choice of the plan's classes
    reviewer = browse("medical_reviewer")
    take_task(reviewer, live_server, number, "medical_review", "queue")
    severity = reviewer.get_by_test_id("action-confirm").locator("[name=severity_class]")
    assert severity.evaluate("e => e.tagName") == "SELECT"
    expect(severity).to_have_value("3")  # as claimed
    expect(severity.locator("option[value='1']")).to_contain_text(LUMP_SUM)
    shots(reviewer, "journey-mutual-aid-3-medical-review")
    act(reviewer, "confirm", severity_class="1")
    expect_case_page(reviewer, number, "awaiting_approval")

    # approval: the lump sum the class gives, in words in the reader's language
    supervisor = browse("supervisor")
    take_task(supervisor, live_server, number, "approve", "queue")
    expect(supervisor.get_by_test_id("decision-facts")).to_contain_text(LUMP_SUM)
    expect(supervisor.get_by_test_id("decision-facts")).not_to_contain_text("NOT_APPLICABLE")
    shots(supervisor, "journey-mutual-aid-4-approve")
    act(supervisor, "approve", comment="同意")
    expect_case_page(supervisor, number, "approved")
    history = supervisor.get_by_test_id("decisions")
    expect(history.locator("[data-testid=decision][data-step='medical_review']")).to_be_visible()

    # payment: the approved amount filled in
    finance = browse("finance")
    take_task(finance, live_server, number, "pay", "queue")
    expect(finance.get_by_test_id("action-pay").locator("[name=amount]")).to_have_value(LUMP_SUM)
    shots(finance, "journey-mutual-aid-5-pay")
    act(
        finance,
        "pay",
        method="bank_transfer",
        reference="BANK-MA-0715",
        paid_on=timezone.localdate().isoformat(),
    )
    expect_case_page(finance, number, "closed")

    # the member reads it closed on a phone, with what was paid
    member = browse("member", viewport=PHONE_390)
    member.goto(f"{live_server.url}/my/cases/{number}/")
    expect_chinese(member.get_by_test_id("case-status"), "closed", "status")
    expect(member.locator("[data-fact='payment.amount']")).to_contain_text(LUMP_SUM[:-3])
    expect(member.get_by_test_id("documents")).to_contain_text("invoice.png")
    fits_the_phone(member)
    shots(member, "journey-mutual-aid-6-member-closed")
