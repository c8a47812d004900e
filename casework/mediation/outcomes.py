"""The mediation step's outcomes and what follows them (PROCESSES.md §3):
task actions, called by the engine inside its transaction with the flow
locked. An outcome is recorded with its date and the days it took; the
final ones close the case in its final status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.core.case_records import case_close
from casework.core.errors import InvalidInput
from casework.core.models import Case

from .models import Outcome, Referral
from .services import referral_locked
from .statuses import MediationStatus


def _outcome(case: Case, outcome: str, **fields: Any) -> Referral:
    """Record ``outcome`` on the case's referral, dated today with the days
    since the referral was received, with the facts that come with it."""
    referral = referral_locked(case)
    today = timezone.localdate()
    referral.outcome = outcome
    referral.outcome_on = today
    referral.days_to_outcome = max((today - referral.received_on).days, 0)
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save()
    return referral


# --- mediate outcomes --------------------------------------------------------


def mediation_settle(
    *, case: Case, actor: Any, agreed_amount: Decimal, terms: str, performance_due: dt.date
) -> Referral:
    """An agreement is reached (→ ``follow_up`` until the performance date)."""
    return _outcome(
        case,
        Outcome.SETTLE,
        agreed_amount=agreed_amount,
        terms=terms,
        performance_due=performance_due,
    )


def _unresolved_if_union(case: Case, actor: Any, referral: Referral) -> Referral:
    """A union mediation has no court to go back to: it ends ``unresolved``
    (its feedback advises applying for arbitration)."""
    if referral.union:
        case_close(case=case, status=MediationStatus.UNRESOLVED, actor=actor)
    return referral


def mediation_fail(*, case: Case, actor: Any, reason: str, disputed_points: list[str]) -> Referral:
    """Mediation failed; the disputed points and reason become the feedback
    letter to the court (→ ``return_to_court``), or a union mediation ends
    ``unresolved``."""
    referral = _outcome(case, Outcome.FAIL, outcome_reason=reason, disputed_points=disputed_points)
    return _unresolved_if_union(case, actor, referral)


def mediation_refuse(*, case: Case, actor: Any, reason: str) -> Referral:
    """A party refused mediation (→ ``return_to_court``, or ``unresolved``
    for a union mediation)."""
    return _unresolved_if_union(case, actor, _outcome(case, Outcome.REFUSE, outcome_reason=reason))


def mediation_timed_out(*, case: Case) -> Referral:
    """The time limit of a union mediation passed with no outcome (called by
    the flow when its deadline timer fires): it ends ``unresolved``; the
    parties may apply for arbitration (第十四条)."""
    referral = _outcome(case, Outcome.TIMEOUT)
    case_close(case=case, status=MediationStatus.UNRESOLVED, actor=None)
    return referral


def mediation_withdraw(*, case: Case, actor: Any, reason: str) -> Referral:
    """The applicant withdrew: the case ends ``withdrawn``."""
    referral = _outcome(case, Outcome.WITHDRAW, outcome_reason=reason)
    case_close(case=case, status=MediationStatus.WITHDRAWN, actor=actor)
    return referral


# --- deadline decision -------------------------------------------------------


def mediation_decision_return(*, case: Case, actor: Any, reason: str) -> Referral:
    """At ``deadline_decision``: the time limit passed with no outcome; the
    case goes back to the court (→ ``return_to_court``)."""
    return _outcome(case, Outcome.TIMEOUT, outcome_reason=reason)


# --- after the outcome -------------------------------------------------------


def mediation_fulfilled(*, case: Case, actor: Any, judicial_confirmation: str) -> Referral:
    """The agreement was performed: the case ends ``settled``."""
    referral = referral_locked(case)
    referral.judicial_confirmation = judicial_confirmation
    referral.performance = "fulfilled"
    referral.save()
    case_close(case=case, status=MediationStatus.SETTLED, actor=actor)
    return referral


def mediation_unfulfilled(
    *, case: Case, actor: Any, judicial_confirmation: str, note: str = ""
) -> Referral:
    """The agreement was not performed: the case ends ``settled_unfulfilled``
    (the worker may seek a payment order)."""
    referral = referral_locked(case)
    referral.judicial_confirmation = judicial_confirmation
    referral.performance = "unfulfilled"
    referral.follow_up_note = note
    referral.save()
    case_close(case=case, status=MediationStatus.SETTLED_UNFULFILLED, actor=actor)
    return referral


def mediation_returned(
    *, case: Case, actor: Any, returned_on: dt.date, letter_reference: str
) -> Referral:
    """The case went back to the court with the feedback letter: it ends
    ``returned_to_court``. 400 when dated before the referral was received."""
    referral = referral_locked(case)
    if returned_on < referral.received_on:
        raise InvalidInput(
            _("invalid input"),
            fields={"returned_on": [_("may not be before the referral was received")]},
        )
    referral.returned_on = returned_on
    referral.letter_reference = letter_reference
    referral.save()
    case_close(case=case, status=MediationStatus.RETURNED_TO_COURT, actor=actor)
    return referral
