"""A relief case from the caseworker's queue to closed, through the pages
(Django's test client posting the same forms a browser would)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.models import Payment
from casework.web.labels import label
from tests.conftest import end_public_notice

from .conftest import case_status, open_task_id


def test_a_relief_case_goes_from_the_queue_to_closed_through_the_pages(web, relief_case, member):
    number = relief_case(member)
    caseworker = web("caseworker")

    queue = caseworker.get("/work/?scope=queue")
    assert queue.status_code == 200
    assert f'data-case="{number}" data-step="verify"' in queue.content.decode()

    verify = open_task_id(number, "verify")
    claimed = caseworker.post(f"/work/tasks/{verify}/", {"op": "claim"}, follow=True)
    assert claimed.status_code == 200
    assert "Task claimed." in claimed.content.decode()
    assert case_status(number) == "verifying"
    inbox = caseworker.get("/work/?scope=inbox").content.decode()
    assert f'data-case="{number}" data-step="verify"' in inbox

    today = timezone.localdate().isoformat()
    recommended = caseworker.post(
        f"/work/tasks/{verify}/",
        {
            "op": "complete",
            "action": "recommend",
            "visit_date": today,
            "verified_annual_income": "24000.00",
            "verified_rigid_expenses": "6000.00",
            "household_size": "3",
            "recommended_amount": "3000.00",
            "accident_costs": "",
            "notes": "入户核查属实",
        },
    )
    assert recommended.status_code == 302
    assert recommended["Location"] == f"/cases/{number}/"
    assert case_status(number) == "public_notice"

    end_public_notice(number)
    assert case_status(number) == "awaiting_approval"

    supervisor = web("supervisor")
    approve = open_task_id(number, "approve")
    page = supervisor.get(f"/work/tasks/{approve}/").content.decode()
    assert 'data-testid="do-approve"' in page
    approved = supervisor.post(
        f"/work/tasks/{approve}/",
        {"op": "complete", "action": "approve", "approved_amount": "3000.00", "comment": ""},
    )
    assert approved.status_code == 302
    assert case_status(number) == "approved"

    finance = web("finance")
    disburse = open_task_id(number, "disburse")
    paid = finance.post(
        f"/work/tasks/{disburse}/",
        {
            "op": "complete",
            "action": "pay",
            "amount": "3000.00",
            "method": "bank_transfer",
            "reference": "BANK-1",
            "paid_on": today,
        },
        follow=True,
    )
    assert paid.status_code == 200
    assert case_status(number) == "closed"
    assert Payment.objects.get(case__case_number=number).amount == Decimal("3000.00")

    # the case page: closed, no open task, the moves in the timeline
    html = paid.content.decode()
    assert 'data-status="closed"' in html
    assert "No open tasks." in html
    assert f"Payment: {label('pay', 'action')} done." in html
    for move in ("verifying", "public_notice", "awaiting_approval", "approved"):
        assert AuditEvent.objects.filter(
            case__case_number=number, type="status_changed", data__to=move
        ).exists()
    assert html.count('data-testid="status-move"') >= 4
    assert 'data-testid="closed"' in html
    # the finance user's done list has the payment step
    done = finance.get("/work/?scope=done").content.decode()
    assert f'data-case="{number}" data-step="disburse"' in done
