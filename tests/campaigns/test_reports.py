"""The summary's campaign figures per kind (lists, person-times, cash,
goods value, total), scoped to the report's subtree, and in the workbook."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from .conftest import listed, recipients_of


def test_the_summary_counts_issued_grants_per_kind(api, campaign, grassroots, own_members):
    c = campaign()
    n = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "hard"},
            {"member": own_members[1].pk, "tier": "deep"},
        ],
    )["case_number"]
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    first = recipients_of(api, n)[0]["id"]
    issued = api("finance").post(
        f"/api/campaign-lists/{n}/recipients/{first}/issue/",
        {"method": "cash", "reference": "r", "issued_on": timezone.localdate().isoformat()},
    )
    assert issued.status_code == 200
    year = timezone.localdate().year
    summary = api("supervisor").get("/api/reports/summary/", year=year).json()
    assert summary["campaigns"]["winter_warmth"] == {
        "lists": 1,
        "person_times": 1,
        "cash": "2500.00",
        "goods_value": "500.00",
        "total": "3000.00",
    }
    assert summary["campaigns"]["golden_autumn"]["lists"] == 0
    other_unit = (
        api("supervisor").get("/api/reports/summary/", year=year, org_unit=grassroots[1].pk).json()
    )
    assert other_unit["campaigns"]["winter_warmth"]["lists"] == 0
    book = api("supervisor").get("/api/reports/summary.xlsx", year=year)
    assert book.status_code == 200
    sheets = load_workbook(io.BytesIO(book.content)).sheetnames
    assert "帮扶慰问活动" in sheets


def test_the_grants_issued_are_in_the_monthly_series_the_workbook_and_the_reports_page(
    api, campaign, grassroots, own_members, web
):
    c = campaign()
    n = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "hard"},
            {"member": own_members[1].pk, "tier": "deep"},
        ],
    )["case_number"]
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    today = timezone.localdate()
    done = api("finance").post(
        f"/api/campaign-lists/{n}/issue-remaining/",
        {"method": "cash", "reference": "PZ", "issued_on": today.isoformat()},
    )
    assert done.status_code == 200
    monthly = api("supervisor").get("/api/reports/monthly/", year=today.year).json()
    row = monthly["months"][today.month - 1]
    assert row["campaign_person_times"] == 2 and row["campaign_issued_amount"] == "3900.00"
    others = [m for m in monthly["months"] if m["month"] != today.month]
    assert all(m["campaign_person_times"] == 0 for m in others)
    other_unit = api("supervisor").get(
        "/api/reports/monthly/", year=today.year, org_unit=grassroots[1].pk
    )
    assert other_unit.json()["months"][today.month - 1]["campaign_person_times"] == 0

    book = api("supervisor").get("/api/reports/summary.xlsx", year=today.year)
    sheet = load_workbook(io.BytesIO(book.content))["月度"]
    header = [cell.value for cell in sheet[1]]
    values = [cell.value for cell in sheet[1 + today.month]]
    assert values[header.index("慰问活动发放人次")] == 2
    assert float(values[header.index("慰问活动发放金额（元）")]) == 3900.0

    page = web("supervisor", "zh-hans").get("/reports/", {"year": today.year})
    html = page.content.decode()
    section = html.split('data-testid="report-campaigns"')[1].split("</section>")[0]
    assert "<th>送温暖</th>" in section and "Winter" not in section
    assert 'data-figure="campaigns.winter_warmth.person_times">2<' in section
    assert 'data-figure="campaigns.winter_warmth.total">3900.00<' in section
    assert "每月慰问发放人次" in section and "<svg" in section
    monthly_table = html.split('data-testid="report-monthly"')[1]
    assert f'data-figure="months.{today.month}.campaign_person_times">2<' in monthly_table
