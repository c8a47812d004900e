"""The caseworker's public-notice page in a real browser: the list as posted
(masked), the working days left, printed as the notice (print media), the
PDF, and an objection that sends the case back to verification. Saved as
screenshots in both languages, on screen, in print and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.core.masking import mask_id_number, mask_name
from casework.core.models import Case
from tests.browser.conftest import PHONE, shot, zh_text
from tests.conftest import application, recommendation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_notice(api, member) -> str:
    number = api("caseworker").post("/api/relief/applications/", application(member))
    number = number.json()["case_number"]
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert done.status_code == 200, done.json()
    return number


def test_the_caseworker_prints_the_notice_and_records_an_objection(
    api, members, browse, live_server
):
    first, second = _in_notice(api, members[0]), _in_notice(api, members[4])
    page = browse("caseworker")
    page.goto(f"{live_server.url}/notice/")

    sheet = page.locator("[data-testid=notice-sheet]")
    expect(sheet).to_contain_text(zh_text("Public notice of hardship relief"))
    row = page.locator(f"[data-testid=notice-row][data-case='{first}']")
    expect(row.locator("[data-testid=notice-name]")).to_have_text(mask_name(members[0].name))
    expect(row.locator("[data-testid=notice-id-number]")).to_have_text(
        mask_id_number(members[0].id_number)
    )
    expect(row.locator("[data-testid=notice-days-left]")).to_have_text("还剩 5 个工作日")
    expect(sheet).not_to_contain_text(members[0].name)
    shot(page, "public-notice-zh")
    page.emulate_media(media="print")
    expect(page.locator("[data-testid=notice-tools]")).to_be_hidden()
    expect(row.locator("[data-testid=notice-days-left]")).to_be_hidden()
    shot(page, "public-notice-zh-print")
    page.emulate_media(media="screen")

    href = page.locator("[data-testid=notice-pdf]").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    objection = page.locator(f"[data-testid=objection-row][data-case='{second}']")
    objection.locator("[data-testid=open-objection]").click()
    objection.locator("textarea[name=objection]").fill("群众反映其家庭另有经营收入")
    objection.locator("[data-testid=do-object]").click()
    expect(page.locator(".cw-message--success")).to_contain_text(second)
    expect(page.locator(f"[data-testid=notice-row][data-case='{second}']")).to_have_count(0)
    assert Case.objects.get(case_number=second).case_status == "submitted"

    page.locator("[data-testid=lang-en]").click()
    expect(sheet).to_contain_text("Public notice of hardship relief")
    expect(row.locator("[data-testid=notice-days-left]")).to_have_text("5 working days left")
    shot(page, "public-notice-en")
    page.emulate_media(media="print")
    shot(page, "public-notice-en-print")

    phone = browse("caseworker", viewport=PHONE)
    phone.goto(f"{live_server.url}/notice/")
    expect(phone.locator(f"[data-testid=notice-row][data-case='{first}']")).to_be_visible()
    shot(phone, "public-notice-zh-phone")
