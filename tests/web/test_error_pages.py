"""Forbidden, missing and failing pages are the site's own, in the reader's
language, with DEBUG off as `make run` and production serve them: never
Django's English technical page nor viewflow's "Django Material". The static
files are served by WhiteNoise then; the admin names its models in Chinese."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from casework import urls as site_urls

# this module is the URLconf of the tests below: the site's, with a page that
# is forbidden and one that fails, answered by the site's own handlers


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("an English reason the page must not show")


def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-failing/", failing),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

PAGES = {
    # language: (404 title, 403 title, 500 title, the home button)
    "zh-hans": ("页面不存在", "无权访问", "出错了", "返回首页"),
    "en": ("Page not found", "Access denied", "Something went wrong", "Go to the start page"),
}


@pytest.fixture(autouse=True)
def _as_served(settings) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def visit(url: str, language: str, user: User | None = None) -> tuple[int, str]:
    client = Client(headers={"accept-language": language}, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def error_page(html: str) -> dict[str, str]:
    def text(testid: str) -> str:
        found = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
        return found.group(1).strip() if found else ""

    status = re.search(r'data-testid="error-page" data-status="(\d+)"', html)
    return {
        "status": status.group(1) if status else "",
        "title": text("error-title"),
        "home": text("error-home"),
        "lang": re.search(r'<html lang="([^"]+)"', html).group(1),  # type: ignore[union-attr]
    }


def assert_ours(html: str) -> None:
    for foreign in ("Django Material", "technical", "DEBUG = True", "Traceback", "Django"):
        assert foreign not in html, foreign


@pytest.mark.parametrize("language", PAGES)
def test_a_missing_page_is_ours_in_the_readers_language(db, language):
    title = PAGES[language][0]
    status, html = visit("/no-such-page/", language)
    assert status == 404
    assert error_page(html) == {
        "status": "404",
        "title": title,
        "home": PAGES[language][3],
        "lang": language,
    }
    assert f"<title>{title} · " in html
    assert_ours(html)


@pytest.mark.parametrize("language", PAGES)
def test_a_forbidden_page_is_ours_and_does_not_show_the_reason_in_english(users, language):
    status, html = visit("/test-forbidden/", language, users["caseworker"])
    assert status == 403
    assert error_page(html)["title"] == PAGES[language][1]
    assert error_page(html)["lang"] == language
    assert "an English reason" not in html
    assert_ours(html)
    # the person is still logged in on it: their name and the bell in the top bar
    assert 'data-testid="current-user"' in html and 'data-testid="bell"' in html


def test_a_forbidden_page_asks_a_visitor_to_log_in(db):
    status, html = visit("/test-forbidden/", "zh-hans")
    assert status == 403
    assert "请登录后打开此页面。" in html
    assert 'data-testid="error-login"' in html


def test_an_area_not_for_the_role_answers_like_a_missing_page(users, member, county):
    from casework.demo.seed import seed_member_login

    status, html = visit("/work/", "zh-hans", seed_member_login(member, county))
    assert status == 404
    assert error_page(html)["title"] == "页面不存在"


@pytest.mark.parametrize("language", PAGES)
def test_a_failing_page_is_our_500_page(users, language):
    status, html = visit("/test-failing/", language, users["caseworker"])
    assert status == 500
    page = error_page(html)
    assert (page["status"], page["title"], page["lang"]) == ("500", PAGES[language][2], language)
    assert "boom" not in html
    assert_ours(html)


def test_an_expired_form_is_explained_not_djangos_csrf_page(users):
    client = Client(headers={"accept-language": "zh-hans"}, enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "caseworker", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert error_page(html)["title"] == "表单已过期"
    assert "CSRF" not in html
    assert_ours(html)


def test_static_files_are_served_with_debug_off(db):
    response = Client().get("/static/web/casework.css")
    assert response.status_code == 200
    assert b".cw-skip" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_admin_names_its_models_in_chinese_and_plural_english(users):
    admin = users["admin"]
    _, chinese = visit("/admin/", "zh-hans", admin)
    for name in ("困难职工档案条目", "互助计划", "会员", "审计事件", "困难职工帮扶"):
        assert name in chinese, name
    _, english = visit("/admin/", "en", admin)
    assert "Roster entries" in english and "Roster entrys" not in english
    assert "Mutual-aid plans" in english
    # under the site's name, not Django's
    assert "<title>数据与设置 | 工会帮扶服务平台管理</title>" in chinese
    assert "Casework administration" in english and "Django administration" not in english


def test_the_menu_links_to_the_admin_for_those_who_may_log_in_there(users, member, county):
    from casework.demo.seed import seed_member_login

    _, staff = visit("/work/", "zh-hans", users["admin"])
    assert re.search(r'href="/admin/"[^>]*data-testid="admin-link"', staff)
    assert "系统管理" in staff
    _, theirs = visit("/my/", "zh-hans", seed_member_login(member, county))
    assert 'data-testid="admin-link"' not in theirs
