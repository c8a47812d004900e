"""A 金秋助学 list imported from CSV or XLSX with its students (PROCESSES.md
§4, issue 17): the student columns stored, in English or Chinese headers; a
student funded before refuses the file with nothing created (409 naming the
case); a bad student named row by row; the student's ID number normalized,
masked in the list and never written whole into the audit chain; another
kind of campaign takes no students."""

from __future__ import annotations

import io

from openpyxl import Workbook

from casework.audit.models import AuditEvent
from casework.campaigns.models import Recipient

from .conftest import assert_error, listed, student, written

HEADER = "id_number,tier,note,student_name,student_id_number,school,level"


def _csv(rows: list[str], header: str = HEADER) -> io.BytesIO:
    f = io.BytesIO("\n".join([header, *rows]).encode())
    f.name = "list.csv"
    return f


def _import(api, campaign, unit, upload):
    return api("caseworker2").post(
        f"/api/campaigns/{campaign['id']}/lists/import/",
        {"file": upload, "org_unit": unit.pk},
        format="multipart",
    )


def test_a_golden_autumn_csv_carries_its_students(api, campaign, grassroots, own_members):
    c = campaign("golden_autumn")
    one, two = student(1), student(2)
    # spelled as people type them: a full-width number with a space, a lower-case x
    typed = " ".join([two["id_number"][:6], two["id_number"][6:]]).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    upload = _csv(
        [
            f"{own_members[0].id_number},undergraduate,录取通知书已交,{one['name']},"
            f"{one['id_number'].lower()},广西大学,undergraduate",
            f"{own_members[1].id_number},college,,{two['name']},{typed},柳州职业技术学院,专科",
        ]
    )
    response = _import(api, c, grassroots[0], upload)
    assert response.status_code == 201, response.json()
    case = response.json()
    shown = [r["student"] for r in case["data"]["recipients"]]
    assert [(s["name"], s["school"], s["level"]) for s in shown] == [
        ("学生1", "广西大学", "undergraduate"),
        ("学生2", "柳州职业技术学院", "junior_college"),
    ]
    assert all("*" in s["id_number"] for s in shown)
    stored = Recipient.objects.filter(campaign_list__case__case_number=case["case_number"])
    assert sorted(stored.values_list("student_id_number", flat=True)) == sorted(
        [one["id_number"], two["id_number"]]
    )
    # the students' ID numbers are nowhere whole in the case's audit record
    events = list(AuditEvent.objects.filter(case__case_number=case["case_number"]).values())
    assert events
    recorded = str(events)
    assert one["id_number"] not in recorded and two["id_number"] not in recorded


def test_an_xlsx_with_chinese_headers_carries_its_students(api, campaign, grassroots, own_members):
    c = campaign("golden_autumn")
    s = student(3)
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "档次", "备注", "学生姓名", "学生身份证号", "学校", "学历层次"])
    sheet.append(
        [
            own_members[0].id_number,
            "undergraduate",
            "",
            s["name"],
            s["id_number"],
            "广西大学",
            "本科",
        ]
    )
    f = io.BytesIO()
    book.save(f)
    f.seek(0)
    f.name = "list.xlsx"
    response = _import(api, c, grassroots[0], f)
    assert response.status_code == 201, response.json()
    recipient = Recipient.objects.get()
    assert (recipient.member_id, recipient.student_name, recipient.level) == (
        own_members[0].pk,
        s["name"],
        "undergraduate",
    )
    assert recipient.student_id_number == s["id_number"]


def test_a_student_funded_before_refuses_the_file_naming_the_case(
    api, campaign, grassroots, own_members
):
    earlier = campaign("golden_autumn", title="去年金秋助学")
    s = student(4)
    funded = listed(
        api,
        earlier,
        grassroots[0],
        [{"member": own_members[0].pk, "tier": "undergraduate", "student": s}],
    )
    Recipient.objects.update(status="approved")
    c = campaign("golden_autumn")
    before = written()
    upload = _csv(
        [
            f"{own_members[1].id_number},college,,{student(5)['name']},"
            f"{student(5)['id_number']},广西大学,junior_college",
            f"{own_members[2].id_number},undergraduate,,{s['name']},{s['id_number']},广西大学,本科",
        ]
    )
    error = assert_error(_import(api, c, grassroots[0], upload), 409, "student_funded")
    assert funded["case_number"] in error["message"]
    assert written() == before


def test_bad_students_are_named_row_by_row_and_nothing_is_created(
    api, campaign, grassroots, own_members
):
    c = campaign("golden_autumn")
    good, bad_check = student(6), student(7)
    wrong = bad_check["id_number"][:-1] + ("0" if bad_check["id_number"][-1] != "0" else "1")
    before = written()
    upload = _csv(
        [
            f"{own_members[0].id_number},undergraduate,,{good['name']},{good['id_number']},广西大学,本科",
            f"{own_members[1].id_number},undergraduate,,学生7,{wrong},广西大学,undergraduate",
            f"{own_members[2].id_number},college,,学生8,{student(8)['id_number']},广西大学,博士",
            f"{own_members[0].id_number},college,,,,,",
            f"{own_members[1].id_number},college,,学生6,{good['id_number']},广西大学,专科",
        ]
    )
    error = assert_error(_import(api, c, grassroots[0], upload), 400, "invalid_rows")
    rows = {r["row"]: r["errors"] for r in error["rows"]}
    assert sorted(rows) == [3, 4, 5, 6]
    assert rows[3] == ["student_id_number: not a valid ID number"]
    assert len(rows[4]) == 1 and rows[4][0].startswith("level: ")
    assert {e.split(":")[0] for e in rows[5]} == {
        "student_name",
        "student_id_number",
        "school",
        "level",
    }
    assert rows[6] == ["student_id_number: this student is on an earlier row"]
    assert good["id_number"] not in str(error) and wrong not in str(error)
    assert written() == before


def test_a_golden_autumn_file_without_students_is_refused_row_by_row(
    api, campaign, grassroots, own_members
):
    c = campaign("golden_autumn")
    upload = _csv([f"{own_members[0].id_number},undergraduate,"], header="id_number,tier,note")
    error = assert_error(_import(api, c, grassroots[0], upload), 400, "invalid_rows")
    assert [r["row"] for r in error["rows"]] == [2]
    assert "student_name: This field may not be blank." in error["rows"][0]["errors"]
    assert not Recipient.objects.exists()


def test_another_kind_of_campaign_refuses_a_row_naming_a_student(
    api, campaign, grassroots, own_members
):
    c = campaign()
    s = student(9)
    upload = _csv(
        [
            f"{own_members[0].id_number},hard,,,,,",
            f"{own_members[1].id_number},hard,,{s['name']},{s['id_number']},广西大学,本科",
        ]
    )
    error = assert_error(_import(api, c, grassroots[0], upload), 400, "invalid_rows")
    assert error["rows"] == [
        {"row": 3, "errors": ["student: only a golden autumn list names students"]}
    ]
    # the student columns left empty are no trouble
    upload = _csv([f"{own_members[0].id_number},hard,,,,,"])
    assert _import(api, c, grassroots[0], upload).status_code == 201
