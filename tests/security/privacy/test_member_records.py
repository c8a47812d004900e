"""A member's record (API detail and file, the web member file): the ID
number and phone whole or masked as the policy says, one ``viewed`` event
per response that shows any of them whole, none for masked views nor for
the member's own; lists never show them whole."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.core.privacy import mask_id_number, mask_phone
from tests.conftest import Api

from .conftest import WHOLE_ID, viewed

# role → (ID number whole, phone whole) on a member's record
POLICY = {
    "caseworker": (True, True),
    "supervisor": (True, False),
    "finance": (False, False),
    "medical_reviewer": (False, False),
    "auditor": (False, False),
    "coordinator": (False, False),
    "mediator": (False, False),
    "admin": (True, True),
}


def expected(member, role: str) -> tuple[str, str, list[str]]:
    whole_id, whole_phone = POLICY[role]
    return (
        member.id_number if whole_id else mask_id_number(member.id_number),
        member.phone if whole_phone else mask_phone(member.phone),
        [c for c, whole in (("id_number", whole_id), ("phone", whole_phone)) if whole],
    )


@pytest.mark.parametrize("role", sorted(POLICY))
@pytest.mark.parametrize("path", ["/api/members/{id}/", "/api/members/{id}/file/"])
def test_the_api_shows_the_record_as_the_policy_says_and_logs_a_whole_view(
    api, users, member, role, path
):
    id_number, phone, what = expected(member, role)
    response = api(role).get(path.format(id=member.pk))
    assert response.status_code == 200
    record = response.json()["member"] if path.endswith("file/") else response.json()
    assert (record["id_number"], record["phone"]) == (id_number, phone)
    events = viewed()
    if what:
        (event,) = events
        assert event.actor == users[role]
        assert event.case is None
        assert event.data["what"] == what
        assert event.data["member"] == member.pk
    else:
        assert events == []


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "finance", "auditor"])
def test_the_web_member_file_shows_the_record_as_the_policy_says(web, users, member, role):
    id_number, phone, what = expected(member, role)
    html = web(role).get(reverse("members:file", args=[member.pk])).content.decode()
    assert f'data-testid="id-number">{id_number}<' in html
    assert f'data-testid="phone">{phone}<' in html
    assert [e.data["what"] for e in viewed(actor=users[role])] == ([what] if what else [])
    if not POLICY[role][0]:
        assert member.id_number not in html


def test_each_response_is_one_event_however_much_it_shows(api, users, member):
    for _ in range(3):
        api("caseworker").get(f"/api/members/{member.pk}/file/")
    assert [e.data["what"] for e in viewed()] == [["id_number", "phone"]] * 3


def test_a_member_sees_their_own_record_whole_and_it_is_not_logged(member, member_login):
    own = Api(member_login).get(f"/api/members/{member.pk}/").json()
    assert (own["id_number"], own["phone"]) == (member.id_number, member.phone)
    assert Api(member_login).get(f"/api/members/{member.pk}/file/").status_code == 200
    assert viewed() == []


def test_the_coordinator_sees_a_mediation_workers_record_whole(
    api, users, member, mediation_number
):
    before = api("coordinator").get(f"/api/members/{member.pk}/").json()
    assert before["id_number"] == mask_id_number(member.id_number)
    mediation_number(worker=member)
    for who in ("coordinator", "mediator"):  # the coordinator and the assigned mediator
        record = api(who).get(f"/api/members/{member.pk}/").json()
        assert (record["id_number"], record["phone"]) == (member.id_number, member.phone), who
        (event,) = viewed(actor=users[who], case=None)
        assert event.data == {
            "what": ["id_number", "phone"],
            "member": member.pk,
            "via": "api.member",
        }
    # the other mediator handles no case of this worker
    other = api("mediator2").get(f"/api/members/{member.pk}/").json()
    assert other["id_number"] == mask_id_number(member.id_number)


def test_lists_never_show_a_whole_id_number(api, web, members, member_login):
    for role in ("caseworker", "supervisor", "admin", "member"):
        client = Api(member_login) if role == "member" else api(role)
        page = client.get("/api/members/", page_size=200).json()
        assert page["count"] >= 1
        assert not WHOLE_ID.search(str(page)), role
        for row in page["results"]:
            assert row["id_number"] == mask_id_number(row["id_number"])
        assert not WHOLE_ID.search(str(client.get("/api/members/", q=members[0].name).json()))
    for role in ("caseworker", "admin"):
        html = web(role).get(reverse("members:index")).content.decode()
        assert 'data-testid="member-row"' in html
        assert not WHOLE_ID.search(html), role
    assert viewed() == []  # lists are masked: nothing to log


def test_a_search_by_a_whole_id_number_still_finds_the_member(api, member):
    found = api("caseworker").get("/api/members/", q=member.id_number).json()["results"]
    assert [m["id"] for m in found] == [member.pk]
    assert found[0]["id_number"] == mask_id_number(member.id_number)


def test_registering_a_member_echoes_the_record_per_policy_and_logs_no_view(api, county):
    body = {"name": "韦某", "id_number": "452228198005177753", "org_unit": county.pk}
    created = api("caseworker").post("/api/members/", body)
    assert created.status_code == 201, created.json()
    assert created.json()["id_number"] == "452228198005177753"
    assert viewed() == []
