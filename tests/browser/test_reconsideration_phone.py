"""A member on a 390 px wide phone asks for reconsideration of their
rejected relief case from their own case page, in Chinese, and sees the
request under review; the page never scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.reconsideration.models import Reconsideration
from tests.browser.conftest import shot, zh, zh_text
from tests.reconsideration.helpers import relief_rejected

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_390 = {"width": 390, "height": 844}
REASON = "孩子住院后医疗支出增加，家庭人均收入已低于低保标准"


def no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], width


def test_a_member_asks_for_reconsideration_on_a_phone(api, member_login, browse, live_server):
    original = relief_rejected(api, member_login)
    page = browse("member", viewport=PHONE_390)
    page.goto(f"{live_server.url}/my/cases/{original}/")
    panel = page.locator("[data-testid=reconsideration-panel]")
    expect(panel).to_contain_text(zh_text("Reconsideration"))
    no_sideways_scroll(page)
    panel.locator("[data-testid=ask-reconsideration]").click()

    form = page.locator("[data-testid=reconsideration-form]")
    expect(form).to_be_visible()
    expect(page.locator("[data-testid=original-decisions]")).to_contain_text("收入超过标准")
    no_sideways_scroll(page)
    shot(page, "reconsideration-ask-phone")
    form.locator("textarea[name=reason]").fill(REASON)
    form.locator("[data-testid=submit]").click()

    number = Reconsideration.objects.get(original__case_number=original).case.case_number
    expect(page.locator(f"[data-testid=my-case][data-case='{number}']")).to_be_visible()
    outcome = page.locator("[data-testid=request-outcome]")
    expect(outcome).to_have_text(zh("reviewing", "status"))
    expect(page.locator("[data-testid=request-reason]")).to_have_text(REASON)
    expect(page.locator("[data-testid=original-link]")).to_have_text(original)
    no_sideways_scroll(page)
    shot(page, "reconsideration-reviewing-phone")
