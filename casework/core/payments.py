"""The one pay service of every program that pays (relief, mutual aid, and
the programs to come): the program's pay action checks what is its own
(the approved amount it passes in, its limits as a hook) and records the
payment here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record

from .errors import Conflict, InvalidInput
from .models import Case, Member, Payment


def payment_record(
    *,
    case: Case,
    actor: Any,
    amount: Decimal,
    method: str,
    reference: str,
    paid_on: dt.date,
    approved_amount: Decimal | None,
    within_limits: Callable[[Payment], None] | None = None,
    member: Member | None = None,
    item: int = 0,
) -> Payment:
    """Record payment ``item`` of ``case`` (0: its one payment, to its member;
    a campaign grant: the recipient, to ``member``) and audit it.

    Refuses, writing nothing:
    - an ``amount`` other than the program's ``approved_amount``
      (400 ``invalid``, on the field ``amount``);
    - a second payment of the case's item, whatever the retry path or race
      (409 ``already_paid``): the row is unique per (case, item), so a concurrent
      payer waits on the first one's row and then gets this refusal;
    - whatever ``within_limits`` raises: the program's own limits (the
      mutual-aid annual cap), called with the new row once it is written and
      inside its savepoint, so a refusal there undoes the row and a payment
      already made is refused as ``already_paid`` before any limit is read.

    The case is not closed here: closing is the program's (its status)."""
    if amount != approved_amount:
        raise InvalidInput(
            _("the amount must equal the approved amount"),
            fields={"amount": [_("must be %(amount)s") % {"amount": approved_amount}]},
        )
    try:
        # the savepoint keeps the engine's transaction usable after the refusal
        with transaction.atomic():
            payment = Payment.objects.create(
                case=case,
                item=item,
                member_id=member.pk if member is not None else case.member_id,
                amount=amount,
                method=method,
                reference=reference,
                paid_on=paid_on,
                paid_by=actor,
            )
            if within_limits is not None:
                within_limits(payment)
    except IntegrityError as exc:
        raise _already_paid(case, item) from exc
    if not item:
        case.payment_remember(payment)
    data = {"amount": amount, "method": method, "reference": reference, "paid_on": paid_on}
    data = {**data, "item": item} if item else data
    audit_record(case=case, actor=actor, type=events.PAYMENT_MADE.code, data=data)
    return payment


def _already_paid(case: Case, item: int) -> Conflict:
    if item:
        message = _("this grant of %(case)s is already paid") % {"case": case.case_number}
    else:
        message = _("case %(case)s is already paid") % {"case": case.case_number}
    return Conflict(message, code="already_paid")


def payments_record_many(
    *,
    case: Case,
    actor: Any,
    items: list[tuple[int, int, Decimal]],
    method: str,
    reference: str,
    paid_on: dt.date,
) -> list[Payment]:
    """Record the payments ``(item, member id, amount)`` of ``case`` at once
    (a campaign list's remaining grants issued together, each amount the
    program's own): one INSERT and one audit event naming every item and
    the total. A payment of an item already made refuses them all, writing
    nothing (409 ``already_paid``), as ``payment_record`` would."""
    rows = [
        Payment(
            case=case,
            item=item,
            member_id=member_id,
            amount=amount,
            method=method,
            reference=reference,
            paid_on=paid_on,
            paid_by=actor,
        )
        for item, member_id, amount in items
    ]
    try:
        with transaction.atomic():
            Payment.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError as exc:
        raise _already_paid(case, items[0][0]) from exc
    total = sum((amount for _item, _member, amount in items), Decimal("0.00"))
    audit_record(
        case=case,
        actor=actor,
        type=events.PAYMENT_MADE.code,
        data={
            "amount": total,
            "method": method,
            "reference": reference,
            "paid_on": paid_on,
            "items": [item for item, _member, _amount in items],
        },
    )
    return rows
