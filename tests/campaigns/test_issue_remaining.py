"""``POST /api/campaign-lists/{n}/issue-remaining/`` (finance, while
``disburse`` is open): every approved grant not yet issued, issued at once
against one voucher — one payment each in the member's file, one audit
event naming them, the campaign's figures moved once; the grants issued,
signed or unreachable before are left as they are."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.models import Payment

from .conftest import assert_error, campaign_row, listed, recipients_of, written

TODAY = timezone.localdate


def _approved(api, c, unit, members) -> str:
    n = listed(api, c, unit, [{"member": m.pk, "tier": "hard"} for m in members])["case_number"]
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    return n


def _remaining(api, n, who="finance"):
    return api(who).post(
        f"/api/campaign-lists/{n}/issue-remaining/",
        {"method": "cash", "reference": "PZ-2026-12", "issued_on": TODAY().isoformat()},
    )


def test_the_remaining_grants_are_issued_at_once_and_the_list_closes(
    api, campaign, grassroots, own_members
):
    c = campaign()
    n = _approved(api, c, grassroots[0], own_members[:3])
    first, second, third = (r["id"] for r in recipients_of(api, n))
    one = api("finance").post(
        f"/api/campaign-lists/{n}/recipients/{first}/issue/",
        {"method": "bank_transfer", "reference": "T1", "issued_on": TODAY().isoformat()},
    )
    assert one.status_code == 200
    gone = api("finance").post(
        f"/api/campaign-lists/{n}/recipients/{second}/unreachable/", {"reason": "外出务工"}
    )
    assert gone.status_code == 200
    events_before = AuditEvent.objects.filter(case__case_number=n, type="payment_made").count()

    done = _remaining(api, n)
    assert done.status_code == 200, done.json()
    assert done.json() == {"issued": 1, "amount": "3000.00", "recipients": [third]}
    by_id = {r["id"]: r for r in recipients_of(api, n)}
    assert by_id[first]["issued"]["method"] == "bank_transfer"  # left as it was
    assert by_id[second]["status"] == "unreachable"
    assert by_id[third]["status"] == "issued"
    assert by_id[third]["issued"] == {
        "method": "cash",
        "reference": "PZ-2026-12",
        "issued_on": TODAY().isoformat(),
    }
    assert Payment.objects.filter(case__case_number=n).count() == 2
    events = AuditEvent.objects.filter(case__case_number=n, type="payment_made")
    assert events.count() == events_before + 1
    assert events.last().data["items"] == [third]
    figures = campaign_row(c)
    assert figures.person_times == 2 and figures.issued_total == Decimal("6000.00")
    # nothing left: an empty answer, nothing written; then the list closes
    before = written()
    assert _remaining(api, n).json() == {"issued": 0, "amount": "0.00", "recipients": []}
    assert written() == before
    assert api("finance").complete(n, "disburse", "close").status_code == 200


def test_only_finance_issues_and_only_while_the_issue_is_open(
    api, campaign, grassroots, own_members
):
    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])[
        "case_number"
    ]
    before = written()
    assert_error(_remaining(api, n), 409, "wrong_state")
    assert_error(_remaining(api, n, "caseworker"), 403)
    assert_error(_remaining(api, n, "supervisor"), 403)
    assert written() == before
    assert campaign_row(c).person_times == 0


def test_every_field_a_list_writes_into_the_chain_is_classified(
    api, campaign, grassroots, own_members
):
    from casework.core.classification import fields_unclassified

    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": m.pk, "tier": "hard"} for m in own_members[:2]])[
        "case_number"
    ]
    assert api("caseworker").complete(n, "review", "return", reason="更正").status_code == 200
    lines = [f"{m.pk}, deep, 更正" for m in own_members[:2]]
    assert api("caseworker2").complete(n, "revise", "resubmit", recipients=lines).status_code == 200
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    assert _remaining(api, n).status_code == 200
    assert api("finance").complete(n, "disburse", "close").status_code == 200
    events = AuditEvent.objects.filter(case__case_number=n)
    assert {e.type for e in events} >= {"task_completed", "payment_made", "list_approved"}
    unclassified = {(e.type, k) for e in events for k in fields_unclassified("campaign", e.data)}
    assert unclassified == set(), sorted(unclassified)
