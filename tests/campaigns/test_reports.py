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
