"""Every write of a mutual-aid claim (PROCESSES.md §2); the plans and the
enrollments are in ``enrollments.py``, the group import in ``imports.py``.
Task actions are called by the engine inside its transaction, with the flow
locked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.case_records import (
    case_close,
    fields_apply,
    history_note,
    history_noted,
    rejection_record,
)
from casework.core.date_windows import before_birth
from casework.core.errors import Conflict, InvalidInput
from casework.core.identifiers import identifier_normalize
from casework.core.intake import CaseIntake
from casework.core.models import Case, Member, Payment
from casework.core.payments import payment_record

from .explanation import reason_words
from .models import (
    LUMP_SUM_PRODUCTS,
    Claim,
    ClaimedInvoice,
    MemberLedger,
    Plan,
)
from .rules import ClaimFacts, PlanTerms, benefit_calculate, terms_from_plan
from .selectors import enrollment_of, invoice_claimed_in, is_first_stay
from .statuses import MutualAidStatus

# --- claims ---------------------------------------------------------------------

CLAIM_FIELDS = (
    "hospital",
    "admitted_on",
    "discharged_on",
    "diagnosis",
    "total_expense",
    "insurance_paid",
    "eligible_self_pay",
    "severity_class",
)


def _refuse_implausible_stay(
    *, plan: Plan, member: Member | None, admitted_on: dt.date, discharged_on: dt.date
) -> None:
    """Refuse (400) a stay that cannot be: one that began before the member
    was born or before its plan existed (a plan exists from the year before
    its own, when enrollment opens: ``enrollment_problems``), or that ended
    before it began. A stay merely outside the coverage is a claim the
    assessment turns down, not a refusal."""
    problems: dict[str, list[str]] = {}
    birth = before_birth(admitted_on, member.birth_date if member else None)
    if birth:
        problems["admitted_on"] = [birth]
    plan_start = dt.date(plan.year - 1, 1, 1)
    if admitted_on < plan_start and not birth:
        problems["admitted_on"] = [
            _("must not be before %(start)s: the %(year)s plan did not exist yet")
            % {"start": plan_start.isoformat(), "year": plan.year}
        ]
    if discharged_on < admitted_on:
        problems["discharged_on"] = [_("must not be before the admission")]
    if problems:
        raise InvalidInput(_("implausible dates of the stay"), fields=problems)


def _register_invoices(case: Case, numbers: list[str]) -> None:
    """Claim the invoice numbers for ``case``, each in its one spelling
    (``identifier_normalize``: a look-alike is the same invoice); 409 naming
    the case that has one already. The unique register makes a racing
    second claim wait for the first and then fail."""
    numbers = list(dict.fromkeys(identifier_normalize(n) for n in numbers))
    earlier = invoice_claimed_in(numbers)
    if earlier is not None:
        raise Conflict(
            _("invoice %(number)s was already claimed in case %(case)s")
            % {"number": earlier.number, "case": earlier.case.case_number},
            code="duplicate_invoice",
        )
    try:
        with transaction.atomic():
            ClaimedInvoice.objects.bulk_create(
                [ClaimedInvoice(number=n, case=case) for n in numbers]
            )
    except IntegrityError as exc:
        earlier = invoice_claimed_in(numbers)
        where = earlier.case.case_number if earlier else _("another case")
        raise Conflict(
            _("an invoice number was already claimed in case %(case)s") % {"case": where},
            code="duplicate_invoice",
        ) from exc


def _facts(claim: Claim, member: Member, taken: Decimal, claimed_on: dt.date) -> ClaimFacts:
    enrollment = enrollment_of(member, claim.plan)
    return ClaimFacts(
        admitted_on=claim.admitted_on,
        claimed_on=claimed_on,
        member_gender=member.gender,
        enrolled_on=enrollment.enrolled_on if enrollment else None,
        renewal=bool(enrollment and enrollment.renewal),
        eligible_self_pay=claim.eligible_self_pay,
        first_stay=claim.first_stay,
        severity_class=claim.severity_class,
        already_taken=taken,
    )


def _ledger_locked(member: Member, plan: Plan) -> MemberLedger:
    """The member's ledger row for the plan, locked until the transaction
    ends: approvals and payments of one member's claims queue on it."""
    MemberLedger.objects.bulk_create(
        [MemberLedger(member=member, plan=plan)], ignore_conflicts=True
    )
    return MemberLedger.objects.select_for_update().get(member=member, plan=plan)


