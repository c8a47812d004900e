"""A list imported from CSV or XLSX: all or nothing, with per-row errors."""

from __future__ import annotations

import io

from openpyxl import Workbook

from .conftest import assert_error, written


def _csv(rows: list[str]) -> io.BytesIO:
    f = io.BytesIO("\n".join(["id_number,tier,note", *rows]).encode())
    f.name = "list.csv"
    return f


def test_a_csv_list_is_imported_as_one_case(api, campaign, grassroots, own_members):
    c = campaign()
    upload = _csv([f"{own_members[0].id_number},hard,患病", f"{own_members[1].id_number},deep,"])
    response = api("caseworker2").post(
        f"/api/campaigns/{c['id']}/lists/import/",
        {"file": upload, "org_unit": grassroots[0].pk},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    recipients = response.json()["data"]["recipients"]
    assert [(r["member"], r["tier"], r["note"]) for r in recipients] == [
        (own_members[0].pk, "hard", "患病"),
        (own_members[1].pk, "deep", ""),
    ]


def test_an_xlsx_list_with_chinese_headers_is_imported(api, campaign, grassroots, own_members):
    c = campaign()
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "档次", "备注"])
    sheet.append([own_members[0].id_number, "hard", "单亲"])
    f = io.BytesIO()
    book.save(f)
    f.seek(0)
    f.name = "list.xlsx"
    response = api("caseworker2").post(
        f"/api/campaigns/{c['id']}/lists/import/",
        {"file": f, "org_unit": grassroots[0].pk},
        format="multipart",
    )
    assert response.status_code == 201, response.json()


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(
    api, campaign, grassroots, own_members, other_members
):
    c = campaign()
    before = written()
    upload = _csv(
        [
            f"{own_members[0].id_number},hard,",
            "110101199003071234,hard,",
            f"{own_members[1].id_number},gold,",
        ]
    )
    response = api("caseworker2").post(
        f"/api/campaigns/{c['id']}/lists/import/",
        {"file": upload, "org_unit": grassroots[0].pk},
        format="multipart",
    )
    error = assert_error(response, 400, "invalid_rows")
    assert [r["row"] for r in error["rows"]] == [3, 4]
    assert "tier" in error["rows"][1]["errors"][0]
    assert written() == before


def test_a_file_without_the_columns_is_400(api, campaign, grassroots):
    c = campaign()
    f = io.BytesIO(b"name,amount\nx,1\n")
    f.name = "x.csv"
    response = api("caseworker2").post(
        f"/api/campaigns/{c['id']}/lists/import/",
        {"file": f, "org_unit": grassroots[0].pk},
        format="multipart",
    )
    assert_error(response, 400, "invalid_file")
