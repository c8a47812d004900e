"""The reconsideration pages: the member asks from their own rejected case
and sees it under review, then the outcome and its reason; a caseworker
files it for the member from the staff case page; the reviewing supervisor
sees the original decisions beside the task's form; refusals show on the
page with nothing written; people who may not ask get 404 or 403."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from casework.core.models import Case
from casework.reconsideration.models import Reconsideration
from tests.helpers import writes_nothing
from tests.reconsideration.helpers import claim_rejected, relief_rejected, requested


def browser(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def section(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</section>', html, re.S)
    assert found, f"no {testid} on the page"
    return found.group(1)


def test_the_member_asks_from_their_case_page_and_sees_it_under_review(api, member, member_api):
    original = relief_rejected(api, member)
    web = browser(member_api.user)
    page = web.get(reverse("my:case", args=[original])).content.decode()
    offer = section(page, "reconsideration-panel")
    assert reverse("my:reconsideration", args=[original]) in offer
    assert "Last day to ask" in offer

    ask = reverse("my:reconsideration", args=[original])
    form = web.get(ask).content.decode()
    assert "收入超过标准" in section(form, "original-decisions")  # the reason they were told
    sent = web.post(ask, {"reason": "孩子住院，开支增加"})
    assert sent.status_code == 302
    number = Reconsideration.objects.get(original__case_number=original).case.case_number
    assert sent["Location"] == reverse("my:case", args=[number])
    page = web.get(sent["Location"]).content.decode()
    panel = section(page, "reconsideration-panel")
    assert "Under review" in panel and "孩子住院，开支增加" in panel and original in panel
    assert f"Request {number} received" in page

    api("supervisor").complete(number, "review", "uphold", reason="收入核实无误")
    panel = section(web.get(sent["Location"]).content.decode(), "reconsideration-panel")
    assert "Decision upheld" in panel and "收入核实无误" in panel
    again = web.get(reverse("my:case", args=[original])).content.decode()
    again = section(again, "reconsideration-panel")
    assert number in again and "ask-reconsideration" not in again


def test_the_member_page_in_chinese(api, member, member_api):
    original = relief_rejected(api, member)
    web = browser(member_api.user, "zh-hans")
    page = web.get(reverse("my:reconsideration", args=[original])).content.decode()
    assert "申请复核" in page and "Ask for reconsideration" not in page


def test_an_empty_reason_is_shown_on_the_page_and_nothing_is_written(api, member, member_api):
    original = relief_rejected(api, member)
    web = browser(member_api.user)
    with writes_nothing(original):
        refused = web.post(reverse("my:reconsideration", args=[original]), {"reason": "  "})
    assert refused.status_code == 400
    assert 'data-testid="field-error"' in refused.content.decode()


def test_a_caseworker_files_for_the_member_and_the_supervisor_sees_the_original(api, member, users):
    original = claim_rejected(api, member)
    staff = browser(users["caseworker"])
    page = staff.get(reverse("cases:detail", args=[original])).content.decode()
    ask = reverse("cases:reconsideration", args=[original])
    assert ask in section(page, "reconsideration-panel")
    sent = staff.post(ask, {"reason": "会员补充了病历"})
    assert sent.status_code == 302
    number = Case.objects.get(reconsideration__original__case_number=original).case_number
    task = api("supervisor2").open_task(number, "review")
    html = browser(users["supervisor2"]).get(reverse("work:task", args=[task["id"]])).content
    aside = html.decode()
    assert original in section(aside, "original-decision")
    assert "会员补充了病历" in section(aside, "original-decision")
    decisions = section(aside, "original-decisions")
    assert 'data-action="reject"' in decisions and 'data-action="accept"' in decisions


def test_who_may_not_ask_on_the_pages(api, member, users, members, county):
    original = relief_rejected(api, member)
    url = reverse("cases:reconsideration", args=[original])
    with writes_nothing(original):
        assert browser(users["finance"]).post(url, {"reason": "x"}).status_code == 403
        assert browser(users["caseworker2"]).post(url, {"reason": "x"}).status_code == 404
        assert browser(users["supervisor"]).get(url).status_code == 403
    page = browser(users["supervisor"]).get(reverse("cases:detail", args=[original])).content
    assert b"ask-reconsideration" not in page


def test_both_cases_timelines_show_the_decision_and_its_reason(api, member, member_api, users):
    original = relief_rejected(api, member)
    number = requested(member_api, original)["case_number"]
    done = api("supervisor").complete(number, "review", "overturn", reason="困难情况属实")
    new_number = done.json()["case"]["data"]["reopened_as"]
    staff = browser(users["caseworker"])
    for case_number in (original, new_number):
        html = staff.get(reverse("cases:detail", args=[case_number])).content.decode()
        event = re.search(r'data-type="reconsideration_decided">(.*?)</li>', html, re.S)
        assert event, case_number
        assert number in event.group(1) and "困难情况属实" in event.group(1)
        assert "overturned" in event.group(1)
    html = staff.get(reverse("cases:detail", args=[original])).content.decode()
    reopened = re.search(r'data-type="case_reopened">(.*?)</li>', html, re.S)
    assert reopened and new_number in reopened.group(1)
