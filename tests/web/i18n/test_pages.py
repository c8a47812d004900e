"""The pages speak Chinese by default (Accept-Language zh-CN, or none at
all) and English once the user picks it: the cookie, or the language switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from viewflow.workflow.models import Task

from tests.conftest import application


@pytest.fixture
def verify_task(api, member) -> int:
    """The open verify task of a relief case just submitted by the caseworker."""
    response = api("caseworker").post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()
    task = Task.objects.get(
        process__case__case_number=response.json()["case_number"], info__node="verify"
    )
    return task.pk


def browser(user=None, **headers: str) -> Client:
    client = Client(headers=headers)
    if user is not None:
        client.force_login(user)
    return client


def test_the_login_page_is_chinese_for_a_chinese_browser(db):
    page = browser(accept_language="zh-CN").get("/accounts/login/").content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page
    assert "User name" not in page


def test_the_login_page_is_chinese_when_the_browser_names_no_language(db):
    page = browser().get("/accounts/login/").content.decode()
    assert "用户名" in page


def test_the_login_page_is_english_with_the_language_cookie(db):
    client = browser(accept_language="zh-CN")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/accounts/login/").content.decode()
    assert "User name" in page and "Password" in page
    assert "用户名" not in page


def test_the_task_page_shows_the_step_and_statuses_in_chinese(users, verify_task):
    client = browser(users["caseworker"], accept_language="zh-CN")
    page = client.get(f"/work/tasks/{verify_task}/").content.decode()
    assert "入户核查" in page  # the step title
    assert "已提交" in page  # the case status
    assert "提出救助建议" in page  # the recommend action
    assert "救助类型" in page or "核实家庭年收入" in page  # field labels
    assert "Home visit and verification" not in page
    assert "Submitted" not in page


def test_the_task_page_is_english_with_the_language_cookie(users, verify_task):
    client = browser(users["caseworker"], accept_language="zh-CN")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/work/tasks/{verify_task}/").content.decode()
    assert "Home visit and verification" in page
    assert "Submitted" in page and "Recommend" in page
    assert "入户核查" not in page


def test_the_language_switch_turns_the_pages_english_and_back(users, verify_task):
    client = browser(users["caseworker"], accept_language="zh-CN")
    url = f"/work/tasks/{verify_task}/"
    switched = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    page = client.get(url).content.decode()
    assert "Home visit and verification" in page and "入户核查" not in page

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": url})
    assert "入户核查" in client.get(url).content.decode()
