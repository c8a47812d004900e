"""Reads of reconsideration: the facts a case shows (``data`` of GET
/api/cases/{n}/) and the work report's figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from casework.core.models import Case

from .models import Decision, Reconsideration


def reconsideration_of(case: Case) -> Reconsideration:
    return Reconsideration.objects.select_related(
        "original", "reopened_as", "decided_by", "requested_by"
    ).get(case=case)


def reconsideration_case_data(case: Case, user: Any) -> dict[str, Any]:
    """The request and its decision: the original case (its number, program,
    status and when it was decided), the member's reason, the decision with
    its reason, and the case an overturn reopened."""
    rec = reconsideration_of(case)
    original = rec.original
    return {
        "original": original.case_number,
        "original_program": original.program,
        "original_status": original.case_status,
        "original_decided": original.closed,
        "reason": rec.reason,
        "decision": rec.decision or None,
        "decision_reason": rec.decision_reason or None,
        "decided_at": rec.decided_at,
        "reopened_as": rec.reopened_as.case_number if rec.reopened_as else None,
    }


def reconsideration_report(year: int, unit_path: str | None) -> dict[str, int]:
    """The work report's figures: requests received in ``year`` in
    ``unit_path``'s subtree (all when None), and how many were upheld and
    overturned. One query."""
    rows = Reconsideration.objects.filter(case__created__year=year)
    if unit_path is not None:
        rows = rows.filter(case__org_unit__path__startswith=unit_path)
    figures = rows.aggregate(
        received=Count("pk"),
        upheld=Count("pk", filter=Q(decision=Decision.UPHOLD)),
        overturned=Count("pk", filter=Q(decision=Decision.OVERTURN)),
    )
    return {key: int(figures[key] or 0) for key in ("received", "upheld", "overturned")}
