"""Reconsiderations in the work report: received, upheld and overturned in
the summary API, its workbook and the reports page (PROCESSES.md, Reports)."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.reconsideration.helpers import claim_rejected, relief_rejected, requested


def test_received_upheld_and_overturned_in_the_summary_workbook_and_page(
    api, member, own_unit_member, other_unit_member
):
    upheld = requested(api("caseworker"), relief_rejected(api, member))["case_number"]
    overturned = requested(api("caseworker"), claim_rejected(api, own_unit_member))
    api("supervisor").complete(upheld, "review", "uphold", reason="维持")
    api("supervisor2").complete(overturned["case_number"], "review", "overturn", reason="撤销")
    pending = relief_rejected(api, other_unit_member)
    requested(api("caseworker"), pending)

    figures = api("supervisor").get("/api/reports/summary/").json()["reconsideration"]
    assert figures == {"received": 3, "upheld": 1, "overturned": 1}

    response = api("supervisor").client.get("/api/reports/summary.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["复核"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [("收到申请", "维持", "撤销"), (3, 1, 1)]

    web = Client(headers={"accept-language": "en"})
    web.force_login(api("supervisor").user)
    html = web.get(reverse("reports:index")).content.decode()
    assert 'data-figure="reconsideration.received">3<' in html
    assert 'data-figure="reconsideration.overturned">1<' in html
    assert "Reconsideration requests" in html  # the chart's title
