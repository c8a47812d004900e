"""The issue of a list's grants (PROCESSES.md §4, step ``disburse``): each
approved recipient issued exactly once (a ``core.Payment`` of the list's
case with ``item`` = the recipient, in the member's file), signed for, or
marked unreachable; the list closed when none is left unissued. Called by
``workflows.campaign_work`` under the flow's lock, and by the engine for
``close``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.case_records import case_close, history_noted
from casework.core.errors import Conflict
from casework.core.models import Case
from casework.core.payments import payment_record, payments_record_many

from .models import Campaign, CampaignList, Recipient, RecipientStatus
from .statuses import CampaignListStatus

ISSUED = (RecipientStatus.ISSUED, RecipientStatus.SIGNED)


def _open(open_steps: set[str]) -> None:
    if "disburse" not in open_steps:
        raise Conflict(_("grants are issued while the list is being issued"), code="wrong_state")


def _recipient(case: Case, recipient_id: int) -> Recipient:
    return (
        Recipient.objects.select_for_update(of=("self",))
        .select_related("tier", "member")
        .get(pk=recipient_id, campaign_list_id=case.pk)
    )


def _event(case: Case, actor: Any, r: Recipient, **data: Any) -> None:
    audit_record(
        case=case,
        actor=actor,
        type=events.RECIPIENT_CHANGED.code,
        data={"recipient": r.pk, "status": r.status, **data},
    )


def recipient_issue(
    *,
    case: Case,
    actor: Any,
    recipient_id: int,
    method: str,
    reference: str,
    issued_on: dt.date,
    open_steps: set[str],
) -> Recipient:
    """Issue one approved grant: a payment of the tier's cash and goods to
    the member. A second issue is 409 ``already_paid`` (the payment row is
    unique per case and recipient, whatever the race); a recipient not
    approved is 409 ``wrong_state``."""
    _open(open_steps)
    r = _recipient(case, recipient_id)
    if r.status in ISSUED:
        raise Conflict(_("this grant is already issued"), code="already_paid")
    if r.status != RecipientStatus.APPROVED:
        raise Conflict(_("only an approved grant is issued"), code="wrong_state")
    amount = r.tier.cash + r.tier.goods_value
    payment_record(
        case=case,
        actor=actor,
        amount=amount,
        approved_amount=amount,
        method=method,
        reference=reference,
        paid_on=issued_on,
        member=r.member,
        item=r.pk,
    )
    r.status = RecipientStatus.ISSUED
    r.issued_method, r.issued_reference, r.issued_on = method, reference, issued_on
    r.save(update_fields=["status", "issued_method", "issued_reference", "issued_on"])
    Campaign.objects.filter(pk=r.campaign_id).update(
        issued_total=F("issued_total") + amount, person_times=F("person_times") + 1
    )
    return r


def list_issue_remaining(
    *,
    case: Case,
    actor: Any,
    method: str,
    reference: str,
    issued_on: dt.date,
    open_steps: set[str],
) -> list[Recipient]:
    """Issue every approved grant of the list not yet issued, at once (one
    voucher ``reference``): their payments in one INSERT and one audit
    event naming them, the recipients and the campaign's figures one
    UPDATE each. The grants already issued, signed or unreachable are left
    as they are; none left is no error (an empty answer)."""
    _open(open_steps)
    grants = list(
        Recipient.objects.select_for_update(of=("self",))
        .select_related("tier")
        .filter(campaign_list_id=case.pk, status=RecipientStatus.APPROVED)
        .order_by("pk")
    )
    if not grants:
        return []
    items = [(r.pk, r.member_id, r.tier.cash + r.tier.goods_value) for r in grants]
    payments_record_many(
        case=case, actor=actor, items=items, method=method, reference=reference, paid_on=issued_on
    )
    Recipient.objects.filter(pk__in=[r.pk for r in grants]).update(
        status=RecipientStatus.ISSUED,
        issued_method=method,
        issued_reference=reference,
        issued_on=issued_on,
    )
    total = sum((amount for _item, _member, amount in items), Decimal("0.00"))
    Campaign.objects.filter(pk=grants[0].campaign_id).update(
        issued_total=F("issued_total") + total, person_times=F("person_times") + len(grants)
    )
    for r in grants:
        r.status = RecipientStatus.ISSUED
        r.issued_method, r.issued_reference, r.issued_on = method, reference, issued_on
    return grants


def recipient_sign(
    *,
    case: Case,
    actor: Any,
    recipient_id: int,
    signed_on: dt.date,
    signed_by: str,
    open_steps: set[str],
) -> Recipient:
    """The recipient's signature (签领) for an issued grant."""
    _open(open_steps)
    r = _recipient(case, recipient_id)
    if r.status != RecipientStatus.ISSUED:
        raise Conflict(_("only an issued grant is signed for"), code="wrong_state")
    r.status, r.signed_on, r.signed_by = RecipientStatus.SIGNED, signed_on, signed_by
    r.save(update_fields=["status", "signed_on", "signed_by"])
    _event(case, actor, r, signed_on=signed_on, signed_by=signed_by)
    return r


def recipient_unreachable(
    *, case: Case, actor: Any, recipient_id: int, reason: str, open_steps: set[str]
) -> Recipient:
    """An approved recipient who cannot be reached: not issued; the grant's
    amount goes back to the campaign's remaining budget."""
    _open(open_steps)
    r = _recipient(case, recipient_id)
    if r.status != RecipientStatus.APPROVED:
        raise Conflict(_("only an approved grant not yet issued"), code="wrong_state")
    r.status, r.reason = RecipientStatus.UNREACHABLE, reason
    r.save(update_fields=["status", "reason"])
    Campaign.objects.filter(pk=r.campaign_id).update(
        approved_total=F("approved_total") - (r.tier.cash + r.tier.goods_value)
    )
    _event(case, actor, r, reason=reason)
    return r


def list_close(*, case: Case, actor: Any, note: str = "") -> CampaignList:
    """End the list once no approved recipient is left unissued (409
    ``not_all_issued`` otherwise); the case ends ``closed``."""
    cl = CampaignList.objects.select_for_update().get(case=case)
    left = cl.recipients.filter(status=RecipientStatus.APPROVED).count()
    if left:
        raise Conflict(
            _("%(count)s approved grants are not issued yet") % {"count": left},
            code="not_all_issued",
        )
    history_noted(cl, actor, "closed", note=note)
    case_close(case=case, status=CampaignListStatus.CLOSED, actor=actor)
    return cl
