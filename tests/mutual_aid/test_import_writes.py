"""What the group import writes (the set-based path): the new members as a
one-by-one creation would make them, renewals, one audit event, nothing on
a bad file — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from casework.audit.models import AuditEvent
from casework.core.models import Member
from casework.demo.seed import id_number_for
from casework.mutual_aid.import_stage import TABLE
from casework.mutual_aid.imports import InvalidRows, RowSource, enrollments_import
from casework.mutual_aid.models import Enrollment
from tests.mutual_aid.helpers import enroll, plan, this_year

HEADER = "id_number,name,paid_amount,enrolled_on"


def row(i: int, *, amount: str = "36.00", female: bool = False) -> str:
    birth = dt.date(1975, 1, 1) + dt.timedelta(days=i)
    return f"{id_number_for(birth, 7 + i, female)},工人{i},{amount},{this_year()}-01-10"


def csv_upload(lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("e.csv", "\n".join([HEADER, *lines, ""]).encode())


def post(api, lines: list[str]):
    return api("caseworker2").post(
        "/api/mutual-aid/enrollments/import/",
        {"file": csv_upload(lines), "plan": plan().pk},
        format="multipart",
    )


def test_new_members_are_made_as_the_union_files_them(api, grassroots):
    response = post(api, [row(0), row(1, amount="50.50", female=True)])
    assert response.status_code == 201, response.json()
    made = {m.name: m for m in Member.objects.filter(name__startswith="工人")}
    assert set(made) == {"工人0", "工人1"}
    man, woman = made["工人0"], made["工人1"]
    assert (man.gender, woman.gender) == ("male", "female")
    assert man.birth_date == dt.date(1975, 1, 1) and woman.birth_date == dt.date(1975, 1, 2)
    assert man.org_unit_id == grassroots[0].pk
    assert man.employer == grassroots[0].name.removesuffix("工会")
    assert (man.status, man.phone, man.user_id, man.member_since) == ("active", "", None, None)
    paid = dict(Enrollment.objects.filter(plan=plan()).values_list("member__name", "paid_amount"))
    assert paid == {"工人0": Decimal("36.00"), "工人1": Decimal("50.50")}
    enrollment = Enrollment.objects.get(member=woman)
    assert enrollment.enrolled_on == dt.date(this_year(), 1, 10)
    assert enrollment.renewal is False
    assert abs(enrollment.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_known_members_are_enrolled_without_a_copy_and_renew_last_years(api, own_unit_member):
    from casework.demo.seed import seed_plans

    last = seed_plans(this_year() - 1)["inpatient"]
    Enrollment.objects.create(
        member=own_unit_member,
        plan=last,
        paid_amount=last.contribution,
        enrolled_on=dt.date(last.year, 1, 1),
    )
    known = f"{own_unit_member.id_number},{own_unit_member.name},36,{this_year()}-02-01"
    members_before = Member.objects.count()
    response = post(api, [row(0), known, row(1)])
    assert response.status_code == 201, response.json()
    assert response.json() == {"created": 3}
    assert Member.objects.count() == members_before + 2
    renewal = dict(Enrollment.objects.filter(plan=plan()).values_list("member__name", "renewal"))
    assert renewal == {"工人0": False, own_unit_member.name: True, "工人1": False}


def test_one_audit_event_tells_the_whole_import(api, grassroots):
    before = AuditEvent.objects.filter(type="mutual_aid_enrollments_imported").count()
    post(api, [row(i) for i in range(12)])
    events = AuditEvent.objects.filter(type="mutual_aid_enrollments_imported")
    assert events.count() == before + 1
    assert events.order_by("-pk").first().data == {
        "plan": plan().pk,
        "org_unit": grassroots[0].pk,
        "created": 12,
    }


def test_a_bad_row_after_chunks_were_staged_leaves_nothing(users, grassroots, monkeypatch):
    monkeypatch.setattr("casework.mutual_aid.import_rows.CHUNK", 4)
    lines = [row(i) for i in range(11)] + [row(11, amount="1.00")]
    text = "\n".join([HEADER, *lines, ""]).encode()
    members_before = Member.objects.count()
    source = RowSource(SimpleUploadedFile("e.csv", text), "e.csv")
    with pytest.raises(InvalidRows) as refused:
        enrollments_import(actor=users["admin"], plan=plan(), org_unit=grassroots[0], source=source)
    assert [r["row"] for r in refused.value.rows] == [13]
    assert Member.objects.count() == members_before
    assert Enrollment.objects.count() == 0
    # the staging table went with the rollback: the same connection imports again
    good = "\n".join([HEADER, *lines[:11], ""]).encode()
    created = enrollments_import(
        actor=users["admin"],
        plan=plan(),
        org_unit=grassroots[0],
        source=RowSource(SimpleUploadedFile("e.csv", good), "e.csv"),
    )
    assert created == 11
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE}")  # dropped once written


def test_a_second_import_of_the_same_rows_lists_them_as_enrolled(api):
    assert post(api, [row(0), row(1), row(2)]).status_code == 201
    response = post(api, [row(2), row(3)])
    assert response.status_code == 400
    assert response.json()["error"]["rows"] == [
        {"row": 2, "errors": ["the member is already enrolled in this plan"]}
    ]
    assert Enrollment.objects.filter(plan=plan()).count() == 3


def test_a_nul_in_the_file_is_refused_not_a_server_error(api):
    response = post(api, [row(0), row(1).replace("工人1", "工\x00人")])
    assert response.status_code == 400
    assert Enrollment.objects.count() == 0


def test_an_enrolled_member_of_another_plan_year_is_not_a_conflict(api, own_unit_member):
    enroll(own_unit_member)  # this year's plan
    from casework.demo.seed import seed_plans

    nxt = seed_plans(this_year() + 1)["inpatient"]
    line = f"{own_unit_member.id_number},{own_unit_member.name},36,{this_year()}-12-01"
    response = api("caseworker2").post(
        "/api/mutual-aid/enrollments/import/",
        {"file": csv_upload([line]), "plan": nxt.pk},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert Enrollment.objects.get(member=own_unit_member, plan=nxt).renewal is True


def test_names_with_commas_quotes_tabs_and_backslashes_are_kept_as_written(api):
    odd = ['工人0,"二"', "工\t人\\N", "工人\\.\n续"]
    birth = [dt.date(1975, 1, 1) + dt.timedelta(days=i) for i in range(3)]
    lines = []
    for i, name in enumerate(odd):
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"{id_number_for(birth[i], 7 + i, False)},{quoted},36,{this_year()}-01-10")
    response = post(api, lines)
    assert response.status_code == 201, response.json()
    names = set(Enrollment.objects.filter(plan=plan()).values_list("member__name", flat=True))
    assert names == set(odd)


def test_the_queries_do_not_grow_with_the_rows(users, grassroots, own_unit_member):
    known = f"{own_unit_member.id_number},{own_unit_member.name},36,{this_year()}-02-01"

    def queries(lines: list[str]) -> int:
        text = "\n".join([HEADER, *lines, ""]).encode()
        with CaptureQueriesContext(connection) as captured:
            enrollments_import(
                actor=users["admin"],
                plan=plan(),
                org_unit=grassroots[0],
                source=RowSource(SimpleUploadedFile("e.csv", text), "e.csv"),
            )
        return len(captured)

    few = queries([known, *(row(i) for i in range(5))])
    Enrollment.objects.all().delete()
    assert queries([known, *(row(i) for i in range(100, 400))]) == few


def test_known_members_are_checked_against_the_file(api, members, grassroots):
    own = [m for m in members if m.org_unit_id == grassroots[0].pk]
    other = next(m for m in members if m.org_unit_id == grassroots[1].pk)
    renamed, left = own[0], own[1]
    Member.objects.filter(pk=left.pk).update(status=Member.Status.LEFT)
    day = f"{this_year()}-02-01"
    response = post(
        api,
        [
            f"{other.id_number},{other.name},36,{day}",
            f"{renamed.id_number},别名,36,{day}",
            f"{left.id_number},{left.name},36,{day}",
            row(0),
        ],
    )
    assert response.status_code == 400
    assert response.json()["error"]["rows"] == [
        {"row": 2, "errors": ["id_number: this ID number cannot be enrolled by this union"]},
        {"row": 3, "errors": [f"name: the member with this ID number is {renamed.name}"]},
        {"row": 4, "errors": ["the member has left the union"]},
    ]
