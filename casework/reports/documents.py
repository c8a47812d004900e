"""Generated documents (PDF, weasyprint, templates/documents/): rendered from
the case as it is, attached to the case as ``generated:<name>`` and audited
as ``generated``. The public-notice list belongs to no case: it is audited in
the chain outside cases. Names and ID numbers of members are masked in every
generated document."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.access import mediation_content_visible, user_roles
from casework.core.documents import generated_attach
from casework.core.documents import pdf_render as render_pdf
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.masking import mask_id_number, mask_name
from casework.core.models import Case, CaseDocument, OrgUnit
from casework.core.privacy import medical_details_visible
from casework.core.roles import AUDITOR, MEMBER
from casework.mediation.models import DisputeType, Outcome, Referral
from casework.mutual_aid.explanation import explanation_in
from casework.mutual_aid.models import Claim, Product
from casework.mutual_aid.models import ReasonCode as ClaimReason
from casework.relief.models import AidType, Category, Cause, ReliefApplication
from casework.relief.statuses import ReliefStatus

from .campaign_documents import (
    campaign_notice,
    campaign_sign_sheet,
    notice_ready,
    sign_sheet_ready,
)
from .xlsx import GRANT_CATEGORIES, choice_label


def _relief_approval_form(case: Case) -> dict[str, Any]:
    app = ReliefApplication.objects.select_related(
        "recommended_by", "approved_by", "senior_approved_by"
    ).get(case=case)
    if not app.category:
        raise Conflict("the approval form needs a verified application", code="wrong_state")
    payment = getattr(case, "payment", None)
    member = case.member
    return {
        "app": app,
        "member": member,
        "member_name": member.name if member else "",
        "id_number": mask_id_number(member.id_number) if member else "",
        "aid_type": choice_label(AidType, app.aid_type),
        "cause": Cause(app.cause).label,
        "category": choice_label(Category, app.category or Category.NOT_ELIGIBLE),
        "household_size": app.verified_household_size or app.household_size,
        "income": app.verified_annual_income or app.household_annual_income,
        "expenses": app.verified_rigid_expenses or app.rigid_expenses,
        "recommended_by": _full_name(app.recommended_by),
        "approved_by": _full_name(app.approved_by),
        "senior_approved_by": _full_name(app.senior_approved_by),
        "payment": payment,
        "payment_method": {"bank_transfer": "银行转账", "cash": "现金"}.get(
            payment.method if payment else "", ""
        ),
    }


def _benefit_statement(case: Case) -> dict[str, Any]:
    claim = Claim.objects.select_related("plan").get(case=case)
    payment = getattr(case, "payment", None)
    member = case.member
    return {
        "claim": claim,
        "member_name": member.name if member else "",
        "id_number": mask_id_number(member.id_number) if member else "",
        "product": choice_label(Product, claim.plan.product),
        "reasons": [_label(ClaimReason, r) for r in claim.reasons],
        # the statement is a Chinese form: the Chinese half of each line
        "explanation": explanation_in(claim.explanation, "zh-hans"),
        "payment": payment,
    }


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _referral(case: Case, outcomes: tuple[str, ...], what: str) -> Referral:
    ref = Referral.objects.select_related("mediator").get(case=case)
    if ref.outcome not in outcomes:
        raise Conflict(
            f"no {what} for a mediation with outcome {ref.outcome or 'none'}", code="wrong_state"
        )
    return ref


def _mediation_agreement(case: Case) -> dict[str, Any]:
    ref = _referral(case, (Outcome.SETTLE,), "agreement")
    return {
        "ref": ref,
        "worker_id_number": mask_id_number(ref.worker_id_number),
        "dispute_types": [_label(DisputeType, d) for d in ref.dispute_types],
        "mediator": _full_name(ref.mediator),
    }


OUTCOME_TEXT = {
    "fail": "调解不成",
    "refuse": "当事人拒绝调解",
    "timeout": "调解期限届满未达成协议",
    "withdraw": "申请人撤回调解申请",
}


def _court_feedback(case: Case) -> dict[str, Any]:
    ref = _referral(case, tuple(OUTCOME_TEXT), "feedback letter")
    return {
        "ref": ref,
        "outcome": OUTCOME_TEXT[ref.outcome],
        "reason": ref.outcome_reason or ref.return_reason,
    }


def _full_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _always(case: Case) -> bool:
    return True


def _approval_recordable(case: Case) -> bool:
    """The application was verified, and the case did not end without a grant."""
    app = case.relief
    return bool(app.category) and (case.closed is None or app.approved_amount is not None)


def _outcome_in(*outcomes: str) -> Callable[[Case], bool]:
    def ready(case: Case) -> bool:
        referral = getattr(case, "mediation", None)
        return referral is not None and referral.outcome in outcomes

    return ready


@dataclass(frozen=True)
class DocumentType:
    program: str
    title: str
    context: Callable[[Case], dict[str, Any]]
    confidential: bool = False
    medical: bool = False  # shows a claim's medical details
    # the case is at the stage the document records (else 409, and not offered)
    ready: Callable[[Case], bool] = _always


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "approval_form": DocumentType(
        "relief", "困难职工帮扶救助审批表", _relief_approval_form, ready=_approval_recordable
    ),
    "benefit_statement": DocumentType(
        "mutual_aid", "医疗互助给付明细", _benefit_statement, medical=True
    ),
    "mediation_agreement": DocumentType(
        "mediation",
        "调解协议书",
        _mediation_agreement,
        confidential=True,
        ready=_outcome_in(Outcome.SETTLE),
    ),
    "court_feedback": DocumentType(
        "mediation",
        "委托调解反馈函",
        _court_feedback,
        confidential=True,
        ready=_outcome_in(*OUTCOME_TEXT),
    ),
    "campaign_notice": DocumentType("campaign", "公示名单", campaign_notice, ready=notice_ready),
    "campaign_sign_sheet": DocumentType(
        "campaign", "发放签领表", campaign_sign_sheet, ready=sign_sheet_ready
    ),
}


def document_available(case: Case, document: str) -> bool:
    """Whether ``document`` is one of the case's program's and the case is
    at the stage it records: what ``document_generate`` would make."""
    kind = DOCUMENT_TYPES.get(document)
    return kind is not None and kind.program == case.program and kind.ready(case)


def _may_generate(user: Any) -> bool:
    return bool(user.is_superuser or user_roles(user) - {AUDITOR, MEMBER})


@transaction.atomic
def document_generate(*, case: Case, actor: Any, document: str) -> CaseDocument:
    """Render ``document`` for a case the actor may see, attach it as
    ``generated:<document>`` and audit it. Refuses (400) an unknown document
    or one of another program, (403) read-only roles and mediation documents
    for those who may not read mediation content, (409) a case not yet at
    the stage the document records."""
    kind = DOCUMENT_TYPES.get(document)
    if kind is None or kind.program != case.program:
        names = [n for n, t in DOCUMENT_TYPES.items() if t.program == case.program]
        raise InvalidInput(
            f"no document {document!r} for a {case.program} case",
            fields={"document": [f"one of: {', '.join(names)}"]},
        )
    if not _may_generate(actor):
        raise Forbidden("your roles may not generate documents")
    if kind.confidential and not mediation_content_visible(actor, case):
        raise Forbidden("mediation documents are for the coordinator and the case's mediator")
    if kind.medical and not medical_details_visible(actor, case):
        raise Forbidden(_("this document shows medical details your role may not see"))
    if not kind.ready(case):
        raise Conflict(
            _("case %(case)s is not at the stage this document records")
            % {"case": case.case_number},
            code="wrong_state",
        )
    content = render_pdf(f"documents/{document}.html", {"case": case, **kind.context(case)})
    return generated_attach(
        case=case, actor=actor, document=document, title=kind.title, content=content
    )


def public_notice_rows(unit: OrgUnit | None) -> list[dict[str, Any]]:
    """Relief cases now in their public notice under ``unit``, masked (the
    case number too, for the caseworker's page; the posted PDF leaves it out)."""
    apps = ReliefApplication.objects.filter(
        case__case_status=ReliefStatus.PUBLIC_NOTICE
    ).select_related("case__member", "case__org_unit")
    if unit is not None:
        apps = apps.filter(case__org_unit__path__startswith=unit.path)
    return [
        {
            "case_number": a.case.case_number,
            "name": mask_name(a.case.member.name) if a.case.member else "",
            "id_number": mask_id_number(a.case.member.id_number) if a.case.member else "",
            "unit": a.case.org_unit.name,
            "aid_type": choice_label(AidType, a.aid_type),
            "category": choice_label(Category, a.category)
            if a.category in GRANT_CATEGORIES
            else "",
            "amount": a.recommended_amount,
            "notice_ends_on": a.notice_ends_on,
        }
        for a in apps.order_by("case__org_unit__path", "case__created", "pk")
    ]


def public_notice_pdf(*, actor: Any, unit: OrgUnit | None) -> bytes:
    """The public-notice list (公示名单) of ``unit``'s subtree (resolved and
    authorized by the caller), audited as ``generated``."""
    rows = public_notice_rows(unit)
    content = render_pdf(
        "documents/public_notice.html",
        {
            "rows": rows,
            "unit_name": unit.name if unit else "全部单位",
            "today": timezone.localdate(),
        },
    )
    audit_record(
        case=None,
        actor=actor,
        type=events.GENERATED.code,
        data={
            "document": "public_notice",
            "org_unit": unit.pk if unit else None,
            "rows": len(rows),
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )
    return content
