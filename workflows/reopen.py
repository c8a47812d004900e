"""How each program opens a case again after a reconsideration overturned
its rejection or refusal (PROCESSES.md §6): ``REOPEN_INTAKES`` maps a
program to its ``reopen_intake(original, *, actor) -> CaseIntake``, a new
case of that program pre-filled from the original, starting like any new
case of it (at its first review step). A program whose decisions may be
reconsidered (``casework.reconsideration.rules.REFUSED_STATUSES``) is
listed here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.core.intake import CaseIntake
from casework.core.models import Case
from casework.legal.aid import aid_reopen_intake
from casework.mutual_aid.models import Claim
from casework.mutual_aid.services import CLAIM_FIELDS, claim_intake
from casework.relief.models import ReliefApplication
from casework.relief.services import APPLICATION_FIELDS, relief_intake

ReopenIntake = Callable[..., CaseIntake]


def relief_reopen_intake(original: Case, *, actor: Any) -> CaseIntake:
    """The same member's application with the original's figures and
    reasons, to be verified again (the grant limits and the one-open-case
    rule hold as for any application: 409)."""
    app = ReliefApplication.objects.get(case=original)
    assert original.member is not None
    fields = {name: getattr(app, name) for name in APPLICATION_FIELDS}
    return relief_intake(actor=actor, member=original.member, **fields)


def claim_reopen_intake(original: Case, *, actor: Any) -> CaseIntake:
    """The same stay under the same plan, assessed again. Its invoices stay
    registered to the original (the register holds a number once; the
    original is linked): the new claim registers none."""
    claim = Claim.objects.select_related("plan").get(case=original)
    assert original.member is not None
    fields = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    return claim_intake(
        actor=actor, member=original.member, plan=claim.plan, invoice_numbers=[], **fields
    )


REOPEN_INTAKES: dict[str, ReopenIntake] = {
    "relief": relief_reopen_intake,
    "mutual_aid": claim_reopen_intake,
    "legal_aid": aid_reopen_intake,  # casework.legal: the same applicant, claim and figures
}
