"""The whole relief journey in the browser only (issue 15, Must show): a
caseworker opens the case from the member's file with a document, returns it
with a reason, the member answers on a 390 px phone with a document and a
note, the caseworker sees the answer and recommends with the household
figures already filled in, the public notice runs out, the supervisor and
(above the threshold) a second supervisor approve with the amounts filled in
and the history in view, finance pays the approved amount, the case closes.
Every page is saved in both languages at desktop and phone width."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import act, expect_case_page, expect_chinese, fill, take_task, zh
from tests.browser.journeys import PHONE_390, fits_the_phone, pdf, png, shots
from tests.conftest import end_public_notice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ASKED = "请补充街道办出具的收入证明"
NOTE = "收入证明已上传，请查收"
SUPERVISOR_COMMENT = "金额较大，同意，报分管领导复核"
AMOUNT = "6000.00"  # at or above relief.senior_approval_threshold (5000): two approvals

# an <img>'s natural width, waiting for it to load first
LOADED_WIDTH = """i => i.complete && i.naturalWidth ? i.naturalWidth
    : new Promise(done => i.addEventListener("load", () => done(i.naturalWidth)))"""


def test_relief_from_the_member_file_to_closed(member_login, users, browse, live_server):
    caseworker = browse("caseworker")
    number = open_from_the_member_file(caseworker, live_server, member_login)
    member = browse("member", viewport=PHONE_390)
    returned_and_answered(caseworker, member, live_server, number)
    verified_again(caseworker, live_server, number)
    notice_ends(caseworker, live_server, number)
    approved_twice(browse("supervisor"), browse("supervisor2"), live_server, number, users)
    paid(browse("finance"), live_server, number)
    member_reads_it_closed(member, live_server, number)


def open_from_the_member_file(caseworker: Page, live_server: Any, member: Any) -> str:
    """Intake: the caseworker opens the case from the member's file."""
    url = live_server.url
    caseworker.goto(f"{url}/members/{member.pk}/")
    shots(caseworker, "journey-relief-1-member-file")
    caseworker.get_by_test_id("new-case-relief").click()
    expect(caseworker.get_by_test_id("intake-member-name")).to_have_text(member.name)
    shots(caseworker, "journey-relief-2-intake")  # before typing: the language switch reloads
    form = caseworker.get_by_test_id("intake-form")
    fill(
        form,
        aid_type="living",
        cause="illness",
        reason="丈夫长期患病，家庭收入微薄",
        household_size="3",
        household_annual_income="24000.00",
        rigid_expenses="6000.00",
        requested_amount=AMOUNT,
    )
    form.locator("input[type=file][name=documents]").set_input_files([pdf("户口簿.pdf")])
    form.get_by_test_id("submit").click()
    opened = caseworker.get_by_test_id("case-page")
    expect(opened).to_be_visible()
    number = opened.get_attribute("data-case")
    assert number and number.startswith("RL-")
    expect_case_page(caseworker, number, "submitted")
    expect(caseworker.get_by_test_id("documents")).to_contain_text("户口簿.pdf")
    caseworker.goto(f"{url}/members/{member.pk}/")  # the new case in the member's file
    labelled_on_a_phone(caseworker, "file-case-row", ["案件", "业务类型", "状态"])
    return number


def returned_and_answered(caseworker: Page, member: Page, live_server: Any, number: str) -> None:
    """Verify: the intake document previewed in the page, returned with a
    reason; the member answers on a phone: the reason, the days left, a
    photo and a note."""
    url = live_server.url
    take_task(caseworker, live_server, number, "verify", "queue")
    documents = caseworker.get_by_test_id("task-documents")
    expect(documents.get_by_test_id("document")).to_have_count(1)
    expect(documents.get_by_test_id("preview-pdf")).to_be_visible()
    shots(caseworker, "journey-relief-3-verify")
    act(caseworker, "return", reason=ASKED)
    expect_case_page(caseworker, number, "awaiting_supplement")

    member.goto(f"{url}/my/cases/{number}/")
    expect(member.get_by_test_id("my-decisions")).to_contain_text(ASKED)
    member.get_by_test_id("answer-link").first.click()
    expect(member.get_by_test_id("return-reason")).to_contain_text(ASKED)
    due = member.get_by_test_id("answer-due")
    expect(due).to_contain_text(re.compile(r"剩余 \d+ 天"))
    by, days = re.search(r"(\d{4}-\d{2}-\d{2}).*剩余 (\d+) 天", due.inner_text()).groups()
    assert dt.date.fromisoformat(by) == timezone.localdate() + dt.timedelta(days=int(days))
    fits_the_phone(member)
    shots(member, "journey-relief-4-member-answer")
    answer = member.get_by_test_id("answer-form")
    answer.locator("textarea[name=note]").fill(NOTE)
    picker = answer.get_by_test_id("file-picker")  # the page's language, not the browser's
    expect(picker).to_contain_text("选择文件")
    expect(answer.get_by_test_id("file-names")).to_have_text("未选择文件")
    answer.locator("input[type=file][name=documents]").set_input_files([png("income-proof")])
    expect(answer.get_by_test_id("file-names")).to_have_text("income-proof.png")
    answer.get_by_test_id("submit").click()
    expect(member.get_by_test_id("my-case")).to_be_visible()
    expect_chinese(member.get_by_test_id("case-status"), "submitted", "status")
    expect(member.get_by_test_id("answer-link")).to_have_count(0)
    expect(member.get_by_test_id("documents")).to_contain_text("income-proof.png")
    fits_the_phone(member)
    shots(member, "journey-relief-5-member-resubmitted")


