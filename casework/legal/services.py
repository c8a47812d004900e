"""Every write of a consultation (PROCESSES.md §5): its intake, the union
mediation its referral opens (linked both ways), the follow-up and the
close. A new case opens through ``workflows.intake.consultation_log``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.core.access import members_visible_to, user_roles, user_unit
from casework.core.case_records import case_close
from casework.core.errors import Forbidden, InvalidInput
from casework.core.intake import CaseIntake
from casework.core.models import Case, Member, OrgUnit
from casework.core.roles import DUTY_LAWYER

from . import events
from .models import Consultation, ConsultationOutcome, DutySlot
from .roster import ROSTER_ROLES
from .selectors import slots_visible_to
from .statuses import ConsultationStatus

# what the case-created event says of a consultation
SUMMARY_FIELDS = ("channel", "category", "outcome", "follow_up_on")


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(_("invalid input"), fields={field: [message]})


def consultation_intake(
    *,
    actor: Any,
    channel: str,
    slot: int | None,
    visitor: dict[str, Any],
    member: int | None,
    employer: dict[str, str],
    category: str,
    facts: str,
    advice: str,
    outcome: str,
    referred_to: str,
    follow_up_on: dt.date | None,
) -> CaseIntake:
    """A consultation as a case of the actor's unit, ``open`` when a
    follow-up is promised (``later`` or a follow-up date), else closed at
    once by the flow. Refuses: 403 (not a caseworker or supervisor), 400
    naming ``slot`` or ``member`` when not one the actor sees, 400 for
    ``referred_mediation`` or ``referred_legal_aid`` of a visitor with
    neither a member record nor an ID number, or with no employer named."""
    unit, duty, person = _consultation_refusals(actor, slot, member)
    if outcome == ConsultationOutcome.REFERRED_MEDIATION:
        _mediation_refusals(person is not None, visitor, employer)
    if outcome == ConsultationOutcome.REFERRED_LEGAL_AID:
        _legal_aid_refusals(person is not None, visitor, employer)
    fields = {
        "channel": channel,
        "slot": duty,
        "visitor_name": person.name if person else visitor["name"],
        "visitor_id_number": person.id_number if person else visitor["id_number"],
        "id_refused": False if person else visitor["id_refused"],
        "visitor_phone": visitor["phone"] or (person.phone if person else ""),
        "member": person,
        "employer_name": employer["name"],
        "employer_credit_code": employer["credit_code"],
        "category": category,
        "facts": facts,
        "advice": advice,
        "outcome": outcome,
        "referred_to": referred_to,
        "follow_up_on": follow_up_on,
    }

    def details(case: Case) -> None:
        Consultation.objects.create(case=case, **fields)

    return CaseIntake(
        program="consultation",
        member=person,
        org_unit=unit,
        status=ConsultationStatus.OPEN,
        details=details,
        summary={name: fields[name] for name in SUMMARY_FIELDS},
    )


# who logs consultations: the roster's keepers and the lawyer on duty
CONSULTATION_LOGGERS = ROSTER_ROLES | {DUTY_LAWYER}


def consultation_logger_required(actor: Any) -> None:
    """403 unless the actor logs consultations (caseworker, supervisor or
    duty lawyer): the endpoint asks before reading the input."""
    if not (actor.is_superuser or user_roles(actor) & CONSULTATION_LOGGERS):
        raise Forbidden(_("only a caseworker, a supervisor or a duty lawyer logs consultations"))


def _consultation_refusals(
    actor: Any, slot: int | None, member: int | None
) -> tuple[OrgUnit, DutySlot | None, Member | None]:
    """The actor's unit, the slot and the member, each one the actor may
    use (403 for who may not log consultations, 400 for the others)."""
    consultation_logger_required(actor)
    unit = user_unit(actor)
    if unit is None:
        raise Forbidden(_("you belong to no unit, so a case cannot be registered in one"))
    duty = slots_visible_to(actor).filter(pk=slot).first() if slot else None
    if slot and duty is None:
        raise _invalid("slot", _("no such duty slot of yours"))
    person = members_visible_to(actor).filter(pk=member).first() if member else None
    if member and person is None:
        raise _invalid("member", _("no such member of yours"))
    return unit, duty, person


def _mediation_refusals(member: bool, visitor: dict[str, Any], employer: dict[str, str]) -> None:
    """A union mediation needs the worker's ID number (or the member) and
    the employer's name."""
    fields = {}
    if not (member or visitor["id_number"]):
        fields["visitor.id_number"] = [
            _("a union mediation needs the worker's ID number (or pick the member)")
        ]
    if not employer["name"].strip():
        fields["employer.name"] = [_("a union mediation needs the employer's name")]
    if fields:
        raise InvalidInput(_("invalid input"), fields=fields)


def _legal_aid_refusals(member: bool, visitor: dict[str, Any], employer: dict[str, str]) -> None:
    """A legal-aid application needs the applicant's ID number (or the
    member) and the employer's name."""
    fields = {}
    if not (member or visitor["id_number"]):
        fields["visitor.id_number"] = [
            _("a legal-aid application needs the applicant's ID number (or pick the member)")
        ]
    if not employer["name"].strip():
        fields["employer.name"] = [_("a legal-aid application needs the employer's name")]
    if fields:
        raise InvalidInput(_("invalid input"), fields=fields)


def consultation_mediation_fields(case: Case) -> dict[str, Any]:
    """What the union mediation a consultation refers starts with: the
    visitor as the worker, the employer, the category as the dispute type
    and the facts as its summary, received today."""
    c = Consultation.objects.select_related("member").get(case=case)
    today = timezone.localdate()
    dispute = c.category if c.category != "contract" else "other"
    return {
        "court": "",
        "court_case_number": "",
        "referral_type": "union",
        "procedure": "",
        "referred_on": today,
        "received_on": today,
        "worker_member": c.member,
        "worker_name": c.visitor_name,
        "worker_id_number": c.visitor_id_number,
        "worker_phone": c.visitor_phone,
        "employer_name": c.employer_name,
        "employer_credit_code": c.employer_credit_code,
        "dispute_types": [dispute],
        "amount_claimed": Decimal("0.00"),
        "summary": c.facts,
        "consultation_number": case.case_number,
        "unit": case.org_unit,
    }


def consultation_referral_link(*, case: Case, referral: Case, actor: Any) -> Consultation:
    """Name the case the referral opened on the consultation (the other
    way round the new case names the consultation). Audited."""
    c = Consultation.objects.select_for_update().get(case=case)
    c.referral = referral.case_number
    c.save(update_fields=["referral"])
    audit_record(
        case=case,
        actor=actor,
        type=events.CONSULTATION_REFERRED.code,
        data={"referral": referral.case_number, "outcome": c.outcome},
    )
    return c


def consultation_close(*, case: Case, actor: Any) -> Case:
    """Close a consultation that promised no follow-up (the flow, at once)."""
    return case_close(case=case, status=ConsultationStatus.CLOSED, actor=actor)


def consultation_follow_up_done(*, case: Case, actor: Any, result: str) -> Consultation:
    """The promised follow-up is done (a caseworker): its result is kept
    and the consultation closes (the step is the caseworkers')."""
    c = Consultation.objects.select_for_update().get(case=case)
    c.follow_up_result = result
    c.save(update_fields=["follow_up_result"])
    case_close(case=case, status=ConsultationStatus.CLOSED, actor=actor)
    return c
