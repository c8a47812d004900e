"""Browser tests: the web UI in a real Chromium (Debian's, never a downloaded
one) against pytest-django's live server, in Chinese as a user here sees it.

Data is committed for real (``transaction=True``) so the server thread sees
it; ``serialized_rollback`` puts back the rows seeded by data migrations
(parameters, plans, role groups) that the flush after each test wipes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Playwright's sync API runs an event loop in the test thread; without this
# Django's ORM refuses to run there (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import translation  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from casework.core.models import Member  # noqa: E402
from casework.demo.seed import PASSWORD, seed_member_login  # noqa: E402
from casework.web import labels  # noqa: E402
from tests.mutual_aid.helpers import enroll  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 740}
# what a page is expected to show within: a step that pays and closes a case
# and then renders the case page took longer than playwright's default 5 s on
# a CI machine running both halves of the suite on its 2 cores
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _connections_before_playwright(django_db_setup: None) -> dict[str, Any]:
    """The database connections the test database was set up on."""
    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_connections_before_playwright: dict[str, Any], playwright: Any) -> Any:
    """pytest-playwright's, keeping the test database's connections.

    Once Playwright's event loop runs in this thread, Django's connection
    handler (an asgiref ``Local``) keys its storage by context and hands out
    new connection objects: without the ones ``setup_databases`` made, the
    serialized contents are lost, ``serialized_rollback`` restores nothing, and
    every transactional test after the first (here and in any later folder of
    the session) runs without the rows of the data migrations."""
    for alias, connection in _connections_before_playwright.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--lang=zh-CN",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 900},
    }


# --- data ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    # uploads land in the test's own folder, not the project's var/media
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member_login(org, member) -> Member:
    """The county member with the ``member`` login, enrolled in this year's
    inpatient and critical-illness plans (renewals: no waiting period)."""
    seed_member_login(member, org["county"])
    enroll(member)
    enroll(member, "critical_illness")
    member.refresh_from_db()
    return member


# --- browsing ------------------------------------------------------------------


def login(page: Page, live_server: Any, username: str, password: str = PASSWORD) -> Page:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("[data-testid=login]").click()
    # the name is hidden on a phone's narrow bar; the logout button is not
    expect(page.locator("[data-testid=logout]")).to_be_visible()
    expect(page.locator("[data-testid=current-user]")).to_be_attached()
    return page


@pytest.fixture
def browse(new_context: Callable[..., Any], live_server: Any) -> Callable[..., Page]:
    """``browse("supervisor")`` → a page logged in as that user, in a context
    of its own (cookies apart); ``browse("member", viewport=PHONE)`` on a phone."""

    def make(username: str, viewport: dict[str, int] | None = None) -> Page:
        page = new_context().new_page()
        if viewport:  # the context's own is set by browser_context_args
            page.set_viewport_size(viewport)
        return login(page, live_server, username)

    return make


def take_task(page: Page, live_server: Any, number: str, step: str, scope: str) -> None:
    """From the home page: claim the case's task from the queue (which opens
    it), or open it from the inbox; ends on the task page."""
    page.goto(f"{live_server.url}/work/?scope={scope}")
    row = page.locator(f"[data-testid=task-row][data-case='{number}'][data-step='{step}']")
    expect(row).to_have_count(1)
    if scope == "queue":
        row.locator("[data-testid=claim]").click()
    else:
        row.locator("[data-testid=open-task]").click()
    expect(page.locator(f"[data-testid=task-page][data-step='{step}']")).to_be_visible()


def fill(scope: Any, **values: str) -> None:
    """Type into (or choose in) the inputs of ``scope`` named like the keys."""
    for name, value in values.items():
        field = scope.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def act(page: Page, action: str, **values: str) -> None:
    """Fill the task page's form of ``action`` and submit it."""
    section = page.locator(f"[data-testid=action-{action}]")
    fill(section, **values)
    section.locator(f"[data-testid=do-{action}]").click()


def expect_case_page(page: Page, number: str, status: str) -> None:
    """On the staff case page of ``number``, its status in Chinese."""
    expect(page.locator(f"[data-testid=case-page][data-case='{number}']")).to_be_visible()
    expect_chinese(page.locator("[data-testid=case-status]"), status, "status")


def shot(page: Page, name: str) -> Path:
    """A full-page PNG in ``test-artifacts/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def zh_text(message: str) -> str:
    """A user-interface string in Chinese, from the catalog; fails when untranslated."""
    with translation.override("zh-hans"):
        chinese = translation.gettext(message)
    assert chinese != message, f"{message!r} is not translated"
    return chinese


def zh(code: str, table: str) -> str:
    """The Chinese the page should show for a code, from the catalog; fails
    when the catalog has no translation (the label would read as English)."""
    with translation.override("zh-hans"):
        chinese = str(labels.label(code, table))
    with translation.override("en"):
        english = str(labels.label(code, table))
    assert chinese != english, f"{table} label of {code!r} is not translated: {chinese!r}"
    return chinese


def expect_chinese(locator: Any, code: str, table: str) -> None:
    """The (first) element reads the code's Chinese label, so not the English;
    a task page shows the case status twice, in its facts and the case's."""
    expect(locator.first).to_have_text(zh(code, table))
