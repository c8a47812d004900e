"""What the page walk found, pinned one by one: the benefit's explanation
and refusal reasons in the reader's language, generated documents by name,
people by their names, the process chart's words, the report's year."""

from __future__ import annotations

import re

from django.conf import settings
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from casework.mutual_aid.explanation import explanation_in, reason_words
from casework.web import labels
from tests.conftest import application

LINE = "互助金合计 3,000.00 元 / Benefit: 3,000.00 CNY"


def test_the_explanation_shows_the_half_in_the_readers_language():
    assert explanation_in([LINE], "zh-hans") == ["互助金合计 3,000.00 元"]
    assert explanation_in([LINE], "en") == ["Benefit: 3,000.00 CNY"]
    with translation.override("en"):
        assert explanation_in([LINE, "one language only"]) == [
            "Benefit: 3,000.00 CNY",
            "one language only",
        ]


def test_refusal_reasons_read_as_words_not_codes():
    with translation.override("zh-hans"):
        words = reason_words(["NOT_APPLICABLE", "LATE_CLAIM"])
    assert "NOT_APPLICABLE" not in words and "LATE_CLAIM" not in words
    assert "、" in words
    with translation.override("en"):
        assert reason_words(["NOT_ENROLLED"]) == "not enrolled"


def test_a_generated_document_kind_reads_as_the_documents_name():
    with translation.override("zh-hans"):
        assert str(labels.label("generated:approval_form", "value")) == "困难职工帮扶救助审批表"
    with translation.override("en"):
        assert str(labels.label("generated:approval_form", "value")) == "relief approval form"


def _person(who: str) -> str:
    request = RequestFactory().get("/")
    page = Template("{% load casework_web %}{% person who %}|{% person who as x %}{{ x }}")
    return page.render(Context({"request": request, "who": who}))


def test_people_show_by_their_names(users, member):
    with translation.override("zh-hans"):
        assert _person("caseworker") == "韦经办|韦经办"
        assert _person("system") == "系统|系统"
        assert _person("member") == "会员本人|会员本人"  # a member's account, not their name


def _browser(user, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_the_process_chart_is_translated_with_readable_branch_labels(api, users, member):
    response = api("caseworker").post("/api/relief/applications/", application(member))
    number = response.json()["case_number"]

    svg = _browser(users["caseworker"], "zh-hans").get(f"/cases/{number}/chart.svg")
    texts = re.findall(r"<(?:text|title)[^>]*>([^<]+)<", svg.content.decode())
    assert not [t for t in texts if re.search(r"[A-Za-z]{3,}", t)], texts
    for words in ("是否需要公示？", "入户核查结果", "开始", "结束", "公示期满", "是", "否"):
        assert words in texts
    # the branch labels are drawn at 14 px, bold, on a white halo
    drawn = svg.content.decode()
    assert re.search(r"text\.edge-label \{ font-size: 14px; font-weight: bold;", drawn)

    svg = _browser(users["caseworker"], "en").get(f"/cases/{number}/chart.svg").content.decode()
    assert "Public notice needed?" in svg and ">yes<" in svg and "notice period ends" in svg
    assert not re.search(r"[\u4e00-\u9fff]", svg)


def test_the_report_year_is_a_choice_of_whole_years_with_this_year_chosen(users):
    html = _browser(users["supervisor"], "zh-hans").get("/reports/").content.decode()
    year = timezone.localdate().year
    select = re.search(r'<select name="year"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    assert f'<option value="{year}" selected>{year}</option>' in select.group(1)
    assert f'<option value="{year - 1}">{year - 1}</option>' in select.group(1)


def test_a_choice_left_empty_asks_for_a_choice_not_that_empty_is_no_valid_choice(
    api, users, member
):
    from viewflow.workflow.models import Task

    response = api("caseworker").post("/api/relief/applications/", application(member))
    number = response.json()["case_number"]
    verify = Task.objects.get(process__case__case_number=number, info__node="verify").pk
    posted = {"op": "complete", "action": "reject", "reason_code": "", "reason": "x"}

    page = _browser(users["caseworker"], "zh-hans").post(f"/work/tasks/{verify}/", posted)
    assert page.status_code == 400
    html = page.content.decode()
    assert "请从选项中选择一项。" in html and "不是合法选项" not in html

    page = _browser(users["caseworker"], "en").post(f"/work/tasks/{verify}/", posted)
    assert "Please choose one of the options." in page.content.decode()
