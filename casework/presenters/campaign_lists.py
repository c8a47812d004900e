"""A nomination list as the task pages show it (PROCESSES.md §4): one page
of its recipients (names, masked ID numbers, tier, cash and goods, status),
the list's totals by status, the campaign's budget used and left and what
the list would add, and the issue's progress. A fixed number of queries
whatever the list's length: the list with its campaign, one grouped count
of the recipients by status, one page of rows with their member and tier.
A table is a list: ID numbers are always masked here, so nothing is
logged as viewed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from casework.campaigns.models import CampaignKind, CampaignList, Recipient, RecipientStatus
from casework.campaigns.selectors import grants_of_member_user, recipients_of
from casework.campaigns.statuses import CampaignListStatus
from casework.core.masking import mask_id_number
from casework.core.models import Case

ZERO = Decimal("0.00")
PAGE_SIZE = 100
# what the approval would add to the campaign's approved total
PENDING = (RecipientStatus.NOMINATED, RecipientStatus.VERIFIED)
ISSUED = (RecipientStatus.ISSUED, RecipientStatus.SIGNED)
# the grants finance works through: issued, or approved and still to issue
TO_ISSUE = (RecipientStatus.APPROVED, *ISSUED)


@dataclass(frozen=True)
class ListView:
    """Which rows the page shows: a page number, and the approved grants
    not issued yet only."""

    page: int = 1
    unissued_only: bool = False


def recipient_row(r: Recipient) -> dict[str, Any]:
    """One recipient as a row of the list's table (the ID number masked)."""
    return {
        "id": r.pk,
        "name": r.member.name,
        "id_number": mask_id_number(r.member.id_number),
        "tier": r.tier.label,
        "cash": r.tier.cash,
        "goods_value": r.tier.goods_value,
        "amount": r.tier.cash + r.tier.goods_value,
        "note": r.note,
        "status": r.status,
        "status_label": RecipientStatus(r.status).label,
        "reason": r.reason,
        "student": r.student_name,
        "issued_method": r.issued_method,
        "issued_reference": r.issued_reference,
        "issued_on": r.issued_on,
        "signed_on": r.signed_on,
        "signed_by": r.signed_by,
    }


def _by_status(cl: CampaignList) -> dict[str, dict[str, Any]]:
    """Per status: how many recipients, their cash and their goods value."""
    rows = cl.recipients.values("status").annotate(
        n=Count("pk"), cash=Sum("tier__cash"), goods=Sum("tier__goods_value")
    )
    return {
        row["status"]: {
            "n": row["n"],
            "cash": Decimal(row["cash"] or 0).quantize(ZERO),
            "goods": Decimal(row["goods"] or 0).quantize(ZERO),
        }
        for row in rows
    }


def _sum(by_status: dict[str, dict[str, Any]], statuses: tuple[str, ...]) -> dict[str, Any]:
    found = [by_status[s] for s in statuses if s in by_status]
    cash = sum((f["cash"] for f in found), ZERO)
    goods = sum((f["goods"] for f in found), ZERO)
    return {"n": sum(f["n"] for f in found), "cash": cash, "goods": goods, "total": cash + goods}


def _budget(cl: CampaignList, by_status: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The campaign's budget used and left, and — while the list is not
    approved — what its verified (and still nominated) recipients would add."""
    campaign = cl.campaign
    remaining = campaign.budget - campaign.approved_total
    adds = _sum(by_status, PENDING)["total"] if cl.approved_by_id is None else ZERO
    return {
        "budget": campaign.budget,
        "used": campaign.approved_total,
        "issued": campaign.issued_total,
        "remaining": remaining,
        "adds": adds,
        "left_after": remaining - adds,
        "over_budget": adds > remaining,
        "approved_total": cl.approved_total,
    }


def _progress(by_status: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Issued n of m grants, amount issued X of Y (unreachable grants are
    not to issue: they went back to the budget)."""
    issued, grants = _sum(by_status, ISSUED), _sum(by_status, TO_ISSUE)
    return {
        "issued": issued["n"],
        "grants": grants["n"],
        "issued_amount": issued["total"],
        "grants_amount": grants["total"],
        "signed": by_status.get(RecipientStatus.SIGNED, {}).get("n", 0),
        "left": by_status.get(RecipientStatus.APPROVED, {}).get("n", 0),
        "unreachable": by_status.get(RecipientStatus.UNREACHABLE, {}).get("n", 0),
        "done": grants["n"] > 0 and issued["n"] == grants["n"],
    }


def _page(count: int, number: int) -> dict[str, Any]:
    pages = max(1, -(-count // PAGE_SIZE))
    number = min(max(1, number), pages)
    return {
        "number": number,
        "pages": pages,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
        "start": (number - 1) * PAGE_SIZE,
    }


def campaign_list_work(case: Case, view: ListView) -> dict[str, Any]:
    """What the task pages show of the list ``case``: its campaign, the
    counts and totals, the budget, the issue's progress and one page of
    recipients (``view``)."""
    cl = CampaignList.objects.select_related("campaign").get(case=case)
    by_status = _by_status(cl)
    everyone = tuple(RecipientStatus.values)
    shown = (RecipientStatus.APPROVED,) if view.unissued_only else everyone
    page = _page(_sum(by_status, shown)["n"], view.page)
    rows = recipients_of(cl)
    if view.unissued_only:
        rows = rows.filter(status=RecipientStatus.APPROVED)
    rows = rows[page["start"] : page["start"] + PAGE_SIZE]
    campaign = cl.campaign
    return {
        "campaign": {
            "id": campaign.pk,
            "title": campaign.title,
            "kind": campaign.kind,
            "year": campaign.year,
        },
        "golden_autumn": campaign.kind == CampaignKind.GOLDEN_AUTUMN,
        "counts": [
            {"status": c.value, "label": c.label, "n": by_status[c.value]["n"]}
            for c in RecipientStatus
            if c.value in by_status
        ],
        "recipients": _sum(by_status, everyone)["n"],
        "listed": _sum(by_status, tuple(s for s in everyone if s != RecipientStatus.EXCLUDED)),
        "budget": _budget(cl, by_status),
        "progress": _progress(by_status),
        "rows": [recipient_row(r) for r in rows],
        "page": page,
        "view": view,
    }


def grant_row(r: Recipient) -> dict[str, Any]:
    """One grant of a member: the campaign, the tier's cash and goods, and
    where it stands (issued, signed for)."""
    return {
        "id": r.pk,
        "case_number": r.campaign_list.case.case_number,
        "campaign": r.campaign.title,
        "kind": r.campaign.kind,
        "year": r.campaign.year,
        "tier": r.tier.label,
        "cash": r.tier.cash,
        "goods_value": r.tier.goods_value,
        "status": r.status,
        "status_label": RecipientStatus(r.status).label,
        "issued_on": r.issued_on,
        "signed_on": r.signed_on,
    }


def own_grants(user: Any) -> list[dict[str, Any]]:
    """The grants of the member logged in as ``user`` (their own), newest
    first, in one query."""
    return [grant_row(r) for r in grants_of_member_user(user)]


def member_grants(member_id: int) -> list[dict[str, Any]]:
    """A member's grants for the member file (of a member the caller may
    read: grants are the member's own payments, whoever may read the file),
    newest first, in one query; lists withdrawn left out."""
    grants = (
        Recipient.objects.filter(member_id=member_id)
        .exclude(campaign_list__case__case_status=CampaignListStatus.WITHDRAWN)
        .select_related("campaign", "tier", "campaign_list__case")
        .order_by("-id")
    )
    return [grant_row(r) for r in grants]
