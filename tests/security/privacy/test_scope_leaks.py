"""An ID number that belongs to a member outside the caller's scope is refused
like any other conflict: the refusal names no member, no member id and no
union, and reads the same whatever the hidden record holds (its name, its
status, its enrollments). Inside the caller's scope the helpful messages stay."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.core.masking import mask_id_number
from casework.core.models import Member
from tests.mutual_aid.helpers import enroll, plan, this_year

HEADER = "id_number,name,paid_amount,enrolled_on"


def import_rows(api, username: str, lines: list[str], **extra: Any):
    body = "\n".join([HEADER, *lines, ""]).encode("utf-8")
    return api(username).post(
        "/api/mutual-aid/enrollments/import/",
        {"file": SimpleUploadedFile("e.csv", body), "plan": plan().pk, **extra},
        format="multipart",
    )


def line(member: Member, name: str | None = None) -> str:
    return f"{member.id_number},{name or member.name},36.00,{this_year()}-02-01"


def row_errors(response) -> list[str]:
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid_rows"
    [row] = error["rows"]
    return row["errors"]


def names_nothing_of(text: str, member: Member) -> None:
    assert member.name not in text
    assert member.org_unit.name not in text
    assert f"{member.pk}" not in text.replace(member.id_number, "")


def test_an_import_row_naming_another_unions_member_gets_the_generic_conflict(
    api, members, grassroots
):
    hidden = [m for m in members if m.org_unit_id == grassroots[1].pk]
    plain, busy = hidden[0], hidden[1]
    enroll(busy)  # enrolled in the plan already, and has left the union since
    Member.objects.filter(pk=busy.pk).update(status=Member.Status.LEFT)
    # a wrong name used to be answered with the member's real name
    errors = {m.pk: row_errors(import_rows(api, "caseworker2", [line(m, "某某")])) for m in hidden}
    for m in hidden:
        names_nothing_of(json.dumps(errors[m.pk], ensure_ascii=False), m)
    assert errors[plain.pk] == errors[busy.pk]
    # the county caseworker may see the member: filing them for a union they
    # are not in is the same conflict, in the same words
    visible = row_errors(import_rows(api, "caseworker", [line(plain)], org_unit=grassroots[0].pk))
    assert errors[plain.pk] == visible


def test_an_import_row_naming_a_member_of_ones_own_union_still_says_who_it_is(api, own_unit_member):
    renamed = row_errors(import_rows(api, "caseworker2", [line(own_unit_member, "某某")]))
    assert renamed == [f"name: the member with this ID number is {own_unit_member.name}"]
    enroll(own_unit_member)
    enrolled = row_errors(import_rows(api, "caseworker2", [line(own_unit_member)]))
    assert enrolled == ["the member is already enrolled in this plan"]


def register(api, username: str, member: Member, org_unit: int):
    body = {"name": "某某", "id_number": member.id_number, "org_unit": org_unit}
    return api(username).post("/api/members/", body)


def test_registering_the_id_number_of_another_unions_member_names_nobody(
    api, other_unit_member, own_unit_member, grassroots
):
    hidden = register(api, "caseworker2", other_unit_member, grassroots[0].pk)
    assert hidden.status_code == 409
    text = json.dumps(hidden.json(), ensure_ascii=False)
    names_nothing_of(text, other_unit_member)
    # the same code and status as a conflict with a member one may see, and
    # the words of the conflict found only when the insert is refused
    seen = register(api, "caseworker2", own_unit_member, grassroots[0].pk)
    assert seen.status_code == 409
    assert hidden.json()["error"]["code"] == seen.json()["error"]["code"] == "duplicate"
    assert hidden.json()["error"]["message"] == "a member with this ID number exists"
    assert hidden.json()["error"]["fields"] == {}
    assert Member.objects.filter(id_number=other_unit_member.id_number).count() == 1


def test_registering_the_id_number_of_a_member_in_scope_still_names_the_record(
    api, own_unit_member, grassroots
):
    response = register(api, "caseworker2", own_unit_member, grassroots[0].pk)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate"
    assert f"(id {own_unit_member.pk})" in response.json()["error"]["message"]


def test_a_search_by_the_whole_id_number_of_another_unions_member_finds_nothing(
    api, web, other_unit_member, own_unit_member
):
    def search(member: Member) -> tuple[list[int], str]:
        found = api("caseworker2").get("/api/members/", q=member.id_number).json()["results"]
        page = web("caseworker2").get(reverse("members:index"), {"q": member.id_number})
        return [m["id"] for m in found], page.content.decode()

    found, html = search(other_unit_member)
    assert found == []
    assert other_unit_member.name not in html
    assert mask_id_number(other_unit_member.id_number) not in html
    found, html = search(own_unit_member)
    assert found == [own_unit_member.pk]
    assert own_unit_member.name in html
