"""Reads of reconsideration: the facts a case shows (``data`` of GET
/api/cases/{n}/) and the work report's figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from casework.core.models import Case
from casework.core.parameters import param_int

from . import rules
from .models import Decision, Reconsideration


def reconsideration_of(case: Case) -> Reconsideration:
    return Reconsideration.objects.select_related(
        "original", "reopened_as", "decided_by", "requested_by"
    ).get(case=case)


def reconsideration_case_data(case: Case, user: Any) -> dict[str, Any]:
    """The request and its decision: the original case (its number and when
    it was decided; its program and status are the original's own page's),
    the member's reason, the decision with its reason, and the case an
    overturn reopened."""
    rec = reconsideration_of(case)
    original = rec.original
    return {
        "original": original.case_number,
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


def reconsideration_offer(case: Case) -> dict[str, Any] | None:
    """What the case pages offer about reconsideration of ``case``: the
    request already made (``existing``), or whether one may be asked for now
    and the last day to ask (``ends_on``); None when the case holds no
    decision that may be reconsidered."""
    if not rules.may_be_reconsidered(case.program, case.case_status):
        return None
    existing = (
        Reconsideration.objects.filter(original=case)
        .values_list("case__case_number", "case__case_status")
        .first()
    )
    decided = timezone.localdate(case.closed) if case.closed else timezone.localdate()
    ends_on = rules.window_ends(decided, param_int("reconsideration.window_days"))
    return {
        "existing": {"case_number": existing[0], "status": existing[1]} if existing else None,
        "ends_on": ends_on,
        "open": existing is None and timezone.localdate() <= ends_on,
    }
