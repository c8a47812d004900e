"""The who-viewed log: ``GET /api/audit/viewed/`` for auditors and
superusers of the subtree, the section of the web case page, and the audit
chains still whole after many ``viewed`` events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.audit.verify import audit_verify
from casework.audit.viewed import personal_data_viewed
from tests.conftest import Api, recommendation

from .conftest import viewed

URL = "/api/audit/viewed/"


@pytest.fixture
def seen(api, member, relief_number, claim_number):
    """The caseworker opened a relief case and a claim (each response shows
    the new case), viewed the relief case and the member's record, the
    supervisor a claim: five ``viewed`` events."""
    relief = relief_number(member)
    claim = claim_number(member)
    api("caseworker").get(f"/api/cases/{relief}/")
    api("caseworker").get(f"/api/members/{member.pk}/")
    api("supervisor").get(f"/api/cases/{claim}/")
    assert len(viewed()) == 5
    return {"relief": relief, "claim": claim}


def test_the_auditor_reads_who_viewed_what_newest_first(api, member, seen):
    page = api("auditor").get(URL).json()
    assert page["count"] == 5
    rows = [(r["actor"], r["case_number"], r["what"], r["via"]) for r in page["results"]]
    assert rows == [
        ("supervisor", seen["claim"], ["id_number", "medical"], "api.case"),
        ("caseworker", None, ["id_number", "phone"], "api.member"),
        ("caseworker", seen["relief"], ["id_number", "phone"], "api.case"),
        ("caseworker", seen["claim"], ["id_number", "phone", "medical"], "api.mutual_aid_claim"),
        ("caseworker", seen["relief"], ["id_number", "phone"], "api.relief_application"),
    ]
    assert page["results"][1]["member"] == {"id": member.pk, "name": member.name}
    assert page["results"][0]["member"] is None


def test_the_log_filters_by_case_user_and_day(api, seen):
    auditor = api("auditor")
    by_case = auditor.get(URL, case=seen["relief"]).json()["results"]
    assert [(r["actor"], r["case_number"]) for r in by_case] == [("caseworker", seen["relief"])] * 2
    by_user = auditor.get(URL, user="supervisor").json()["results"]
    assert [r["case_number"] for r in by_user] == [seen["claim"]]
    today = timezone.localdate()
    assert auditor.get(URL, since=today.isoformat()).json()["count"] == 5
    tomorrow = today + dt.timedelta(days=1)
    assert auditor.get(URL, since=tomorrow.isoformat()).json()["count"] == 0
    assert auditor.get(URL, case="RL-1999-000001").json()["count"] == 0
    assert auditor.get(URL, since="yesterday").status_code == 400


def test_the_log_pages_like_other_lists(api, member, relief_number):
    number = relief_number(member)
    for _ in range(25):
        api("caseworker").get(f"/api/cases/{number}/")
    first = api("auditor").get(URL).json()
    assert (first["count"], len(first["results"])) == (26, 20)  # and the application's response
    second = api("auditor").get(URL, page=2).json()
    assert len(second["results"]) == 6


@pytest.mark.parametrize(
    "role", ["caseworker", "supervisor", "finance", "medical_reviewer", "coordinator", "mediator"]
)
def test_the_log_is_refused_to_everyone_else(api, seen, role):
    response = api(role).get(URL)
    assert response.status_code == 403
    assert "results" not in response.json()


def test_a_member_may_not_read_the_log(seen, member_login):
    assert Api(member_login).get(URL).status_code == 403


def test_the_superuser_reads_the_whole_log(api, seen):
    assert api("admin").get(URL).json()["count"] == 5


def test_an_auditor_of_another_subtree_sees_none_of_it(seen, far_auditor, own_unit_member, api):
    far = Api(far_auditor)
    assert far.get(URL).json()["count"] == 0
    assert far.get(URL, case=seen["relief"]).json()["count"] == 0
    # the views of a member of the far auditor's subtree are theirs to read
    api("caseworker").get(f"/api/members/{own_unit_member.pk}/")
    assert far.get(URL).json()["count"] == 0  # own_unit_member is in another grassroots union
    from casework.core.models import Member

    near = Member.objects.filter(org_unit=far_auditor.profile.org_unit).first()
    api("caseworker").get(f"/api/members/{near.pk}/")
    rows = far.get(URL).json()["results"]
    assert [(r["actor"], r["member"]["id"]) for r in rows] == [("caseworker", near.pk)]


def test_the_case_page_lists_who_viewed_for_auditors_only(web, api, member, seen):
    url = reverse("cases:detail", args=[seen["relief"]])
    api("caseworker").get(f"/api/cases/{seen['relief']}/")
    auditor = web("auditor").get(url).content.decode()
    assert 'data-testid="viewed-log"' in auditor
    section = auditor.split('data-testid="viewed-log"')[1].split("</section>")[0]
    assert section.count('data-testid="viewed-event"') == 3  # opened, read twice
    assert 'data-actor="caseworker"' in section
    assert "ID number, Phone" in section and "REST API" in section  # the via, in words
    caseworker = web("caseworker").get(url).content.decode()
    assert 'data-testid="viewed-log"' not in caseworker
    # the timeline leaves the log out for everyone
    assert 'data-type="viewed"' not in caseworker and 'data-type="viewed"' not in auditor


def test_the_chains_verify_after_many_viewed_events(api, web, users, member, relief_number):
    number = relief_number(member)
    for i in range(40):
        api("caseworker").get(f"/api/cases/{number}/")
        api("supervisor").get(f"/api/members/{member.pk}/")
        if i % 10 == 0:
            web("caseworker").get(reverse("cases:detail", args=[number]))
    assert len(viewed()) == 85  # and the application's response
    # and the case goes on: its next step still appends to the same chain
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert done.status_code == 200, done.json()
    result = audit_verify()
    assert result.ok, result.problems
    assert result.events_checked >= 84


def test_the_service_refuses_an_unknown_category_and_writes_nothing_for_none(users, member):
    with pytest.raises(ValueError):
        personal_data_viewed(case=None, actor=users["caseworker"], what=["salary"], member=member)
    assert personal_data_viewed(case=None, actor=users["caseworker"], what=[]) is None
    assert viewed() == []
