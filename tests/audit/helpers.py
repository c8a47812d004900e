"""Cases driven through the API for the audit tests."""

from __future__ import annotations

from django.utils import timezone

from casework.core.models import Member
from tests.conftest import end_public_notice, recommendation


def drive_to_closed(api, member: Member) -> str:
    """Submit, claim, recommend, run out the notice, approve, pay."""
    number = api("caseworker").relief_case(member)["case_number"]
    cw = api("caseworker")
    task = cw.open_task(number, "verify")
    assert cw.post(f"/api/tasks/{task['id']}/claim/").status_code == 200
    assert cw.complete(number, "verify", "recommend", **recommendation()).status_code == 200
    end_public_notice(number)
    approved = api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    assert approved.status_code == 200, approved.json()
    paid = api("finance").complete(
        number,
        "disburse",
        "pay",
        amount="3000.00",
        method="bank_transfer",
        reference=f"BANK-{number}",
        paid_on=timezone.localdate().isoformat(),
    )
    assert paid.status_code == 200, paid.json()
    assert paid.json()["case"]["status"] == "closed"
    return number