def claim_assess(*, claim: Claim, actor: Any, terms: PlanTerms | None = None) -> Claim:
    """Run the eligibility check and the benefit calculation against the
    plan as it is now (or ``terms``) and store the result with the plan
    snapshot and version used."""
    case = claim.case
    member = case.member
    assert member is not None
    terms = terms or terms_from_plan(claim.plan)
    ledger = MemberLedger.objects.filter(member=member, plan=claim.plan).first()
    taken = ledger.approved_total if ledger else Decimal("0")
    benefit = benefit_calculate(terms, _facts(claim, member, taken, case.created.date()))
    claim.benefit_amount = benefit.amount
    claim.eligible = benefit.eligible
    claim.reasons = list(benefit.reasons)
    claim.explanation = list(benefit.explanation)
    claim.plan_version = benefit.plan_version
    claim.plan_snapshot = terms.snapshot()
    claim.save()
    audit_record(
        case=case,
        actor=actor,
        type=events.MA_BENEFIT_ASSESSED.code,
        data={
            "amount": benefit.amount,
            "eligible": benefit.eligible,
            "reasons": list(benefit.reasons),
            "plan_version": benefit.plan_version,
        },
    )
    return claim


def claim_intake(
    *, actor: Any, member: Member, plan: Plan, invoice_numbers: list[str], **fields: Any
) -> CaseIntake:
    """A mutual-aid claim (opened by ``workflows.intake``), assessed at once (the automatic
    ``assess`` step). Refuses (409 ``duplicate_invoice``) an invoice number
    already claimed in any case of any program, naming that case; (400) a
    severity class on an inpatient claim or none on a lump-sum claim, a stay
    before the member's birth or its plan, or ending before it began."""
    if plan.product in LUMP_SUM_PRODUCTS and not fields.get("severity_class"):
        raise InvalidInput(
            _("a severity class is needed"),
            fields={"severity_class": [_("required for this product")]},
        )
    if plan.product not in LUMP_SUM_PRODUCTS and fields.get("severity_class"):
        raise InvalidInput(
            _("no severity class for inpatient claims"),
            fields={"severity_class": [_("only for lump-sum products")]},
        )
    values = {k: fields.get(k) for k in CLAIM_FIELDS}
    _refuse_implausible_stay(
        plan=plan,
        member=member,
        admitted_on=fields["admitted_on"],
        discharged_on=fields["discharged_on"],
    )
    values["severity_class"] = values["severity_class"] or ""
    values["hospital"] = values["hospital"] or ""

    def details(case: Case) -> None:
        _register_invoices(case, invoice_numbers)
        claim = Claim.objects.create(
            case=case, plan=plan, first_stay=is_first_stay(member, plan), **values
        )
        claim_assess(claim=claim, actor=actor)

    return CaseIntake(
        program="mutual_aid",
        member=member,
        org_unit=member.org_unit,
        status=MutualAidStatus.SUBMITTED,
        details=details,
        summary={"product": plan.product, "plan": plan.pk, "year": plan.year},
    )


def _claim(case: Case) -> Claim:
    claim = Claim.objects.select_for_update().select_related("plan").get(case=case)
    # the caller's case object: the one that carries the case's open audit chain
    claim.case = case
    return claim


def claim_accept(
    *, case: Case, actor: Any, eligible_self_pay: Decimal | None = None, comment: str = ""
) -> Claim:
    """The first review accepts the claim, optionally correcting the
    eligible self-pay (the benefit is recalculated). Refuses (409
    ``not_eligible``) an ineligible claim: it can only be rejected or
    returned."""
    claim = _claim(case)
    if eligible_self_pay is not None and eligible_self_pay != claim.eligible_self_pay:
        changed = fields_apply(claim, {"eligible_self_pay": eligible_self_pay})
        audit_record(
            case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed}
        )
    claim_assess(claim=claim, actor=actor)
    if not claim.eligible:
        raise Conflict(
            _("the claim is not eligible (%(reasons)s): reject or return it")
            % {"reasons": reason_words(claim.reasons)},
            code="not_eligible",
        )
    claim.reviewed_by = actor
    history_note(claim, actor, "accepted", comment=comment)
    claim.save()
    return claim


def claim_return(*, case: Case, actor: Any, reason: str) -> Claim:
    """Ask the submitter for documents or corrections (→ ``supplement``)."""
    return history_noted(_claim(case), actor, "returned", reason=reason)


def claim_reject(*, case: Case, actor: Any, reason: str = "", reason_code: str = "other") -> Claim:
    """Reject the claim; the case ends ``rejected``."""
    return rejection_record(
        _claim(case),
        case=case,
        actor=actor,
        status=MutualAidStatus.REJECTED,
        reason_code=reason_code,
        reason=reason,
    )


