"""The member reads on their own case the reasons meant for them — why it
was returned and what to supply, why it was rejected, what was granted —
and never the staff's internal comments or the objections of the notice."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import application, end_public_notice, recommendation
from tests.mutual_aid import helpers as ma

pytestmark = pytest.mark.django_db

RETURN_REASON = "请补充近三个月的收入证明"
INTERNAL_COMMENT = "内部意见：家访时发现另有收入，酌情减少"
OBJECTION = "邻居反映其家中另有商铺出租收入"


def relief_number(api, member) -> str:
    response = api("caseworker").post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()
    return response.json()["case_number"]


def my_case(web, number: str) -> str:
    response = web("member").get(reverse("my:case", args=[number]))
    assert response.status_code == 200
    return response.content.decode()


def done(response) -> None:
    assert response.status_code == 200, response.json()


def test_the_member_reads_the_return_reason_and_what_to_supply(web, api, me, member, users):
    number = relief_number(api, member)
    done(api("caseworker").complete(number, "verify", "return", reason=RETURN_REASON))
    html = my_case(web, number)
    asked = re.search(r'data-testid="asked">(.*?)</section>', html, re.S)
    assert asked, "the return is not shown as what we need"
    assert RETURN_REASON in asked.group(1)
    assert users["caseworker"].get_full_name() in asked.group(1)
    history = re.search(r'data-testid="my-decisions">(.*?)</section>', html, re.S)
    assert history and RETURN_REASON in history.group(1)


def test_the_approvers_comment_and_the_objection_stay_internal(web, api, me, member, users):
    number = relief_number(api, member)
    done(api("caseworker").complete(number, "verify", "recommend", **recommendation()))
    done(api("caseworker").complete(number, "public_notice", "object", objection=OBJECTION))
    done(api("caseworker").complete(number, "verify", "recommend", **recommendation()))
    end_public_notice(number)
    done(
        api("supervisor").complete(
            number, "approve", "approve", approved_amount="2500.00", comment=INTERNAL_COMMENT
        )
    )
    html = my_case(web, number)
    assert INTERNAL_COMMENT not in html
    assert OBJECTION not in html
    assert "入户核查属实" not in html  # the verification notes
    history = re.search(r'data-testid="my-decisions">(.*?)</section>', html, re.S)
    assert history
    # the decision itself is theirs: approved, with the amount
    assert 'data-action="approve"' in history.group(1)
    assert "2500.00" in history.group(1)
    # the staff see the comment on the case page
    assert INTERNAL_COMMENT in web("caseworker").get(f"/cases/{number}/").content.decode()


def test_the_member_reads_why_their_case_was_rejected(web, api, me, member):
    number = relief_number(api, member)
    done(
        api("caseworker").complete(
            number,
            "verify",
            "reject",
            reason="家庭人均收入高于当地低保标准",
            reason_code="income_above_threshold",
        )
    )
    html = my_case(web, number)
    history = re.search(r'data-testid="my-decisions">(.*?)</section>', html, re.S)
    assert history
    assert "家庭人均收入高于当地低保标准" in history.group(1)
    assert "income above the standard" in history.group(1)
    # an ended case takes no more documents: no upload form, and a post is refused
    assert 'data-testid="submit"' not in html
    refused = web("member").post(
        reverse("my:case", args=[number]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )
    assert refused.status_code == 409
    assert "takes no more documents" in refused.content.decode()


def test_the_member_reads_the_return_of_their_claim_in_chinese(web, api, me, member):
    ma.enroll(member, "inpatient")
    submitted = api("caseworker").post("/api/mutual-aid/claims/", ma.claim(member))
    assert submitted.status_code == 201, submitted.json()
    number = submitted.json()["case_number"]
    done(api("caseworker").complete(number, "review", "return", reason="请补充出院小结"))
    response = web("member").get(
        reverse("my:case", args=[number]), headers={"accept-language": "zh-hans"}
    )
    html = response.content.decode()
    asked = re.search(r'data-testid="asked">(.*?)</section>', html, re.S)
    assert asked and "请补充出院小结" in asked.group(1)
    assert "需要您补充的内容" in asked.group(1)
