"""Every write of the mediation process (PROCESSES.md §3). Task actions are
called by the engine inside its transaction, with the flow locked; the
session and extension endpoints take the same lock themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.access import user_roles, user_unit
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.identifiers import identifier_normalize
from casework.core.intake import CaseIntake
from casework.core.models import Case, Member, OrgUnit
from casework.core.parameters import param_int
from casework.core.roles import AUDITOR, MEDIATION_COORDINATOR

from . import rules
from .models import MediationSession, Referral
from .statuses import MediationStatus

# what the case-created event says of a referral
SUMMARY_FIELDS = (
    "court",
    "court_case_number",
    "referral_type",
    "procedure",
    "received_on",
    "deadline",
)


def _existing(court: str, court_case_number: str) -> Referral | None:
    return (
        Referral.objects.select_related("case")
        .filter(court=court, court_case_number=court_case_number)
        .first()
    )


def _duplicate(existing: Referral) -> Conflict:
    return Conflict(
        _("court case %(number)s of %(court)s is already registered as %(case)s")
        % {
            "number": existing.court_case_number,
            "court": existing.court,
            "case": existing.case.case_number,
        },
        code="duplicate_case",
    )


def referral_intake(
    *,
    actor: Any,
    court: str,
    court_case_number: str,
    referral_type: str,
    procedure: str,
    referred_on: dt.date,
    received_on: dt.date,
    worker_member: Member | None,
    worker_name: str,
    worker_id_number: str,
    worker_phone: str,
    employer_name: str,
    employer_credit_code: str,
    dispute_types: list[str],
    amount_claimed: Decimal,
    summary: str,
    consultation_number: str = "",
    unit: OrgUnit | None = None,
) -> CaseIntake:
    """A court referral (or a union mediation: ``referral_type`` ``union``,
    no court) as a mediation case of the coordinator's unit, or of ``unit``
    when a consultation refers it (registered by ``workflows.intake``). The
    deadline follows the referral type and procedure, counted from
    ``received_on``. The court case
    number, the worker's ID number and the credit code are stored in their
    one spelling (``identifier_normalize``).
    Refuses (409) a court case number already registered for the same
    court, however it is spelled, naming the existing case."""
    court_case_number = identifier_normalize(court_case_number)
    worker_id_number = identifier_normalize(worker_id_number)
    employer_credit_code = identifier_normalize(employer_credit_code)
    existing = _existing(court, court_case_number) if referral_type != "union" else None
    if existing:
        raise _duplicate(existing)
    unit = unit or user_unit(actor)
    if unit is None:
        raise Forbidden(_("you belong to no unit, so a case cannot be registered in one"))
    if referral_type != "entrusted":
        procedure = procedure or ""
    base_days = param_int(rules.days_parameter(referral_type, procedure))
    fields = {
        "court": court,
        "court_case_number": court_case_number,
        "referral_type": referral_type,
        "procedure": procedure,
        "referred_on": referred_on,
        "received_on": received_on,
        "base_days": base_days,
        "deadline": rules.deadline_of(received_on, base_days),
        **_worker(worker_member, worker_name, worker_id_number, worker_phone),
        "employer_name": employer_name,
        "employer_credit_code": employer_credit_code,
        "dispute_types": dispute_types,
        "amount_claimed": amount_claimed,
        "summary": summary,
        "consultation_number": consultation_number,
    }
    return _intake(unit, worker_member, fields)


def _worker(member: Member | None, name: str, id_number: str, phone: str) -> dict[str, Any]:
    """The worker's fields: a member's from the record, else as given."""
    if member is not None:
        name, id_number, phone = member.name, member.id_number, member.phone
    return {
        "worker_member": member,
        "worker_name": name,
        "worker_id_number": id_number,
        "worker_phone": phone,
    }


def _intake(unit: OrgUnit, worker_member: Member | None, fields: dict[str, Any]) -> CaseIntake:
    """The mediation case with its referral; a referral registered
    concurrently under the same number is the same 409."""

    def details(case: Case) -> None:
        try:
            with transaction.atomic():
                Referral.objects.create(case=case, **fields)
        except IntegrityError as exc:  # registered concurrently
            found = _existing(fields["court"], fields["court_case_number"])
            raise (_duplicate(found) if found else Conflict(_("duplicate referral"))) from exc

    return CaseIntake(
        program="mediation",
        member=worker_member,
        org_unit=unit,
        status=MediationStatus.REGISTERED,
        details=details,
        # the case-created event carries no summary of the dispute (confidential)
        summary={name: fields[name] for name in SUMMARY_FIELDS},
    )


def referral_locked(case: Case) -> Referral:
    """The case's referral, its row locked for the write that follows."""
    return Referral.objects.select_for_update().get(case=case)


def _refuse_unless_handler(case: Case, actor: Any, referral: Referral) -> None:
    """Only the coordinator or the case's mediator writes; the auditor reads."""
    if actor.is_superuser or referral.mediator_id == actor.pk:
        return
    if MEDIATION_COORDINATOR in user_roles(actor):
        return
    if AUDITOR in user_roles(actor):
        raise Forbidden(_("the auditor's role is read-only"))
    raise Forbidden(_("only the coordinator or the case's mediator may do this"))


# --- assignment ------------------------------------------------------------


def mediation_assign(*, case: Case, actor: Any, mediator: Any) -> Referral:
    """The coordinator picks the mediator; the ``mediate`` step is then
    created in that mediator's hands."""
    referral = referral_locked(case)
    referral_mediator_set(case, mediator, actor, referral=referral)
    return referral


