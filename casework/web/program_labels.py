"""The words of the newer programs that ``labels.py`` merges into its
tables: campaigns (PROCESSES.md §4: the actions, the keys of a list's case
facts, the values — kinds, tiers, student levels, the list's documents) and
the legal services (§5: the consultation's facts and its follow-up)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from casework.campaigns.models import CampaignKind, StudentLevel, TierPer
from casework.campaigns.statuses import CampaignListStatus
from casework.legal.aid_rules import (
    AMOUNT_BELOW_MINIMUM,
    AMOUNT_REACHED,
    INCOME_ABOVE_CEILING,
    INCOME_BELOW_CEILING,
    MIGRANT_EXEMPT,
)
from casework.legal.models import AidResult
from casework.legal.statuses import LegalAidStatus
from casework.reconsideration.models import Decision
from casework.reconsideration.statuses import ReconsiderationStatus

__all__ = ["ACTIONS_CP", "FIELDS_CP", "PROGRAMS_CP", "STATUSES_CP", "VALUES_CP"]

# the newer programs' names, and their case statuses as each declares them
PROGRAMS_CP: dict[str, Any] = {
    "campaign": _("Seasonal relief campaign"),
    "legal_aid": _("Legal aid"),
    "reconsideration": _("Reconsideration"),
}
STATUSES_CP = (CampaignListStatus, LegalAidStatus, ReconsiderationStatus)

ACTIONS_CP: dict[str, Any] = {
    "verify": _("Verify"),
    "close": _("Close"),
    # the consultation's follow-up
    "done": _("Record the result"),
    # reconsideration (PROCESSES.md §6)
    "uphold": _("Uphold the decision"),
    "overturn": _("Overturn the decision"),
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
    "recipients": _("Recipients"),  # the revised list (campaign revise)
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
    # a legal-aid application (PROCESSES.md §5)
    "applicant": _("Applicant"),
    "applicant.member": _("Member"),
    "applicant.name": _("Applicant's name"),
    "applicant.id_number": _("Applicant's ID number"),
    "applicant.phone": _("Applicant's phone"),
    "claim": _("Subject of the dispute"),
    "amount_in_dispute": _("Amount in dispute"),
    "household_monthly_income": _("Household monthly income"),
    "migrant_worker": _("Migrant worker"),
    "means_test": _("Means test"),
    "means_test.eligible": _("Eligible"),
    "means_test.reasons": _("Reasons"),
    "means_test.per_capita_income": _("Income per person per month"),
    "means_test.income_ceiling": _("Income ceiling of the unit"),
    "reopened_from": _("Reopened from"),
    "refusal_reason": _("Reason for refusal"),
    "lawyer": _("Lawyer"),
    "firm": _("Law firm"),
    "assigned_on": _("Assigned on"),
    "amount_recovered": _("Amount recovered"),
    "closing_report": _("Closing report attached"),
    # a reconsideration (PROCESSES.md §6)
    "original": _("Decision reconsidered"),
    "original_decided": _("Original decision on"),
    "decision": _("Outcome of the request"),
    "decision_reason": _("Reason of the outcome"),
    "decided_at": _("Decided on"),
    "reopened_as": _("Case reopened"),
    "reconsideration": _("Reconsideration"),
    # what a reconsideration's events on the cases it touches carry
    "case_number": _("Case number"),
    "action": _("Outcome of the request"),
}
# a fact whose name another program uses for something else: read per program
# first (a consultation's ``category`` is its dispute's, not a hardship category)
FIELDS_BY_PROGRAM: dict[str, dict[str, Any]] = {
    "consultation": {
        "category": _("Consultation category"),
        "outcome": _("Outcome of the consultation"),
    },
}
VALUES_CP: dict[str, Any] = {
    **{c.value: c.label for choices in (CampaignKind, TierPer, StudentLevel) for c in choices},
    **{c.value: c.label for c in Decision},
    "campaign_notice": _("campaign public notice list"),
    "campaign_sign_sheet": _("grant sign-for sheet"),
    # the referral type's model label names the Chinese term for the forms
    "union": _("union mediation"),
    # legal aid: the results, the means test's reasons, its documents
    **{c.value: c.label for c in AidResult},
    MIGRANT_EXEMPT: _("a migrant worker's wage or work-injury claim: exempt from the means test"),
    AMOUNT_REACHED: _("the amount in dispute reaches the minimum"),
    AMOUNT_BELOW_MINIMUM: _("the amount in dispute is below the minimum"),
    INCOME_BELOW_CEILING: _("income per person below the unit's ceiling"),
    INCOME_ABOVE_CEILING: _("income per person at or above the unit's ceiling"),
    "closing_report": _("closing report"),
    "generated:legal_aid_refusal": _("legal-aid refusal letter"),
    "generated:legal_aid_delegation": _("legal-aid delegation letter"),
}
