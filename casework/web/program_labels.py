"""The words of the newer programs that ``labels.py`` merges into its
tables: campaigns (PROCESSES.md §4: the actions, the keys of a list's case
facts, the values — kinds, tiers, student levels, the list's documents) and
the legal services (§5: the consultation's facts and its follow-up)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from casework.campaigns.models import CampaignKind, StudentLevel, TierPer
from casework.campaigns.statuses import CampaignListStatus

__all__ = ["ACTIONS_CP", "FIELDS_CP", "VALUES_CP", "CampaignListStatus"]

ACTIONS_CP: dict[str, Any] = {
    "verify": _("Verify"),
    "close": _("Close"),
    # the consultation's follow-up
    "done": _("Record the result"),
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
    "recipient": _("Recipient"),
    # a consultation (PROCESSES.md §5)
    "channel": _("Channel"),
    "slot": _("Duty slot"),
    "visitor.name": _("Visitor"),
    "visitor.id_number": _("Visitor's ID number"),
    "visitor.id_refused": _("ID number refused"),
    "visitor.phone": _("Visitor's phone"),
    "facts": _("Facts"),
    "advice": _("Advice"),
    "referred_to": _("Referred to"),
    "follow_up_on": _("Follow-up on"),
    "follow_up_result": _("Follow-up result"),
    "result": _("Result"),
    "referral": _("Case opened by the referral"),
    "consultation": _("Consultation"),
}
VALUES_CP: dict[str, Any] = {
    **{c.value: c.label for choices in (CampaignKind, TierPer, StudentLevel) for c in choices},
    "campaign_notice": _("campaign public notice list"),
    "campaign_sign_sheet": _("grant sign-for sheet"),
    # the referral type's model label names the Chinese term for the forms
    "union": _("union mediation"),
}
