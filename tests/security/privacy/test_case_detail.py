"""The case detail (API, web case page, web task page): the applicant's or
the worker's ID number and phone, medical details and mediation content as
the policy says, and one ``viewed`` event naming what was shown whole."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.core.privacy import mask_id_number, mask_phone
from tests.conftest import Api
from tests.mediation.conftest import non_member_worker

from .conftest import WHOLE_ID, viewed

WORKER = non_member_worker()

# role → what a relief case shows whole of its applicant
RELIEF = {
    "caseworker": ["id_number", "phone"],
    "supervisor": ["id_number"],
    "finance": [],
    "medical_reviewer": [],
    "auditor": [],
    "coordinator": [],
    "mediator": [],
    "admin": ["id_number", "phone"],
}
# role → what a claim shows whole: the applicant's ID number and phone, medical details
CLAIM = {
    "caseworker": ["id_number", "phone", "medical"],
    "supervisor": ["id_number", "medical"],
    "medical_reviewer": ["medical"],
    "finance": [],
    "auditor": [],
    "admin": ["id_number", "phone", "medical"],
}
# role → what a mediation shows: its content and its worker's ID number and phone
MEDIATION = {
    "coordinator": ["id_number", "phone", "mediation_content"],
    "mediator": ["id_number", "phone", "mediation_content"],
    "auditor": ["mediation_content"],
    "admin": ["id_number", "phone", "mediation_content"],
}
MEDICAL_FIELDS = ("hospital", "diagnosis", "total_expense", "invoice_numbers", "admitted_on")


def shown(value: str, mask, whole: bool) -> str:
    return value if whole else mask(value)


@pytest.mark.parametrize("role", sorted(RELIEF))
def test_a_relief_case_shows_its_applicant_as_the_policy_says(
    api, users, member, relief_number, role
):
    number = relief_number(member)
    what = RELIEF[role]
    applicant = api(role).get(f"/api/cases/{number}/").json()["data"]["applicant"]
    assert applicant == {
        "id_number": shown(member.id_number, mask_id_number, "id_number" in what),
        "phone": shown(member.phone, mask_phone, "phone" in what),
    }
    events = viewed(case__case_number=number, via="api.case")
    assert [(e.actor, e.data["what"], e.data["via"]) for e in events] == (
        [(users[role], what, "api.case")] if what else []
    )


@pytest.mark.parametrize("role", sorted(CLAIM))
def test_a_claim_shows_medical_details_only_to_those_who_need_them(
    api, users, member, claim_number, role
):
    number = claim_number(member)
    what = CLAIM[role]
    data = api(role).get(f"/api/cases/{number}/").json()["data"]
    medical = "medical" in what
    for field in MEDICAL_FIELDS:
        assert (field in data) is medical, (role, field)
    assert data["medical_details_hidden"] is not medical
    assert bool(data["benefit"]["explanation"]) is medical
    assert data["applicant"]["id_number"] == shown(
        member.id_number, mask_id_number, "id_number" in what
    )
    events = viewed(case__case_number=number, via="api.case")
    assert [e.data["what"] for e in events] == ([what] if what else [])


def test_finance_pays_a_claim_without_its_medical_details_and_is_not_logged_as_medical(
    api, web, users, member, claim_number
):
    number = claim_number(member)
    data = api("finance").get(f"/api/cases/{number}/").json()["data"]
    assert "diagnosis" not in data and "肺炎" not in str(data)
    html = web("finance").get(reverse("cases:detail", args=[number])).content.decode()
    assert "肺炎" not in html and "三江侗族自治县人民医院" not in html
    html = web("auditor").get(reverse("cases:detail", args=[number])).content.decode()
    assert "肺炎" not in html
    for role in ("finance", "auditor"):
        assert not [e for e in viewed(actor=users[role]) if "medical" in e.data["what"]]


@pytest.mark.parametrize("role", sorted(MEDIATION))
def test_a_mediation_shows_its_worker_as_the_policy_says(api, users, mediation_number, role):
    number = mediation_number()
    before = len(viewed())
    what = MEDIATION[role]
    worker = api(role).get(f"/api/cases/{number}/").json()["data"]["worker"]
    assert worker["id_number"] == shown(WORKER["id_number"], mask_id_number, "id_number" in what)
    assert worker["phone"] == shown(WORKER["phone"], mask_phone, "phone" in what)
    (event,) = viewed()[before:]
    assert (event.actor, event.data["what"]) == (users[role], what)


def test_those_who_may_not_read_a_mediation_see_nothing_and_nothing_is_logged(
    api, mediation_number
):
    number = mediation_number()
    before = len(viewed())
    for role in ("caseworker", "supervisor", "finance", "mediator2"):
        assert api(role).get(f"/api/cases/{number}/").status_code == 404
    assert len(viewed()) == before


def test_the_session_notes_are_logged_as_mediation_content(api, users, mediation_number):
    number = mediation_number()
    empty = api("auditor").get(f"/api/mediation/cases/{number}/sessions/")
    assert empty.json() == []
    assert not viewed(actor=users["auditor"])  # nothing shown, nothing logged
    session = {
        "held_on": timezone.localdate().isoformat(),
        "place": "调解室",
        "attendees": ["申请人", "被申请人"],
        "notes": "会谈笔录",
        "next_step": "再约",
    }
    logged = api("mediator").post(f"/api/mediation/cases/{number}/sessions/", session)
    assert logged.status_code == 201, logged.json()
    listed = api("auditor").get(f"/api/mediation/cases/{number}/sessions/").json()
    assert listed[0]["notes"] == "会谈笔录"
    (event,) = viewed(actor=users["auditor"])
    assert event.data == {"what": ["mediation_content"], "via": "api.mediation_sessions"}


def test_a_member_sees_their_own_case_whole_and_it_is_not_logged(
    member, member_login, claim_number
):
    number = claim_number(member)
    data = Api(member_login).get(f"/api/cases/{number}/").json()["data"]
    assert data["applicant"] == {"id_number": member.id_number, "phone": member.phone}
    assert data["diagnosis"] == "肺炎"
    assert viewed(via="api.case") == []


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "finance", "auditor"])
def test_the_web_case_page_shows_the_applicant_as_the_policy_says(
    web, users, member, relief_number, role
):
    number = relief_number(member)
    what = RELIEF[role]
    html = web(role).get(reverse("cases:detail", args=[number])).content.decode()
    id_number = shown(member.id_number, mask_id_number, "id_number" in what)
    phone = shown(member.phone, mask_phone, "phone" in what)
    assert f'data-testid="applicant-id-number">{id_number}<' in html
    assert f'data-testid="applicant-phone">{phone}<' in html
    events = viewed(case__case_number=number, via="web.case")
    assert [(e.actor, e.data["what"], e.data["via"]) for e in events] == (
        [(users[role], what, "web.case")] if what else []
    )


def test_the_web_task_page_logs_what_it_shows_once(web, users, member, relief_number):
    from tests.web.work.conftest import open_task_id

    number = relief_number(member)
    task = open_task_id(number, "verify")
    html = web("caseworker").get(reverse("work:task", args=[task])).content.decode()
    assert f'data-testid="applicant-id-number">{member.id_number}<' in html
    (event,) = viewed(case__case_number=number, via="web.task")
    assert (event.actor, event.data["what"], event.data["via"]) == (
        users["caseworker"],
        ["id_number", "phone"],
        "web.task",
    )


def test_the_web_mediation_page_masks_the_worker_for_the_auditor(web, mediation_number):
    number = mediation_number()
    auditor = web("auditor").get(reverse("cases:detail", args=[number])).content.decode()
    shown = 'data-testid="worker-id-number"><span class="cw-id">'
    assert f"{shown}{mask_id_number(WORKER['id_number'])}<" in auditor
    assert WORKER["id_number"] not in auditor and WORKER["phone"] not in auditor
    coordinator = web("coordinator").get(reverse("cases:detail", args=[number])).content.decode()
    assert f"{shown}{WORKER['id_number']}<" in coordinator


def test_timelines_and_case_lists_never_show_a_whole_id_number(
    api, member, members, relief_number, claim_number, mediation_number
):
    numbers = [relief_number(member), claim_number(members[1]), mediation_number(worker=members[2])]
    for role in ("auditor", "caseworker", "coordinator"):
        listed = api(role).get("/api/cases/", page_size=200).json()
        assert listed["count"] >= 1
        assert not WHOLE_ID.search(str(listed)), role
        tasks = api(role).get("/api/tasks/", scope="queue").json()
        assert not WHOLE_ID.search(str(tasks)), role
    for number in numbers:
        response = api("auditor").get(f"/api/cases/{number}/timeline/")
        assert response.status_code == 200
        assert not WHOLE_ID.search(str(response.json())), number
