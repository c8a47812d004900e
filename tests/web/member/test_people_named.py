"""A member acting on their own case (answering a return) is named the same
way on every staff page — the decisions, the documents, the timeline: "the
member" (会员本人), never their account's username, whatever the reader may
see of the member's name."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import application
from tests.web.work.conftest import case_status

from .helpers import ASKED, NOTE, pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "name"), [("zh-hans", "会员本人"), ("en", "The member")])
def test_the_member_is_named_alike_in_decisions_documents_and_timeline(
    api, web, me, member, users, language, name
):
    opened = api("caseworker").post("/api/relief/applications/", application(member))
    assert opened.status_code == 201, opened.json()
    number = opened.json()["case_number"]
    assert api("caseworker").complete(number, "verify", "return", reason=ASKED).status_code == 200
    sent = web("member").post(
        reverse("my:answer", args=[number]), {"note": NOTE, "documents": [pdf()]}
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert case_status(number) == "submitted"

    staff = Client(headers={"accept-language": language})
    staff.force_login(users["caseworker"])
    html = staff.get(reverse("cases:detail", args=[number])).content.decode()
    decisions = html.split('data-testid="decisions"')[1].split("</section>")[0]
    by = re.findall(r'data-testid="decision-by">([^<]*)<', decisions)
    assert by[-1] == name  # the member's answer
    assert by[0] != name and by[0] != "caseworker"  # the caseworker by their name
    documents = html.split("街道收入证明.pdf</a>")[1].split("</tr>")[0]
    assert f'<td class="cw-muted">{name} · ' in documents
    timeline = html.split('data-testid="timeline"')[1].split("</section>")[0]
    assert f"</span> {name} · " in timeline
    assert ">member<" not in html and "> member ·" not in html  # never the username
