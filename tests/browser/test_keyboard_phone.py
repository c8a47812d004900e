"""Small screens and keyboards: at 390 px the top bar stays one line (bell,
log out and both languages included); the first Tab stop is the skip link,
which lands on the page itself, and the language switch comes after the
bell and log out; a date box on a Chinese page asks for YYYY-MM-DD even in
an English browser; the bell counts the unread notifications."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from casework.demo.seed import PASSWORD
from casework.notifications.models import Notification
from casework.notifications.services import notify
from tests.browser.conftest import shot, take_task, zh_text
from tests.conftest import application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ("zh-hans", "en")


def in_language(page: Page, live_server: Any, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def bar_measures(page: Page) -> dict[str, Any]:
    """The top bar's height, its items' heights against one line of their text,
    how far right the bar's content reaches, and the page's width."""
    return page.evaluate(
        """() => {
        const bar = document.querySelector('header.mdc-top-app-bar');
        const items = [...bar.querySelectorAll(
          '.cw-bar > a, .cw-bar button, .mdc-top-app-bar__title')
        ].filter(e => e.offsetParent !== null);
        return {
          bar: bar.getBoundingClientRect().height,
          right: Math.max(...items.map(e => e.getBoundingClientRect().right)),
          page: document.documentElement.scrollWidth,
          items: items.map(e => {
            const box = e.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(e).lineHeight) || 20;
            const text = [...e.querySelectorAll('span, i')].filter(s => s.offsetParent !== null);
            const tallest = Math.max(0, ...text.map(s => s.getBoundingClientRect().height));
            return {name: e.dataset.testid || e.className, height: box.height, text: tallest, line};
          }),
        };
    }"""
    )


def assert_one_line(page: Page, width: int) -> None:
    measured = bar_measures(page)
    assert measured["bar"] <= 64, measured
    assert measured["right"] <= width, measured
    assert measured["page"] <= width, measured
    for item in measured["items"]:
        assert item["height"] <= 40, item
        # a word on two lines would be twice as tall as the line it sets
        assert item["text"] <= item["line"] * 1.6 + 2, item


@pytest.fixture
def notified(users, member_login) -> None:
    for user in (users["caseworker"], member_login.user):
        for n in range(3):
            notify(
                key=f"browser:{n}",
                recipients=[user],
                kind="reminder",
                subject=f"提醒 {n + 1}：请查看您的案件",
                body="这是一条测试通知。",
            )


def test_the_top_bar_fits_a_390px_phone_on_one_line(notified, browse, live_server):
    for username, path in (("member", "/my/"), ("caseworker", "/work/")):
        for language in LANGUAGES:
            page = browse(username, viewport=PHONE_390)
            in_language(page, live_server, language)
            for url in (path, "/notifications/"):
                page.goto(f"{live_server.url}{url}")
                expect(page.locator("[data-testid=bell-count]")).to_have_text("3")
                expect(page.locator("[data-testid=lang-zh-hans]")).to_be_visible()
                expect(page.locator("[data-testid=lang-en]")).to_be_visible()
                expect(page.locator("[data-testid=logout]")).to_be_visible()
                assert_one_line(page, PHONE_390["width"])
            shot(page, f"top-bar-{username}-{language}-390")
            page.set_viewport_size(DESKTOP)
            page.goto(f"{live_server.url}{path}")
            assert_one_line(page, DESKTOP["width"])
            # at full width the languages read whole
            whole = page.locator("[data-testid=lang-zh-hans] .cw-lang__long")
            expect(whole).to_be_visible()
            expect(whole).to_have_text("简体中文")
            shot(page, f"top-bar-{username}-{language}-1280")
            page.context.close()


def test_the_notifications_page_on_phone_and_desktop(notified, browse, live_server):
    for language in LANGUAGES:
        for viewport in (PHONE_390, DESKTOP):
            page = browse("member", viewport=viewport)
            in_language(page, live_server, language)
            page.goto(f"{live_server.url}/my/")
            page.locator("[data-testid=bell]").click()
            notes = page.locator("[data-testid=notification]")
            expect(notes).to_have_count(3)
            shot(page, f"notifications-member-{language}-{viewport['width']}")
            notes.first.locator("[data-testid=mark-read]").click()
            expect(page.locator("[data-testid=bell-count]")).to_have_text("2")
            page.locator("[data-testid=read-all]").click()
            expect(page.locator("[data-testid=bell-count]")).to_have_count(0)
            expect(page.locator("[data-testid=unread-mark]")).to_have_count(0)
            page.context.close()
            Notification.objects.update(read_at=None)  # unread again for the next round


def tab_stops(page: Page, until: str, limit: int = 40) -> list[str]:
    """Press Tab from the top of the page until the element ``until`` has the
    focus; the data-testid (or tag) of each stop."""
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "() => document.activeElement.dataset.testid || document.activeElement.tagName"
        )
        stops.append(stop)
        if stop == until:
            return stops
    raise AssertionError(f"{until} not reached: {stops}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
def test_the_first_tab_stop_skips_to_the_page_and_the_languages_come_last(
    member_login, browse, live_server, viewport
):
    for username, path in (("member", "/my/"), ("caseworker", "/work/")):
        page = browse(username, viewport=viewport)
        page.goto(f"{live_server.url}{path}")
        stops = tab_stops(page, "lang-zh-hans")
        assert stops[0] == "skip-link", stops
        assert stops.index("bell") < stops.index("logout") < stops.index("lang-zh-hans"), stops
        # the skip link shows when focused and takes the focus to the page's content
        page.goto(f"{live_server.url}{path}")
        page.keyboard.press("Tab")
        skip = page.locator("[data-testid=skip-link]")
        expect(skip).to_be_focused()
        expect(skip).to_have_text(zh_text("Skip to main content"))
        assert skip.bounding_box()["y"] >= 0  # type: ignore[index]
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "cw-main"
        # the next Tab is inside the page, not back in the bar
        page.keyboard.press("Tab")
        inside = page.evaluate("() => !!document.activeElement.closest('#cw-main')")
        assert inside
        # whatever has the focus is outlined
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.context.close()


def test_the_language_switch_works_by_keyboard(member_login, browse, live_server):
    page = browse("member", viewport=PHONE_390)
    page.goto(f"{live_server.url}/my/")
    tab_stops(page, "lang-en")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-testid=lang-en]")).to_have_attribute("aria-pressed", "true")


def test_a_date_box_on_a_chinese_page_asks_for_yyyy_mm_dd_in_an_english_browser(
    api, member, users, browser, live_server
):
    number = api("caseworker").post("/api/relief/applications/", application(member))
    number = number.json()["case_number"]
    # an English browser reading the Chinese pages: its own date box would say mm/dd/yyyy
    context = browser.new_context(locale="en-US", viewport=PHONE_390)
    page = context.new_page()
    in_language(page, live_server, "zh-hans")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("caseworker")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("[data-testid=login]").click()
    take_task(page, live_server, number, "verify", "queue")
    visit_date = page.locator("input[name=visit_date]").first
    expect(visit_date).to_have_attribute("type", "text")
    expect(visit_date).to_have_attribute("placeholder", "YYYY-MM-DD")
    visit_date.fill("2026-12-01")
    expect(visit_date).to_have_value("2026-12-01")
    shot(page, "date-input-zh-390-en-browser")
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
def test_the_menu_works_by_keyboard(users, browse, live_server, viewport):
    page = browse("caseworker", viewport=viewport)
    page.goto(f"{live_server.url}/work/")
    page.wait_for_load_state("load")
    if viewport is PHONE_390:  # the drawer is closed on a phone: its button opens it
        tab_stops(page, "BUTTON")
        page.keyboard.press("Enter")
        expect(page.locator(".vf-page__menu")).to_be_visible()
        page.wait_for_timeout(300)  # the drawer slides in
    in_menu = "() => !!document.activeElement.closest('.vf-page__menu nav')"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate(in_menu):
            break
    assert page.evaluate(in_menu), "Tab never reaches the menu"
    # the arrow keys move between the menu's links, down to the notifications
    for _ in range(12):
        if page.evaluate("() => document.activeElement.getAttribute('href')") == "/notifications/":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=notifications]")).to_be_visible()
    page.context.close()
