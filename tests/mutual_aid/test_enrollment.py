"""Enrollment: one by one and the group import of a CSV or XLSX file."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from casework.demo.seed import id_number_for
from casework.mutual_aid.models import Enrollment
from tests.mutual_aid.helpers import enroll, plan, this_year

HEADER = ["id_number", "name", "paid_amount", "enrolled_on"]


def rows(n: int, start: int = 0) -> list[list[str]]:
    day = dt.date(this_year(), 1, 10).isoformat()
    return [
        [
            id_number_for(dt.date(1970, 1, 1) + dt.timedelta(days=i), 1000 + i, i % 2 == 1),
            f"职工{i}",
            "36.00",
            day,
        ]
        for i in range(start, start + n)
    ]


def csv_file(data: list[list[str]], name: str = "enrollments.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(r) for r in [HEADER, *data]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(api, file, **extra):
    return api("caseworker2").post(
        "/api/mutual-aid/enrollments/import/",
        {"file": file, "plan": plan().pk, **extra},
        format="multipart",
    )


def test_a_valid_csv_enrolls_every_row_in_the_union(api, grassroots):
    response = upload(api, csv_file(rows(25)))
    assert response.status_code == 201, response.json()
    assert response.json() == {"created": 25}
    made = Enrollment.objects.filter(plan=plan()).select_related("member")
    assert made.count() == 25
    assert {e.member.org_unit_id for e in made} == {grassroots[0].pk}


def test_one_bad_row_among_1000_refuses_the_whole_file(api):
    data = rows(1000)
    data[536][2] = "12.00"  # below the contribution
    response = upload(api, csv_file(data))
    assert response.status_code == 400
    assert response.json()["error"]["rows"] == [
        {"row": 538, "errors": ["paid amount 12.00 is below the contribution 36.00"]}
    ]
    assert Enrollment.objects.count() == 0


def test_every_bad_row_is_listed_with_its_reasons(api):
    data = rows(1000)
    data[536][2] = "12.00"  # below the contribution
    data[700][0] = "450226200001011234"  # bad checksum
    response = upload(api, csv_file(data))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_rows"
    assert [r["row"] for r in error["rows"]] == [538, 702]
    assert "contribution" in error["rows"][0]["errors"][0]
    assert Enrollment.objects.count() == 0


def test_a_row_twice_in_the_file_is_refused(api):
    data = rows(3)
    data.append(list(data[0]))
    error = upload(api, csv_file(data)).json()["error"]
    assert error["rows"] == [
        {"row": 5, "errors": ["id_number: appears more than once in the file"]}
    ]


def test_an_xlsx_file_imports_like_a_csv(api):
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "姓名", "缴费金额", "参保日期"])
    for r in rows(10):
        sheet.append([r[0], r[1], 36, dt.date.fromisoformat(r[3])])
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("e.xlsx", buffer.getvalue())
    response = upload(api, file)
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 10


def test_a_file_that_is_not_a_table_is_refused(api):
    junk = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a zip")
    response = upload(api, junk)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_file"
    no_header = SimpleUploadedFile("x.csv", b"a,b\n1,2\n")
    assert upload(api, no_header).json()["error"]["code"] == "invalid_file"
    assert Enrollment.objects.count() == 0


def test_the_command_prints_its_progress(grassroots, tmp_path, capsys):
    path = tmp_path / "e.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows(30)]) + "\n")
    call_command(
        "import_enrollments", str(path), "--plan", str(plan().pk), "--org-unit", grassroots[0].code
    )
    out = capsys.readouterr().out
    assert "validated 30 rows" in out and "imported 30 rows" in out
    assert "created 30 enrollments" in out


def test_a_single_enrollment_renews_last_years(api, member):
    from casework.demo.seed import seed_plans

    last = seed_plans(this_year() - 1)["inpatient"]
    Enrollment.objects.create(
        member=member,
        plan=last,
        paid_amount=last.contribution,
        enrolled_on=dt.date(last.year, 1, 1),
    )
    response = api("caseworker").post(
        "/api/mutual-aid/enrollments/",
        {
            "member": member.pk,
            "plan": plan().pk,
            "paid_amount": "36",
            "enrolled_on": f"{this_year()}-01-05",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["renewal"] is True
    again = api("caseworker").post(
        "/api/mutual-aid/enrollments/",
        {
            "member": member.pk,
            "plan": plan().pk,
            "paid_amount": "36",
            "enrolled_on": f"{this_year()}-01-05",
        },
    )
    assert again.status_code == 409


def test_a_member_enrolled_already_is_a_bad_row(api, own_unit_member):
    enroll(own_unit_member)
    data = [[own_unit_member.id_number, own_unit_member.name, "36.00", f"{this_year()}-02-01"]]
    error = upload(api, csv_file(data)).json()["error"]
    assert error["rows"][0]["errors"] == ["the member is already enrolled in this plan"]
