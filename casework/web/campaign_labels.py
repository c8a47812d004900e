"""The words of the campaign program (PROCESSES.md §4) that ``labels.py``
merges into its tables: the actions, the keys of a list's case facts, and
the values (kinds, tiers, student levels, the list's documents)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from casework.campaigns.models import CampaignKind, StudentLevel, TierPer
from casework.campaigns.statuses import CampaignListStatus

__all__ = ["ACTIONS_CP", "FIELDS_CP", "VALUES_CP", "CampaignListStatus"]

ACTIONS_CP: dict[str, Any] = {
    "verify": _("Verify"),
    "close": _("Close"),
}
FIELDS_CP: dict[str, Any] = {
    "approved_total": _("Approved total"),
    "issued_amount": _("Amount issued"),
    "issued_count": _("Grants issued"),
    "to_issue_count": _("Grants to issue"),
    "total_cash": _("Cash total"),
    "total_goods": _("Goods value total"),
    "campaign.id": _("Campaign"),
    "campaign.kind": _("Campaign kind"),
    "campaign.title": _("Campaign title"),
    "campaign.year": _("Campaign year"),
    "campaign.approved_total": _("Campaign: approved total"),
    "campaign.issued_total": _("Campaign: issued total"),
    "campaign.remaining": _("Campaign: budget left"),
    "campaign.person_times": _("Campaign: person-times"),
}
VALUES_CP: dict[str, Any] = {
    **{c.value: c.label for choices in (CampaignKind, TierPer, StudentLevel) for c in choices},
    "campaign_notice": _("campaign public notice list"),
    "campaign_sign_sheet": _("grant sign-for sheet"),
}
