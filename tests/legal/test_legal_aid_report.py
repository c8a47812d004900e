"""Legal aid in the work report: applications, the cases closed by result
and the amount recovered — in the summary API, the summary workbook and on
the reports page — each counted in the user's subtree only."""

from __future__ import annotations

import io

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.legal.aid_helpers import apply, closing_report_attach
from tests.mediation.conftest import non_member_worker


def _won(api, recovered: str, **overrides) -> str:
    number = apply(api, migrant_worker=True, **overrides)["case_number"]
    api("caseworker").complete(number, "review", "accept")
    api("supervisor").complete(number, "approve", "approve")
    api("caseworker").complete(number, "assign", "assign", lawyer="韦明", firm="某律师事务所")
    closing_report_attach(api, number)
    closed = api("caseworker").complete(
        number, "close", "close", result="won", amount_recovered=recovered
    )
    assert closed.status_code == 200, closed.json()
    return number


def test_legal_aid_is_counted_by_result_with_the_amount_recovered(api, users):
    _won(api, "8000.00")
    refused = apply(
        api, applicant={"name": "韦工人", "id_number": non_member_worker(8)["id_number"]}
    )
    api("caseworker").complete(refused["case_number"], "review", "refuse", reason="不符合条件")
    year = timezone.localdate().year
    figures = api("supervisor").get("/api/reports/summary/", year=year).json()["legal"]["legal_aid"]
    assert figures == {
        "applications": 2,
        "by_result": {"won": 1, "settled": 0, "lost": 0, "withdrawn": 0},
        "amount_recovered": "8000.00",
    }
    theirs = api("caseworker2").get("/api/reports/summary/", year=year).json()["legal"]
    assert theirs["legal_aid"]["applications"] == 0

    book = api("supervisor").client.get("/api/reports/summary.xlsx", {"year": year})
    assert book.status_code == 200
    # the workbook is in the site's language
    sheet = load_workbook(io.BytesIO(book.content))["法律援助"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert rows["法律援助申请件数"] == 2
    assert rows["已办结: 胜诉"] == 1
    assert float(rows["追回金额（元）"]) == 8000.0

    web = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    web.force_login(users["supervisor"])
    page = web.get("/reports/", {"year": year}).content.decode()
    assert 'data-testid="report-legal-aid"' in page
    assert 'data-figure="legal.legal_aid.by_result.won">1<' in page
    assert "胜诉" in page and "8000.00" in page
