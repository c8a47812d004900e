"""Reads of the campaign program: the campaigns a user may see, a campaign's
figures, and the case data of a nomination list (``GET /api/cases/{n}/``).
A list's recipients are read in one query with their member and tier: no
query per recipient, however long the list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from casework.core.access import is_case_staff, user_roles, user_unit
from casework.core.masking import mask_id_number
from casework.core.models import Case
from casework.core.roles import MEMBER

from .models import Campaign, CampaignKind, CampaignList, Recipient, RecipientStatus
from .statuses import CampaignListStatus

ZERO = Decimal("0.00")
# the recipients whose grant counts against the budget once the list is approved
GRANTED = (
    RecipientStatus.APPROVED,
    RecipientStatus.ISSUED,
    RecipientStatus.SIGNED,
    RecipientStatus.UNREACHABLE,
)
ISSUED = (RecipientStatus.ISSUED, RecipientStatus.SIGNED)


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns of the user's subtree and of the units above it (those the
    user's unit may nominate to); staff only."""
    qs = Campaign.objects.select_related("org_unit")
    if user.is_superuser:
        return qs
    unit = user_unit(user)
    if unit is None or not is_case_staff(user):
        return qs.filter(pk__lt=0)  # none, as SQL (a paged count of .none() cannot be keyed)
    above = [int(part) for part in unit.path.strip("/").split("/") if part]
    return qs.filter(Q(org_unit__path__startswith=unit.path) | Q(org_unit_id__in=above))


def campaign_figures(campaign: Campaign) -> dict[str, Any]:
    """The live figures (kept by the services under the campaign's lock)."""
    return {
        "approved_total": campaign.approved_total,
        "issued_total": campaign.issued_total,
        "remaining": campaign.budget - campaign.approved_total,
        "person_times": campaign.person_times,
    }


def recipients_of(campaign_list: CampaignList) -> QuerySet[Recipient]:
    return campaign_list.recipients.select_related("member", "tier").order_by("id")


def list_totals(recipients: list[Recipient], statuses: tuple[str, ...]) -> tuple[Decimal, Decimal]:
    """(cash, goods value) of the recipients in ``statuses``."""
    cash = sum((r.tier.cash for r in recipients if r.status in statuses), ZERO)
    goods = sum((r.tier.goods_value for r in recipients if r.status in statuses), ZERO)
    return cash, goods


def recipient_dict(r: Recipient, kind: str = "") -> dict[str, Any]:
    """One recipient as the case data and the recipient endpoints show it
    (the student's ID number masked)."""
    data: dict[str, Any] = {
        "id": r.pk,
        "member": r.member_id,
        "name": r.member.name,
        "tier": r.tier.code,
        "cash": r.tier.cash,
        "goods_value": r.tier.goods_value,
        "note": r.note,
        "household": r.household,
        "status": r.status,
        "reason": r.reason,
        "issued": (
            {"method": r.issued_method, "reference": r.issued_reference, "issued_on": r.issued_on}
            if r.issued_on
            else None
        ),
        "signed": {"signed_on": r.signed_on, "signed_by": r.signed_by} if r.signed_on else None,
    }
    if r.student_name or kind == "golden_autumn":
        data["student"] = {
            "name": r.student_name,
            "id_number": mask_id_number(r.student_id_number),
            "school": r.school,
            "level": r.level,
        }
    return data


def campaign_case_data(case: Case, user: Any) -> dict[str, Any]:
    """The list's campaign, recipients and totals (cash and goods of the
    recipients not excluded), and the budget figures of the campaign."""
    cl = CampaignList.objects.select_related("campaign").get(case=case)
    campaign = cl.campaign
    recipients = list(recipients_of(cl))
    counted = tuple(s for s in RecipientStatus.values if s != RecipientStatus.EXCLUDED)
    cash, goods = list_totals(recipients, counted)
    issued = sum((r.amount for r in recipients if r.status in ISSUED), ZERO)
    return {
        "campaign": {
            "id": campaign.pk,
            "kind": campaign.kind,
            "title": campaign.title,
            "year": campaign.year,
            **campaign_figures(campaign),
        },
        "recipients": [recipient_dict(r, campaign.kind) for r in recipients],
        "total_cash": cash,
        "total_goods": goods,
        "approved_total": cl.approved_total,
        "notice_ends_on": cl.notice_ends_on,
        "issued_count": sum(1 for r in recipients if r.status in ISSUED),
        "to_issue_count": sum(1 for r in recipients if r.status in GRANTED),
        "issued_amount": issued,
    }


def grants_of_member_user(user: Any) -> QuerySet[Recipient]:
    """A member's own grants (the recipients that are them), newest first."""
    if MEMBER not in user_roles(user):
        return Recipient.objects.none()
    return (
        Recipient.objects.filter(member__user=user)
        .exclude(campaign_list__case__case_status=CampaignListStatus.WITHDRAWN)
        .select_related("campaign", "tier", "member", "campaign_list__case")
        .order_by("-id")
    )


def campaign_report(year: int, unit_path: str | None) -> dict[str, dict[str, Any]]:
    """The work report's campaign figures per kind for the lists of
    ``unit_path``'s subtree (all when None) in campaigns of ``year``: lists
    (not withdrawn or rejected), person-times (grants issued), cash, goods
    value and total issued. One grouped query, whatever the volume."""
    lists = CampaignList.objects.filter(campaign__year=year).exclude(
        case__case_status__in=(CampaignListStatus.WITHDRAWN, CampaignListStatus.REJECTED)
    )
    if unit_path is not None:
        lists = lists.filter(case__org_unit__path__startswith=unit_path)
    issued = Q(recipients__status__in=ISSUED)
    rows = {
        row["campaign__kind"]: row
        for row in lists.values("campaign__kind").annotate(
            lists=Count("pk", distinct=True),
            person_times=Count("recipients", filter=issued),
            cash=Sum("recipients__tier__cash", filter=issued),
            goods_value=Sum("recipients__tier__goods_value", filter=issued),
        )
    }
    report = {}
    for kind in CampaignKind.values:
        row: dict[str, Any] = dict(rows.get(kind, {}))
        cash = Decimal(row.get("cash") or 0).quantize(ZERO)
        goods = Decimal(row.get("goods_value") or 0).quantize(ZERO)
        report[kind] = {
            "lists": row.get("lists", 0),
            "person_times": row.get("person_times", 0),
            "cash": cash,
            "goods_value": goods,
            "total": cash + goods,
        }
    return report
