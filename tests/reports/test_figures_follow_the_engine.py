"""The summary counts from ``CaseFigures``, a copy of each case's facts:
the engine rewrites it at every step, so cases worked through the API show
in the report at once, and the copy equals a rebuild from the cases."""

from __future__ import annotations

from django.utils import timezone

from casework.reports.figures import figures_rebuild
from casework.reports.models import CaseFigures
from tests.conftest import end_public_notice, recommendation
from tests.mutual_aid.helpers import claim_approved, claim_case, claim_paid, enroll


def _summary(api) -> dict:
    response = api("supervisor").get("/api/reports/summary/", year=timezone.localdate().year)
    assert response.status_code == 200
    return response.json()


def _copy() -> list[dict]:
    return list(CaseFigures.objects.order_by("pk").values())


def test_cases_worked_through_the_api_are_counted_at_every_step(api, members):
    relief_member, claimant, rejected_claimant = members[0], members[1], members[2]
    assert _summary(api)["relief"]["applications"] == 0

    number = api("caseworker").relief_case(relief_member)["case_number"]
    relief = _summary(api)["relief"]
    assert (relief["applications"], relief["granted"], relief["paid"]) == (1, 0, 0)

    api("caseworker").complete(number, "verify", "recommend", **recommendation())
    end_public_notice(number)
    api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    relief = _summary(api)["relief"]
    assert (relief["granted"], relief["granted_amount"], relief["persons"]) == (1, "3000.00", 1)
    assert relief["by_category"]["deep"]["granted"] == 1

    paid = api("finance").complete(
        number,
        "disburse",
        "pay",
        amount="3000.00",
        method="bank_transfer",
        reference="BANK-1",
        paid_on=timezone.localdate().isoformat(),
    )
    assert paid.status_code == 200
    relief = _summary(api)["relief"]
    assert (relief["paid"], relief["paid_amount"]) == (1, "3000.00")

    for m in (claimant, rejected_claimant):
        enroll(m)
    claim_number = claim_case(api, claimant)["case_number"]
    amount = claim_approved(api, claim_number)["data"]["approved_amount"]
    assert claim_paid(api, claim_number, amount).status_code == 200
    rejected = claim_case(api, rejected_claimant)["case_number"]
    refused = api("caseworker").complete(
        rejected, "review", "reject", reason_code="documents_invalid"
    )
    assert refused.status_code == 200
    ma = _summary(api)["mutual_aid"]
    assert (ma["claims"], ma["approved"], ma["rejected"], ma["paid"]) == (2, 1, 1, 1)
    assert ma["paid_amount"] == amount
    assert ma["rejected_by_reason"]["documents_invalid"] == 1

    # the copy the engine kept equals one rebuilt from the cases
    kept = _copy()
    figures_rebuild()
    assert _copy() == kept


def test_a_withdrawn_case_keeps_its_application_and_shows_its_status(api, members):
    number = api("caseworker").relief_case(members[0])["case_number"]
    done = api("caseworker").post(f"/api/cases/{number}/withdraw/", {"reason": "撤回"})
    assert done.status_code == 200
    row = CaseFigures.objects.get(case__case_number=number)
    assert row.status == "withdrawn"
    assert _summary(api)["relief"]["applications"] == 1
