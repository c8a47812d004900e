"""Opening a case: the program's service checks the application and says
what the case is made of (a ``CaseIntake``); the engine starts the flow with
it, in the same transaction. The API, the pages and the demo open cases here."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casework.campaigns.services import list_intake
from casework.core.intake import CaseIntake
from casework.core.models import Case
from casework.legal.aid import consultation_aid_intake, legal_aid_intake
from casework.legal.models import ConsultationOutcome
from casework.legal.services import (
    consultation_intake,
    consultation_mediation_fields,
    consultation_referral_link,
)
from casework.mediation.services import referral_intake
from casework.mutual_aid.services import claim_intake
from casework.reconsideration.services import reconsideration_intake
from casework.relief.services import relief_intake

from .engine import case_start


def case_open(intake: CaseIntake, *, actor: Any) -> Case:
    """Start the intake's program flow for it (inside the caller's transaction)."""
    return case_start(
        program=intake.program,
        actor=actor,
        member=intake.member,
        org_unit=intake.org_unit,
        status=intake.status,
        details=intake.details,
        summary=intake.summary,
    )


@transaction.atomic
def relief_submit(*, actor: Any, **fields: Any) -> Case:
    """Open a relief case (``relief_intake`` says what is refused)."""
    return case_open(relief_intake(actor=actor, **fields), actor=actor)


@transaction.atomic
def claim_submit(*, actor: Any, **fields: Any) -> Case:
    """Open a mutual-aid claim, assessed at once (``claim_intake``)."""
    return case_open(claim_intake(actor=actor, **fields), actor=actor)


@transaction.atomic
def referral_register(*, actor: Any, **fields: Any) -> Case:
    """Register a court referral as a mediation case (``referral_intake``)."""
    return case_open(referral_intake(actor=actor, **fields), actor=actor)


@transaction.atomic
def campaign_list_submit(*, actor: Any, **fields: Any) -> Case:
    """Open a campaign nomination list (``list_intake`` says what is refused)."""
    return case_open(list_intake(actor=actor, **fields), actor=actor)


@transaction.atomic
def consultation_log(*, actor: Any, **fields: Any) -> Case:
    """Log a consultation (``consultation_intake``); ``referred_mediation``
    opens a union mediation with the facts copied, ``referred_legal_aid`` a
    legal-aid application pre-filled, in the same transaction, each case
    naming the other."""
    case = case_open(consultation_intake(actor=actor, **fields), actor=actor)
    outcome = case.consultation.outcome
    referral = None
    if outcome == ConsultationOutcome.REFERRED_MEDIATION:
        referral = case_open(
            referral_intake(actor=actor, **consultation_mediation_fields(case)), actor=actor
        )
    elif outcome == ConsultationOutcome.REFERRED_LEGAL_AID:
        referral = case_open(consultation_aid_intake(case, actor=actor), actor=actor)
    if referral is not None:
        consultation_referral_link(case=case, referral=referral, actor=actor)
    return case


@transaction.atomic
def legal_aid_apply(*, actor: Any, **fields: Any) -> Case:
    """Open a legal-aid application (``legal_aid_intake`` says what is refused)."""
    return case_open(legal_aid_intake(actor=actor, **fields), actor=actor)


@transaction.atomic
def reconsideration_request(*, actor: Any, original: Case, reason: str) -> Case:
    """Ask to reconsider a rejection or refusal (``reconsideration_intake``)."""
    intake = reconsideration_intake(actor=actor, original=original, reason=reason)
    return case_open(intake, actor=actor)
