"""The duty lawyer at the desk: a returning visitor's consultation logged
in fewer than 10 fields typed or chosen (found by the search, the visitor
and employer filled in from the earlier consultation, the channel and
today's slot preset), then the new LC- case. Screenshots of the entry and
the roster (Chinese, desktop and a 390 px phone) and its print view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.legal.models import Consultation, DutySlot
from tests.browser.conftest import shot, zh_text
from tests.legal.conftest import consultation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
FACTS = "上次咨询后单位仍未支付拖欠工资"
ADVICE = "可向工会申请调解，保留工资条和考勤记录"


def test_the_duty_lawyer_logs_a_returning_visitors_consultation(api, browse, live_server, org):
    earlier = api("caseworker").post("/api/legal/consultations/", consultation())
    assert earlier.status_code == 201, earlier.json()
    earlier_number = earlier.json()["case_number"]
    today = DutySlot.objects.create(
        org_unit=org["county"],
        date=timezone.localdate(),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        place="县职工服务中心",
        lawyer="莫律师",
        firm="广西三江律师事务所",
        created_by=org["users"]["supervisor"],
    )

    page = browse("lawyer")
    page.goto(f"{live_server.url}/legal/consult/")
    filled = 0
    page.locator("[data-testid=visitor-q]").fill("覃工人")
    filled += 1
    page.locator("[data-testid=search]").click()
    page.locator(f"[data-testid=found-visitor][data-case='{earlier_number}'] a").click()
    filled += 1  # the visitor chosen
    expect(page.locator("[data-testid=returning-visitor]")).to_be_visible()
    # the visitor and the employer are filled in; the channel and today's slot preset
    expect(page.locator("[data-testid=c-visitor-name]")).to_have_value("覃工人")
    expect(page.locator("[data-testid=c-employer]")).to_have_value("三江某建筑有限公司")
    expect(page.locator("[data-testid=c-channel]")).to_have_value("visit")
    expect(page.locator("[data-testid=c-slot]")).to_have_value(str(today.pk))
    expect(page.locator("[data-testid=c-outcome]")).to_have_value("answered")
    page.locator("[data-testid=c-category]").select_option("wages")
    filled += 1
    page.locator("[data-testid=c-facts]").fill(FACTS)
    filled += 1
    page.locator("[data-testid=c-advice]").fill(ADVICE)
    filled += 1
    shot(page, "legal_consult_returning_zh")
    page.locator("[data-testid=save]").click()

    assert filled < 10
    saved = Consultation.objects.select_related("case").exclude(case__case_number=earlier_number)
    c = saved.get()
    expect(
        page.locator(f"[data-testid=case-page][data-case='{c.case.case_number}']")
    ).to_be_visible()
    expect(page.locator(".cw-messages")).to_contain_text(c.case.case_number)
    first = Consultation.objects.get(case__case_number=earlier_number)
    assert (c.visitor_id_number, c.visitor_phone) == (first.visitor_id_number, first.visitor_phone)
    assert (c.slot_id, c.channel, c.advice) == (today.pk, "visit", ADVICE)
    shot(page, "legal_consult_saved_case_zh")
    page.goto(f"{live_server.url}/legal/consultations/")
    expect(page.locator("[data-testid=consultation]")).to_have_count(2)
    shot(page, "legal_consultations_zh")


def test_the_roster_on_a_desktop_a_phone_and_paper(browse, live_server, org):
    today = timezone.localdate()
    for n, day in enumerate([today - dt.timedelta(days=7), today, today + dt.timedelta(days=7)]):
        DutySlot.objects.create(
            org_unit=org["county"],
            date=day,
            starts_at=dt.time(9),
            ends_at=dt.time(12),
            place="县职工服务中心",
            lawyer=["韦明律师", "莫律师", "杨帆律师"][n],
            firm="广西三江律师事务所",
            status="attended" if n == 0 else "scheduled",
            created_by=org["users"]["supervisor"],
        )
    page = browse("supervisor")
    # the weekly rule across National Day: three Thursdays made, one skipped and named
    page.goto(f"{live_server.url}/legal/roster/generate/?month=2026-10")
    page.locator("[data-testid=g-from]").fill("2026-09-21")
    page.locator("[data-testid=g-to]").fill("2026-10-16")
    page.locator("[data-testid=g-place]").fill("县职工服务中心")
    page.locator("[data-testid=g-lawyer]").fill("韦明律师")
    page.locator("[data-testid=generate]").click()
    expect(page.locator("[data-testid=created-day]")).to_have_count(3)
    expect(page.locator("[data-testid=skipped-holiday]")).to_have_text("国庆节")
    shot(page, "legal_generate_result_zh")
    page.goto(f"{live_server.url}/legal/")
    expect(page.locator("[data-testid=slot]")).to_have_count(3, timeout=10000)
    expect(page.locator("[data-testid=generate-link]")).to_contain_text(zh_text("Generate slots"))
    page.goto(f"{live_server.url}/reports/")
    expect(page.locator("[data-testid=report-legal]")).to_be_visible()
    page.locator("[data-testid=report-legal]").screenshot(
        path=str(shot(page, "legal_report_zh").with_name("legal_report_section_zh.png"))
    )
    page.goto(f"{live_server.url}/legal/")
    shot(page, "legal_roster_zh")
    page.goto(f"{live_server.url}/legal/roster/print/")
    expect(page.locator("[data-testid=roster-month]")).to_be_visible()
    expect(page.locator(".vf-page__menu")).to_have_count(0)
    page.emulate_media(media="print")
    shot(page, "legal_roster_print_zh")

    phone = browse("lawyer", viewport=PHONE)
    phone.goto(f"{live_server.url}/legal/")
    expect(phone.locator("[data-testid=slot]")).to_have_count(3)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    shot(phone, "legal_roster_phone_zh")
    phone.goto(f"{live_server.url}/legal/consult/")
    expect(phone.locator("[data-testid=consult-form]")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    shot(phone, "legal_consult_phone_zh")
