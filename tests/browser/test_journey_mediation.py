"""The whole mediation journey in the browser only (issue 15, Must show):
the coordinator registers a court referral with its letter, assigns it to a
mediator, who logs two sessions on the mediate task page, extends the time
limit once with the parties' consent, settles and follows the agreement up.
The time limit and the days left are read at each step. Every page is saved
in both languages at desktop and phone width."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import act, expect_case_page, fill, take_task, zh_text
from tests.browser.journeys import pdf, shots
from tests.mediation.conftest import credit_code, days_ago, non_member_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COURT_CASE = "(2026)桂0226民初0715号"
SESSIONS = (("工会调解室", "双方陈述，分歧在加班费"), ("用人单位会议室", "公司同意分两期支付"))


def register(coordinator: Page, url: str) -> str:
    """The new-case page from the menu's area: a non-member worker typed in."""
    coordinator.goto(f"{url}/intake/")
    coordinator.locator("a[href='/intake/mediation/']").first.click()
    form = coordinator.get_by_test_id("intake-form")
    expect(form).to_have_attribute("data-program", "mediation")
    shots(coordinator, "journey-mediation-1-intake")
    worker = non_member_worker()
    fill(
        form,
        court="三江侗族自治县人民法院",
        court_case_number=COURT_CASE,
        referral_type="delegated",
        referred_on=days_ago(3),
        received_on=days_ago(2),
        amount_claimed="18000.00",
        summary="拖欠工资三个月及加班费",
    )
    nested = {
        "worker.name": worker["name"],
        "worker.id_number": worker["id_number"],
        "worker.phone": worker["phone"],
        "employer.name": "三江某建筑有限公司",
        "employer.credit_code": credit_code(),
    }
    for name, value in nested.items():  # a dotted name is quoted in the selector
        form.locator(f"[name='{name}']").fill(value)
    form.locator("input[name=dispute_types][value=wages]").check()
    form.locator("input[name=dispute_types][value=overtime]").check()
    form.locator("input[type=file][name=documents]").set_input_files([pdf("委派调解函.pdf")])
    form.get_by_test_id("submit").click()
    opened = coordinator.get_by_test_id("case-page")
    expect(opened).to_be_visible()
    number = opened.get_attribute("data-case")
    assert number and number.startswith("MD-"), number
    return number


def log_session(mediator: Page, held_on: dt.date, place: str, notes: str, count: int) -> None:
    form = mediator.get_by_test_id("session-form")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    fill(
        form,
        held_on=held_on.isoformat(),
        place=place,
        attendees="覃工人\n用人单位代表",
        notes=notes,
        next_step="再次约谈",
    )
    form.get_by_test_id("do-session").click()
    expect(mediator.get_by_test_id("session-count")).to_have_text(str(count))
    expect(mediator.get_by_test_id("session").nth(count - 1)).to_contain_text(place)


def test_mediation_registered_to_followed_up(users, browse, live_server):
    url = live_server.url
    coordinator = browse("coordinator")
    number = register(coordinator, url)
    expect_case_page(coordinator, number, "registered")
    expect(coordinator.get_by_test_id("documents")).to_contain_text("委派调解函.pdf")
    shots(coordinator, "journey-mediation-2-registered")

    # assign: the time limit at the top, the mediators' caseload beside
    take_task(coordinator, live_server, number, "assign", "queue")
    expect(coordinator.get_by_test_id("deadline")).to_be_visible()
    expect(coordinator.get_by_test_id("caseload")).to_be_visible()
    expect(coordinator.locator("[data-testid=document][data-preview=pdf]")).to_contain_text(
        "委派调解函.pdf"
    )
    shots(coordinator, "journey-mediation-3-assign")
    act(coordinator, "assign", mediator="mediator")
    expect_case_page(coordinator, number, "assigned")
    assigned = coordinator.locator("[data-testid=decision][data-step='assign']")
    mediator_name = users["mediator"].get_full_name()
    expect(assigned.locator("[data-field=mediator]")).to_have_text(mediator_name)  # a name

    # mediate: two sessions logged, counted
    mediator = browse("mediator")
    take_task(mediator, live_server, number, "mediate", "inbox")
    expect(mediator.get_by_test_id("session-count")).to_have_text("0")
    expect(mediator.get_by_test_id("no-session-warning").first).to_be_visible()
    days_left = mediator.get_by_test_id("days-left")
    before = int(days_left.get_attribute("data-days") or "")
    assert before > 0
    expect(days_left).to_contain_text(f"剩余 {before} 天")
    today = timezone.localdate()
    log_session(mediator, today - dt.timedelta(days=1), *SESSIONS[0], count=1)
    log_session(mediator, today, *SESSIONS[1], count=2)
    expect(mediator.get_by_test_id("no-session-warning")).to_have_count(0)
    shots(mediator, "journey-mediation-4-mediate-sessions")

    # extend once: the new time limit and the days left move together
    offered = re.search(
        r"\d{4}-\d{2}-\d{2}", mediator.get_by_test_id("extension-note").inner_text()
    )
    assert offered, "the extension note names the date it extends to"
    extend = mediator.get_by_test_id("extend")
    extend.locator("[name=parties_consent]").check()
    extend.get_by_test_id("do-extend").click()
    expect(mediator.get_by_test_id("extend")).to_have_count(0)  # once only
    after = int(mediator.get_by_test_id("days-left").get_attribute("data-days") or "")
    assert after > before, (before, after)
    expect(mediator.get_by_test_id("days-left")).to_contain_text(f"剩余 {after} 天")
    deadline = mediator.get_by_test_id("deadline").inner_text()
    assert dt.date.fromisoformat(deadline) == today + dt.timedelta(days=after)
    assert deadline == offered.group(), (deadline, offered.group())
    expect(mediator.get_by_test_id("extension-note")).to_have_text(
        zh_text("Extended once already: the time limit cannot be extended again.")
    )
    expect(mediator.get_by_test_id("session-count")).to_have_text("2")
    shots(mediator, "journey-mediation-5-extended")

    act(
        mediator,
        "settle",
        agreed_amount="15000.00",
        terms="公司于两周内分两期支付工资及加班费 15000 元",
        performance_due=(today + dt.timedelta(days=14)).isoformat(),
    )
    expect_case_page(mediator, number, "follow_up")
    sessions_shown = mediator.get_by_test_id("decisions")
    expect(sessions_shown).to_contain_text("15000")

    # follow-up: the same mediator's, in their inbox
    take_task(mediator, live_server, number, "follow_up", "inbox")
    shots(mediator, "journey-mediation-6-follow-up")
    act(mediator, "fulfilled", judicial_confirmation="confirmed")
    expect_case_page(mediator, number, "settled")
    expect(mediator.locator("[data-testid=open-tasks] [data-testid=open-task]")).to_have_count(0)
    shots(mediator, "journey-mediation-7-settled")

    coordinator.goto(f"{url}/cases/{number}/")
    expect_case_page(coordinator, number, "settled")
    history = coordinator.get_by_test_id("decisions")
    expect(history).to_contain_text(zh_text("Mediator"))
