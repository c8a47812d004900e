"""The work report's legal figures (GET /api/reports/summary/):
consultations by channel and category, union mediation beside the court's
referrals, each counted in the user's subtree only."""

from __future__ import annotations

from django.utils import timezone

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
