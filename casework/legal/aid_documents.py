"""The legal-aid letters (PDF, weasyprint, templates/documents/): the
refusal letter (不予法律援助决定书) when the review or the approval refuses,
and the 委派函 naming the lawyer when one is assigned. Each is made inside
the action that decides it, attached to the case as ``generated:<name>``
and audited as ``generated``, like the documents of
``casework.reports.documents`` (which sit above the programs)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from casework.core.documents import generated_attach, pdf_render
from casework.core.masking import mask_id_number
from casework.core.models import Case, CaseDocument

from .models import AidClaim, LegalAid

REFUSAL = "legal_aid_refusal"
DELEGATION = "legal_aid_delegation"
TITLES = {REFUSAL: "不予法律援助决定书", DELEGATION: "法律援助委派函"}
CLAIM_ZH: dict[str, str] = {
    AidClaim.WAGES: "追索劳动报酬",
    AidClaim.WORK_INJURY: "工伤赔偿",
    AidClaim.TERMINATION: "解除劳动合同经济补偿",
    AidClaim.SOCIAL_INSURANCE: "社会保险待遇",
    AidClaim.OTHER: "其他劳动争议",
}


def aid_letter(*, case: Case, aid: LegalAid, actor: Any, document: str) -> CaseDocument:
    """Render ``document`` (``REFUSAL`` or ``DELEGATION``) of the case as it
    is now, attach it and audit it (in the caller's transaction)."""
    content = pdf_render(
        f"documents/{document}.html",
        {
            "case": case,
            "aid": aid,
            "id_number": mask_id_number(aid.applicant_id_number),
            "claim": CLAIM_ZH.get(aid.claim, aid.claim),
            "title": TITLES[document],
            "today": timezone.localdate(),
        },
    )
    return generated_attach(
        case=case, actor=actor, document=document, title=TITLES[document], content=content
    )
