"""The work report's legal figures (GET /api/reports/summary/):
consultations by channel and category, union mediation beside the court's
referrals, each counted in the user's subtree only."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from tests.legal.conftest import in_days


def summary(api, who: str) -> dict:
    response = api(who).get("/api/reports/summary/", year=timezone.localdate().year)
    assert response.status_code == 200, response.json()
    return response.json()


def test_consultations_are_counted_by_channel_and_category(api, consult):
    consult()
    consult(channel="phone", category="contract", outcome="later", follow_up_on=in_days(2))
    consult(outcome="referred_mediation", category="overtime")
    legal = summary(api, "supervisor")["legal"]
    assert legal["consultations"] == 3
    assert legal["by_channel"] == {"visit": 2, "phone": 1, "online": 0, "hotline": 0}
    assert legal["by_category"]["wages"] == 1
    assert legal["by_category"]["contract"] == 1
    assert legal["by_category"]["overtime"] == 1
    assert legal["by_category"]["work_injury"] == 0
    mediation = summary(api, "supervisor")["mediation"]
    assert (mediation["union"], mediation["court"], mediation["referred"]) == (1, 0, 1)
    # the grassroots union's staff count nothing of the county's
    theirs = summary(api, "caseworker2")
    assert theirs["legal"]["consultations"] == 0
    assert theirs["mediation"]["union"] == 0


def test_an_unresolved_union_mediation_is_counted(api, consult):
    number = consult(outcome="referred_mediation")["data"]["referral"]
    api("coordinator").complete(number, "assign", "assign", mediator="mediator")
    api("mediator").complete(number, "mediate", "refuse", reason="单位拒绝")
    mediation = summary(api, "supervisor")["mediation"]
    assert mediation["unresolved"] == 1
    assert mediation["returned_to_court"] == 0


def test_the_case_list_workbook_has_a_consultation_sheet_without_the_visitors_id(api, consult):
    case = consult(outcome="referred_mediation")
    response = api("caseworker").client.get(
        "/api/cases/?format=xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content))
    sheet = book["法律咨询"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    row = next(r for r in rows if r[0] == case["case_number"])
    assert "来访" in row and "转工会调解" in row and case["data"]["referral"] in row
    text = " ".join(str(v) for r in rows for v in r if v)
    assert case["data"]["visitor"]["id_number"] not in text
