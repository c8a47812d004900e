"""The admin's member form validates as the API does (the same service: the
ID number's check digit, gender and birth date from it, the phone) and
saves through that service, so an admin's change is in the audit chain
like any other. Case records are not edited in the admin at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.audit.models import AuditEvent
from casework.core.documents import document_upload
from casework.core.models import Case, CaseDocument, Member, OrgUnit
from casework.demo.seed import id_number_for
from tests.mutual_aid.helpers import claim, enroll

ADD = "/admin/core/member/add/"
BIRTH = dt.date(1981, 6, 2)


@pytest.fixture
def admin_client_(users) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the messages below in English
    client.force_login(users["admin"])
    return client


def change_url(member: Member) -> str:
    return f"/admin/core/member/{member.pk}/change/"


def form(member: Member | None = None, county: Any = None, **overrides: Any) -> dict[str, Any]:
    """What the admin's form posts: the member's record as it stands (or a
    new one in ``county``), with ``overrides``."""
    if member is not None:
        data = {
            "name": member.name,
            "id_number": member.id_number,
            "phone": member.phone,
            "employer": member.employer,
            "org_unit": member.org_unit_id,
            "member_since": member.member_since.isoformat() if member.member_since else "",
            "status": member.status,
            "user": member.user_id or "",
        }
    else:
        data = {
            "name": "蓝新会员",
            "id_number": id_number_for(BIRTH, 31, female=True),
            "phone": "13912345678",
            "employer": "三江县某公司",
            "org_unit": county.pk,
            "member_since": "2015-03-01",
            "status": "active",
            "user": "",
        }
    return {**data, **overrides, "_save": "Save"}


def bad_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def member_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(type="member_changed"))


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code  # the form again
    return response.context["adminform"].form.errors


# --- change ----------------------------------------------------------------------------


def test_the_admin_refuses_an_id_number_with_a_bad_check_digit_and_saves_nothing(
    admin_client_, member
):
    before = Member.objects.values().get(pk=member.pk)
    response = admin_client_.post(
        change_url(member), form(member, id_number=bad_check_digit(member.id_number))
    )
    errors = form_errors(response)
    assert "checksum" in " ".join(errors["id_number"])
    assert "invalid ID number" in response.content.decode()
    assert Member.objects.values().get(pk=member.pk) == before
    assert member_events() == []


@pytest.mark.parametrize("phone", ["1", "12345", "1381234567", "phone", "+1 555 0100"])
def test_the_admin_refuses_a_phone_that_is_no_phone_number(admin_client_, member, phone):
    before = Member.objects.values().get(pk=member.pk)
    response = admin_client_.post(change_url(member), form(member, phone=phone))
    assert form_errors(response)["phone"]
    assert Member.objects.values().get(pk=member.pk) == before
    assert member_events() == []


def test_an_admin_change_of_the_id_number_moves_gender_and_birth_date_with_it_and_is_audited(
    admin_client_, users, member
):
    number = id_number_for(BIRTH, 32, female=True)
    response = admin_client_.post(
        change_url(member),
        form(member, id_number=number.lower() + "\u200b", phone="138 1234 5678"),
    )
    assert response.status_code == 302, form_errors(response)
    member.refresh_from_db()
    assert (member.id_number, member.gender, member.birth_date, member.phone) == (
        number,
        "female",
        BIRTH,
        "13812345678",
    )
    (event,) = member_events()
    assert (event.type, event.actor, event.case) == ("member_changed", users["admin"], None)
    assert event.data["member"] == member.pk
    assert set(event.data["changed"]) == {"id_number", "gender", "birth_date", "phone"}
    assert number not in str(event.data)  # the chain names what changed, not the values


def test_the_admin_refuses_the_id_number_of_another_member(admin_client_, members):
    first, second = members[0], members[1]
    before = Member.objects.values().get(pk=second.pk)
    response = admin_client_.post(change_url(second), form(second, id_number=first.id_number))
    assert form_errors(response)["id_number"]
    assert Member.objects.values().get(pk=second.pk) == before


def test_an_admin_change_of_the_union_and_status_is_audited_with_both_values(
    admin_client_, member, grassroots
):
    response = admin_client_.post(
        change_url(member), form(member, org_unit=grassroots[0].pk, status="left")
    )
    assert response.status_code == 302, form_errors(response)
    (event,) = member_events()
    assert event.data["changes"] == {
        "org_unit": [member.org_unit_id, grassroots[0].pk],
        "status": ["active", "left"],
    }


def test_saving_the_admin_form_unchanged_records_nothing(admin_client_, member):
    response = admin_client_.post(change_url(member), form(member))
    assert response.status_code == 302, form_errors(response)
    assert member_events() == []


# --- add -------------------------------------------------------------------------------


def test_an_admin_registers_a_member_as_the_api_does(admin_client_, county):
    response = admin_client_.post(
        ADD, form(county=county, id_number="\ufeff" + form(county=county)["id_number"])
    )
    assert response.status_code == 302, form_errors(response)
    member = Member.objects.get(name="蓝新会员")
    assert (member.id_number, member.gender, member.birth_date) == (
        id_number_for(BIRTH, 31, female=True),
        "female",
        BIRTH,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", bad_check_digit(id_number_for(BIRTH, 31, female=True))),
        ("phone", "1"),
        ("member_since", "1970-01-01"),  # before the birth the ID number gives
    ],
)
def test_the_admin_refuses_to_register_an_invalid_member(admin_client_, county, field, value):
    response = admin_client_.post(ADD, form(county=county, **{field: value}))
    assert form_errors(response)[field]
    assert not Member.objects.filter(name="蓝新会员").exists()
    assert member_events() == []


def test_the_admin_does_not_delete_members(admin_client_, member):
    assert admin_client_.get(f"/admin/core/member/{member.pk}/delete/").status_code == 403


# --- case records ----------------------------------------------------------------------


def test_cases_and_their_documents_are_read_only_in_the_admin(api, admin_client_, users, member):
    enroll(member)
    number = api("caseworker").post("/api/mutual-aid/claims/", claim(member)).json()["case_number"]
    case = Case.objects.get(case_number=number)
    document = document_upload(
        case=case,
        actor=users["caseworker"],
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf"),
        kind="invoice",
    )
    assert admin_client_.get("/admin/core/case/add/").status_code == 403
    assert admin_client_.get(f"/admin/core/case/{case.pk}/delete/").status_code == 403
    assert admin_client_.get("/admin/core/casedocument/add/").status_code == 403
    assert admin_client_.get(f"/admin/core/casedocument/{document.pk}/delete/").status_code == 403
    response = admin_client_.post(
        f"/admin/core/casedocument/{document.pk}/change/", {"kind": "other"}
    )
    assert response.status_code in (200, 403)
    assert CaseDocument.objects.get(pk=document.pk).kind == "invoice"


def test_the_admin_pages_of_a_member_show_the_form(admin_client_, member):
    assert admin_client_.get(ADD).status_code == 200
    page = admin_client_.get(change_url(member))
    assert page.status_code == 200
    assert page.context["adminform"].form.initial["id_number"] == member.id_number


@pytest.mark.parametrize(
    "model", ["mutual_aid/enrollment", "mutual_aid/memberledger", "relief/rosterentry"]
)
def test_rows_the_services_write_are_not_added_in_the_admin(admin_client_, model):
    assert admin_client_.get(f"/admin/{model}/add/").status_code == 403


def test_a_union_added_in_the_admin_lies_in_its_parents_subtree(admin_client_, county):
    response = admin_client_.post(
        "/admin/core/orgunit/add/",
        {"name": "新工会", "code": "GX-NEW-01", "parent": county.pk, "level": 4, "_save": "Save"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = OrgUnit.objects.get(code="GX-NEW-01")
    assert unit.path == f"{county.path}{unit.pk}/"


@pytest.mark.parametrize("phone", ["1", "phone", "1381234567"])
def test_the_api_refuses_the_phone_the_admin_refuses(api, county, phone):
    payload = {**form(county=county, phone=phone), "member_since": "2015-03-01"}
    payload = {k: v for k, v in payload.items() if k not in ("_save", "status", "user")}
    response = api("caseworker").post("/api/members/", payload)
    assert response.status_code == 400, response.json()
    assert "phone" in response.json()["error"]["fields"]
    assert not Member.objects.filter(name="蓝新会员").exists()


@pytest.mark.parametrize("phone", ["13812345678", "+86 138 1234 5678", "0772-1234567", ""])
def test_the_api_takes_a_mobile_or_landline_number(api, county, phone):
    payload = {**form(county=county, phone=phone), "member_since": "2015-03-01"}
    payload = {k: v for k, v in payload.items() if k not in ("_save", "status", "user")}
    response = api("caseworker").post("/api/members/", payload)
    assert response.status_code == 201, response.json()
    assert Member.objects.get(name="蓝新会员").phone == phone.replace(" ", "")
