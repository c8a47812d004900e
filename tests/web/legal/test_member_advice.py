"""A member reads the advice of their own consultations on their pages."""

from __future__ import annotations

from django.test import Client

from casework.demo.seed import seed_member_login
from tests.legal.conftest import in_days

ADVICE = "保留考勤和工资条，先与单位协商"


def test_the_member_reads_the_advice_of_their_consultation(consult, member, county):
    number = consult(member=member.pk, visitor={"name": member.name}, advice=ADVICE)["case_number"]
    client = Client(headers={"accept-language": "en"})
    client.force_login(seed_member_login(member, county))
    assert number in client.get("/my/").content.decode()
    html = client.get(f"/my/cases/{number}/").content.decode()
    assert 'data-testid="my-advice"' in html and ADVICE in html
    assert "unpaid wages" in html and "answered" in html


def test_the_chinese_page_reads_the_promised_follow_up(consult, member, county):
    number = consult(
        member=member.pk,
        visitor={"name": member.name},
        advice="",
        outcome="later",
        follow_up_on=in_days(3),
    )["case_number"]
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(seed_member_login(member, county))
    html = client.get(f"/my/cases/{number}/").content.decode()
    assert "给您的法律意见" in html and "稍后答复：我们会与您联系。" in html