def verified_again(caseworker: Page, live_server: Any, number: str) -> None:
    """Verify again: what the member sent, the household figures already filled in."""
    take_task(caseworker, live_server, number, "verify", "queue")  # back in the unit's queue
    led_here = caseworker.get_by_test_id("task-decisions")  # since the return
    expect(led_here.get_by_test_id("decision")).to_have_count(1)
    expect(led_here).to_contain_text(NOTE)
    photo = caseworker.locator("[data-testid=document][data-preview=image]")
    expect(photo).to_contain_text("income-proof.png")
    photo.locator("summary").click()
    expect(photo.get_by_test_id("preview-image")).to_be_visible()
    # the preview loads lazily: its width once the image has loaded
    assert photo.get_by_test_id("preview-image").evaluate(LOADED_WIDTH) == 320
    recommend = caseworker.get_by_test_id("action-recommend")
    expect(recommend.locator("[name=household_size]")).to_have_value("3")
    expect(recommend.locator("[name=verified_annual_income]")).to_have_value("24000.00")
    expect(recommend.locator("[name=verified_rigid_expenses]")).to_have_value("6000.00")
    shots(caseworker, "journey-relief-6-verify-again")
    # only what the visit adds is typed: the date, the amount, the note
    act(
        caseworker,
        "recommend",
        visit_date=timezone.localdate().isoformat(),
        recommended_amount=AMOUNT,
        notes="入户核查属实",
    )
    expect_case_page(caseworker, number, "public_notice")


def notice_ends(caseworker: Page, live_server: Any, number: str) -> None:
    """Public notice: listed with the days left, then the period runs out."""
    caseworker.goto(f"{live_server.url}/notice/")
    row = caseworker.locator(f"[data-testid=notice-row][data-case='{number}']")
    expect(row.get_by_test_id("notice-days-left")).to_contain_text("个工作日")
    shots(caseworker, "journey-relief-7-public-notice")
    end_public_notice(number)


def approved_twice(
    supervisor: Page, senior: Page, live_server: Any, number: str, users: Any
) -> None:
    """Approval: the recommended amount filled in; above the threshold, a second approval."""
    take_task(supervisor, live_server, number, "approve", "queue")
    approve = supervisor.get_by_test_id("action-approve")
    expect(approve.locator("[name=approved_amount]")).to_have_value(AMOUNT)
    expect(supervisor.get_by_test_id("decision-facts")).to_contain_text(AMOUNT)
    shots(supervisor, "journey-relief-8-approve")
    act(supervisor, "approve", comment=SUPERVISOR_COMMENT)
    expect_case_page(supervisor, number, "awaiting_approval")
    history = supervisor.get_by_test_id("decisions")
    expect(history).to_contain_text(ASKED)  # the return, with its reason
    expect(history).to_contain_text(NOTE)  # and the member's answer

    take_task(senior, live_server, number, "approve_senior", "queue")
    approve = senior.get_by_test_id("action-approve")
    expect(approve.locator("[name=approved_amount]")).to_have_value(AMOUNT)
    led_here = senior.get_by_test_id("task-decisions")
    expect(led_here).to_contain_text(ASKED)  # the return and its reason, in the history
    first = led_here.locator("[data-testid=decision][data-step='approve']")
    expect(first).to_contain_text(SUPERVISOR_COMMENT)
    expect(first.get_by_test_id("decision-by")).to_have_text(users["supervisor"].get_full_name())
    shots(senior, "journey-relief-9-approve-senior")
    act(senior, "approve", comment="同意")
    expect_case_page(senior, number, "approved")


def paid(finance: Page, live_server: Any, number: str) -> None:
    """Payment: the approved amount filled in."""
    take_task(finance, live_server, number, "disburse", "queue")
    pay = finance.get_by_test_id("action-pay")
    expect(pay.locator("[name=amount]")).to_have_value(AMOUNT)
    shots(finance, "journey-relief-10-pay")
    act(
        finance,
        "pay",
        method="bank_transfer",
        reference="BANK-2026-0715",
        paid_on=timezone.localdate().isoformat(),
    )
    expect_case_page(finance, number, "closed")
    shots(finance, "journey-relief-11-closed")


def member_reads_it_closed(member: Page, live_server: Any, number: str) -> None:
    """The member reads it closed, with the reasons meant for them."""
    member.goto(f"{live_server.url}/my/cases/{number}/")
    expect_chinese(member.get_by_test_id("case-status"), "closed", "status")
    mine = member.get_by_test_id("my-decisions")
    expect(mine).to_contain_text(ASKED)
    expect(mine).to_contain_text(AMOUNT)
    expect(mine).not_to_contain_text(SUPERVISOR_COMMENT)  # staff comments stay with staff
    expect(member.get_by_test_id("status-history")).to_contain_text(zh("closed", "status"))
    fits_the_phone(member)
    shots(member, "journey-relief-12-member-closed")


def labelled_on_a_phone(page: Page, row: str, names: list[str]) -> None:
    """On a 390 px phone a table row is a card whose every value shows under
    its column's name (the header row is hidden)."""
    before = page.viewport_size
    page.set_viewport_size(PHONE_390)
    cells = page.get_by_test_id(row).first.locator("td")
    shown = [
        cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
        for i in range(len(names))
    ]
    assert shown == [f'"{name}"' for name in names], shown
    fits_the_phone(page)
    if before:
        page.set_viewport_size(before)
