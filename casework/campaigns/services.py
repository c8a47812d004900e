"""Every write of the campaign program up to the approval (PROCESSES.md §4):
setting up a campaign, nominating a list (``list_intake``), the review, the
public notice and the approval within the budget. The issue of grants is
in ``disbursement.py``. Task actions are called by the engine inside its
transaction, with the flow locked; per-recipient writes outside the task
actions come through ``workflows.campaign_work`` under the same lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.access import user_roles, user_unit
from casework.core.calendar import add_working_days
from casework.core.case_records import case_close, history_note, history_noted
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.intake import CaseIntake
from casework.core.models import Case, OrgUnit
from casework.core.parameters import param_int
from casework.core.roles import SUPERVISOR

from . import rules
from .models import Campaign, CampaignKind, CampaignList, Recipient, RecipientStatus, Tier
from .nominations import nomination_checks
from .revision import list_recipients_replace, with_students
from .statuses import CampaignListStatus


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    kind: str,
    year: int,
    title: str,
    org_unit: OrgUnit,
    budget: Decimal,
    opens_on: dt.date,
    closes_on: dt.date,
    tiers: list[dict[str, Any]],
    notice_days: int | None = None,
) -> Campaign:
    """A campaign of a county unit or above, set up by a supervisor of that
    unit or above it (or a superuser). ``notice_days`` defaults to the
    parameter for 金秋助学, 0 for the other kinds."""
    if not actor.is_superuser:
        unit = user_unit(actor)
        if SUPERVISOR not in user_roles(actor) or unit is None:
            raise Forbidden(_("only a supervisor sets up a campaign"))
        if unit.level > OrgUnit.Level.COUNTY or not org_unit.path.startswith(unit.path):
            raise Forbidden(_("a campaign is set up by a county unit or above, for its subtree"))
    if org_unit.level > OrgUnit.Level.COUNTY:
        raise InvalidInput(
            _("a campaign belongs to a county unit or above"),
            fields={"org_unit": [_("not a county unit or above")]},
        )
    if notice_days is None:
        golden = kind == CampaignKind.GOLDEN_AUTUMN
        notice_days = param_int("campaign.golden_autumn_notice_days") if golden else 0
    campaign = Campaign.objects.create(
        kind=kind,
        year=year,
        title=title,
        org_unit=org_unit,
        budget=budget,
        opens_on=opens_on,
        closes_on=closes_on,
        notice_days=notice_days,
        created_by=actor,
    )
    Tier.objects.bulk_create([Tier(campaign=campaign, **tier) for tier in tiers])
    return campaign


def list_intake(
    *, actor: Any, campaign: Campaign, org_unit: OrgUnit, recipients: list[dict[str, Any]]
) -> CaseIntake:
    """A nomination list of ``org_unit`` for ``campaign`` (opened by
    ``workflows.intake.campaign_list_submit``). Refusals:
    ``nominations.nomination_checks``."""
    return nomination_checks(
        actor=actor, campaign=campaign, org_unit=org_unit, recipients=recipients
    )


def _list(case: Case) -> CampaignList:
    cl = CampaignList.objects.select_for_update().select_related("campaign").get(case=case)
    case.campaign_list = cl  # the flow's gates read it next: no second read
    return cl


def _recipient_event(case: Case, actor: Any, r: Recipient, **data: Any) -> None:
    audit_record(
        case=case,
        actor=actor,
        type=events.RECIPIENT_CHANGED.code,
        data={"recipient": r.pk, "status": r.status, **data},
    )


def recipient_check(
    *,
    case: Case,
    actor: Any,
    recipient_id: int,
    decision: str,
    reason: str = "",
    open_steps: set[str],
) -> Recipient:
    """Verify or exclude (with a reason) one recipient while ``review`` is
    open; a reviewer of the list's task may change their mind until the
    review ends. Refuses (409 ``wrong_state``) outside the review."""
    if "review" not in open_steps:
        raise Conflict(
            _("recipients are checked while the list is under review"), code="wrong_state"
        )
    r = Recipient.objects.select_for_update().get(pk=recipient_id, campaign_list_id=case.pk)
    if decision == RecipientStatus.EXCLUDED and not reason:
        raise InvalidInput(_("an exclusion needs a reason"), fields={"reason": [_("required")]})
    r.status = decision
    r.reason = reason if decision == RecipientStatus.EXCLUDED else ""
    r.save(update_fields=["status", "reason"])
    _recipient_event(case, actor, r, reason=r.reason)
    return r


def list_verify(*, case: Case, actor: Any, comment: str = "") -> CampaignList:
    """End the review: recipients still nominated are verified; the list
    goes to its public notice (when the campaign has one) or approval."""
    cl = _list(case)
    cl.recipients.filter(status=RecipientStatus.NOMINATED).update(status=RecipientStatus.VERIFIED)
    if not cl.recipients.filter(status=RecipientStatus.VERIFIED).exists():
        raise Conflict(
            _("no recipient is verified: return or withdraw the list"), code="nothing_verified"
        )
    cl.reviewed_by = actor
    days = cl.campaign.notice_days
    cl.notice_ends_on = add_working_days(timezone.localdate(), days) if days else None
    history_note(cl, actor, "verified", comment=comment)
    cl.save(update_fields=["reviewed_by", "notice_ends_on", "history"])
    return cl


def list_return(*, case: Case, actor: Any, reason: str) -> CampaignList:
    """Send the list back to the nominating union (→ ``revise``)."""
    return history_noted(_list(case), actor, "returned", reason=reason)


def list_resubmit(
    *,
    case: Case,
    actor: Any,
    note: str = "",
    recipients: list[dict[str, Any]] | None = None,
    student_id_number: list[str] | None = None,
) -> CampaignList:
    """The nominating union's corrections; back to the review. With
    ``recipients`` (their students' ID numbers in ``student_id_number``, in
    order: ``inputs.ResubmitInput``) the corrected list replaces the
    recipients, checked as a nomination is (``revision``), all or nothing."""
    cl = _list(case)
    changes: dict[str, list[int]] = {}
    if recipients:
        items = with_students(recipients, student_id_number or [])
        changes = list_recipients_replace(cl=cl, actor=actor, recipients=items)
    return history_noted(cl, actor, "resubmitted", note=note, **changes)


def list_object(
    *, case: Case, actor: Any, objection: str, recipient: int | None = None
) -> CampaignList:
    """An objection during the 公示: it excludes nobody by itself; the list
    goes back to the review."""
    cl = _list(case)
    if recipient is not None and not cl.recipients.filter(pk=recipient).exists():
        raise InvalidInput(
            _("no such recipient on this list"), fields={"recipient": [_("unknown")]}
        )
    return history_noted(cl, actor, "objection", objection=objection, recipient=recipient)


def list_approve(*, case: Case, actor: Any, comment: str = "") -> CampaignList:
    """Approve the list as a whole: its verified recipients' cash and goods
    must fit the campaign's remaining budget, else 409 ``over_budget`` and
    nothing changes. The campaign row is locked first, so two approvals at
    once queue and never overspend."""
    cl = _list(case)
    campaign = Campaign.objects.select_for_update().get(pk=cl.campaign_id)
    verified = list(cl.recipients.filter(status=RecipientStatus.VERIFIED).select_related("tier"))
    lines = [
        rules.Line(r.member_id, r.tier.code, r.tier.cash, r.tier.goods_value) for r in verified
    ]
    cash, goods = rules.list_total(lines)
    total = cash + goods
    if not rules.fits_budget(total, campaign.budget, campaign.approved_total):
        raise Conflict(
            _("the list's total %(total)s is over the campaign's remaining budget %(left)s")
            % {"total": total, "left": campaign.budget - campaign.approved_total},
            code="over_budget",
        )
    campaign.approved_total += total
    campaign.save(update_fields=["approved_total"])
    cl.recipients.filter(pk__in=[r.pk for r in verified]).update(status=RecipientStatus.APPROVED)
    cl.approved_by, cl.approved_total = actor, total
    history_note(cl, actor, "approved", comment=comment)
    cl.save(update_fields=["approved_by", "approved_total", "history"])
    audit_record(
        case=case,
        actor=actor,
        type=events.LIST_APPROVED.code,
        data={"approved_total": total, "total_cash": cash, "total_goods": goods},
    )
    return cl


def list_approval_return(*, case: Case, actor: Any, reason: str) -> CampaignList:
    return history_noted(_list(case), actor, "approval_returned", reason=reason)


def list_reject(*, case: Case, actor: Any, reason: str) -> CampaignList:
    """Reject the list; the case ends ``rejected``."""
    cl = history_noted(_list(case), actor, "rejected", reason=reason)
    case_close(case=case, status=CampaignListStatus.REJECTED, actor=actor)
    return cl