def claim_resubmit(*, case: Case, actor: Any, note: str = "", **fields: Any) -> Claim:
    """The submitter's corrections; reassessed, back to the review. Refuses
    (400) corrected dates of a stay that cannot be."""
    claim = _claim(case)
    changed = fields_apply(claim, {k: v for k, v in fields.items() if k in CLAIM_FIELDS})
    _refuse_implausible_stay(
        plan=claim.plan,
        member=case.member,
        admitted_on=claim.admitted_on,
        discharged_on=claim.discharged_on,
    )
    history_note(claim, actor, "resubmitted", note=note)
    claim.save()
    if changed:
        audit_record(
            case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed}
        )
    claim_assess(claim=claim, actor=actor)
    return claim


def claim_confirm_severity(*, case: Case, actor: Any, severity_class: str) -> Claim:
    """The medical review confirms (or corrects) the severity class; the
    lump sum is recalculated. Refuses (409) when the claim is then not
    eligible (e.g. a class the plan does not cover)."""
    claim = _claim(case)
    changed = fields_apply(claim, {"severity_class": severity_class})
    if changed:
        audit_record(
            case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed}
        )
    history_note(claim, actor, "severity_confirmed", severity_class=severity_class)
    claim_assess(claim=claim, actor=actor)
    if not claim.eligible:
        raise Conflict(
            _("the claim is not eligible (%(reasons)s): reject it")
            % {"reasons": reason_words(claim.reasons)},
            code="not_eligible",
        )
    return claim


def claim_approve(*, case: Case, actor: Any, comment: str = "") -> Claim:
    """Approve the benefit. Locks the member's ledger row for the plan and
    recalculates with the stored plan snapshot against what the member's
    other approved claims take now, so the approved amount never pushes the
    member past the annual cap (nor past one lump sum a year) even when two
    approvals run at once. Refuses (409 ``cap_exhausted``) when nothing is
    left."""
    claim = _claim(case)
    member = case.member
    assert member is not None
    ledger = _ledger_locked(member, claim.plan)
    terms = PlanTerms.from_snapshot(claim.plan_snapshot)
    benefit = benefit_calculate(
        terms, _facts(claim, member, ledger.approved_total, case.created.date())
    )
    if not benefit.eligible or benefit.amount <= 0:
        raise Conflict(
            _("nothing can be approved (%(reasons)s)")
            % {"reasons": reason_words(benefit.reasons) or _("amount 0.00")},
            code="cap_exhausted" if "CAP_EXHAUSTED" in benefit.reasons else "not_eligible",
        )
    claim.benefit_amount = benefit.amount
    claim.explanation = list(benefit.explanation)
    claim.reasons = list(benefit.reasons)
    claim.approved_amount = benefit.amount
    claim.approved_by = actor
    history_note(claim, actor, "approved", comment=comment, amount=str(benefit.amount))
    claim.save()
    ledger.approved_total += benefit.amount
    ledger.save(update_fields=["approved_total"])
    return claim


def claim_approval_reject(*, case: Case, actor: Any, reason: str) -> Claim:
    """Reject at approval or medical review; the case ends ``rejected``."""
    return claim_reject(case=case, actor=actor, reason=reason, reason_code="other")


def claim_approval_return(*, case: Case, actor: Any, reason: str) -> Claim:
    """Send the claim back to the first review."""
    claim = _claim(case)
    history_note(claim, actor, "approval_returned", reason=reason)
    claim.reviewed_by = None
    claim.save(update_fields=["history", "reviewed_by"])
    return claim


def claim_pay(
    *, case: Case, actor: Any, amount: Decimal, method: str, reference: str, paid_on: dt.date
) -> Payment:
    """Record the one payment of the claim (amount = the approved amount;
    refusals: ``payment_record``), add it to the member's yearly ledger under
    the ledger's row lock, where the annual cap is checked again (409
    ``cap_exhausted``), and close the case ``closed``."""
    claim = _claim(case)
    member = case.member
    assert member is not None
    cap = PlanTerms.from_snapshot(claim.plan_snapshot).annual_cap

    def ledger_charge(payment: Payment) -> None:
        ledger = _ledger_locked(member, claim.plan)
        if cap is not None and ledger.paid_total + payment.amount > cap:
            raise Conflict(
                _("paying %(amount)s would take the member past the annual cap %(cap)s")
                % {"amount": payment.amount, "cap": cap},
                code="cap_exhausted",
            )
        ledger.paid_total += payment.amount
        ledger.paid_claims += 1
        ledger.save(update_fields=["paid_total", "paid_claims"])

    payment = payment_record(
        case=case,
        actor=actor,
        amount=amount,
        method=method,
        reference=reference,
        paid_on=paid_on,
        approved_amount=claim.approved_amount,
        within_limits=ledger_charge,
    )
    case_close(case=case, status=MutualAidStatus.CLOSED, actor=actor)
    return payment