def referral_mediator_set(
    case: Case, user: Any, actor: Any, referral: Referral | None = None
) -> None:
    """The ``on_assigned`` hook of the mediator's steps: whoever holds the
    case's ``mediate`` or ``follow_up`` task is its mediator (and sees its
    confidential content); whoever held it before loses that. Audited."""
    referral = referral or referral_locked(case)
    if referral.mediator_id == user.pk:
        return
    before = referral.mediator.get_username() if referral.mediator else None
    referral.mediator = user
    referral.save(update_fields=["mediator"])
    audit_record(
        case=case,
        actor=actor,
        type=events.MEDIATOR_CHANGED.code,
        data={"from": before, "to": user.get_username()},
    )


# --- sessions and extension (endpoints) ------------------------------------


def session_record(
    *,
    case: Case,
    actor: Any,
    open_steps: set[str],
    held_on: dt.date,
    place: str,
    attendees: list[str],
    notes: str,
    next_step: str = "",
) -> MediationSession:
    """Log a session while ``mediate`` is open (any number of times; called
    under the flow lock by ``workflows.mediation_work``, which says which
    steps are open). The coordinator or the case's mediator only (403 for
    the auditor); 409 when mediation is not under way; 400 for a session
    before the referral was received. The first session moves the case from
    ``assigned`` to ``mediating``."""
    referral = referral_locked(case)
    _refuse_unless_handler(case, actor, referral)
    if "mediate" not in open_steps:
        raise Conflict(
            _("case %(case)s is %(status)s: sessions are logged while mediation is under way")
            % {"case": case.case_number, "status": case.case_status},
            code="wrong_state",
        )
    if held_on < referral.received_on:
        raise InvalidInput(
            _("invalid input"),
            fields={"held_on": [_("may not be before the referral was received")]},
        )
    session = MediationSession.objects.create(
        referral=referral,
        held_on=held_on,
        place=place,
        attendees=attendees,
        notes=notes,
        next_step=next_step,
        recorded_by=actor,
    )
    # the event names the session, never its content (confidential)
    audit_record(
        case=case,
        actor=actor,
        type=events.MEDIATION_SESSION_LOGGED.code,
        data={"session": session.pk, "held_on": held_on},
    )
    if case.case_status == MediationStatus.ASSIGNED:
        case.case_status = MediationStatus.MEDIATING
        case.save(update_fields=["case_status"])
        audit_record(
            case=case,
            actor=actor,
            type=events.STATUS_CHANGED.code,
            data={"from": "assigned", "to": "mediating"},
        )
    return session


def _extend(
    case: Case, actor: Any, referral: Referral, parties_consent: bool, court_consent: bool
) -> None:
    if not rules.extendable(referral.referral_type):
        raise Conflict(
            _(
                "case %(case)s is a union mediation: its time limit cannot be extended"
                " (if no agreement is reached, the parties may apply for arbitration)"
            )
            % {"case": case.case_number},
            code="no_extension",
        )
    if referral.extended:
        raise Conflict(
            _("case %(case)s was already extended once (to %(deadline)s)")
            % {"case": case.case_number, "deadline": referral.deadline},
            code="already_extended",
        )
    fields: dict[str, list[str]] = {}
    if not parties_consent:
        fields["parties_consent"] = [_("an extension needs the parties' consent")]
    if rules.court_consent_required(referral.referral_type) and not court_consent:
        fields["court_consent"] = [_("an entrusted referral needs the court's consent to extend")]
    if fields:
        raise InvalidInput(_("the extension lacks consent"), fields=fields)
    before = referral.deadline
    referral.extension_days = param_int(rules.EXTENSION_PARAMETER)
    referral.deadline = rules.deadline_of(
        referral.received_on, referral.base_days, referral.extension_days
    )
    referral.extended_at = timezone.now()
    referral.parties_consent = parties_consent
    referral.court_consent = court_consent
    referral.save()
    audit_record(
        case=case,
        actor=actor,
        type=events.MEDIATION_EXTENDED.code,
        data={
            "from": before,
            "to": referral.deadline,
            "parties_consent": parties_consent,
            "court_consent": court_consent,
        },
    )


def extension_record(
    *,
    case: Case,
    actor: Any,
    open_steps: set[str],
    parties_consent: bool,
    court_consent: bool = False,
) -> Referral:
    """Extend the time limit once while the case is being assigned or
    mediated, with the parties' consent (and the court's for an entrusted
    referral); ``workflows.mediation_work`` then moves the armed deadline
    timer and the ``mediate`` task's due date. Refuses: 403 (not the
    coordinator or the case's mediator), 409 (already extended, or no step
    under the time limit is open), 400 (consent missing)."""
    referral = referral_locked(case)
    _refuse_unless_handler(case, actor, referral)
    if not open_steps & {"assign", "mediate"} and rules.extendable(referral.referral_type):
        hint = (
            _(" (decide at deadline_decision)")
            if case.case_status == MediationStatus.AWAITING_DECISION
            else ""
        )
        raise Conflict(
            _("case %(case)s is %(status)s: nothing to extend%(hint)s")
            % {"case": case.case_number, "status": case.case_status, "hint": hint},
            code="wrong_state",
        )
    _extend(case, actor, referral, parties_consent, court_consent)
    return referral


# --- deadline decision -------------------------------------------------------


def mediation_decision_extend(
    *, case: Case, actor: Any, parties_consent: bool, court_consent: bool = False
) -> Referral:
    """At ``deadline_decision``: extend once (consent as for any extension);
    the step the time limit interrupted opens again under the new deadline.
    409 when already extended."""
    referral = referral_locked(case)
    _extend(case, actor, referral, parties_consent, court_consent)
    return referral
