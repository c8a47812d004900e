"""Every write of legal aid (PROCESSES.md §5): the application with its
computed means test, the review, the approval, the lawyer's assignment
with its 委派函, and the closing with the result and the closing report.
Task actions are called by the engine inside its transaction, with the
flow locked. A legal-aid case opens from the API, from a consultation
referred to legal aid and from a reconsideration that overturns a refusal
(``aid_reopen_intake``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.access import user_roles, user_unit
from casework.core.applicants import applicant_of
from casework.core.case_records import case_close, fields_apply, history_note, history_noted
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.intake import CaseIntake
from casework.core.models import Case, Member, OrgUnit
from casework.core.roles import CASEWORKER

from .aid_documents import DELEGATION, REFUSAL, aid_letter
from .aid_selectors import CLOSING_REPORT, closing_report_attached, means_test_for
from .models import AidClaim, Consultation, LegalAid
from .statuses import LegalAidStatus

FIGURES = ("claim", "amount_in_dispute", "household_size", "household_monthly_income")
APPLICATION_FIELDS = (*FIGURES, "migrant_worker", "facts")


def _applicant(actor: Any, applicant: dict[str, Any]) -> tuple[Member | None, OrgUnit]:
    """The member the application is for (a member may name only
    themself: 403), or none for a person; and the unit the case is of."""
    if applicant.get("member"):
        member = applicant_of(
            actor,
            {"member": applicant["member"]},
            not_themself=_("a member may apply only for themself"),
        )
        return member, member.org_unit
    if not (actor.is_superuser or CASEWORKER in user_roles(actor)):
        raise Forbidden(_("a member may apply only for themself"))
    unit = user_unit(actor)
    if unit is None:
        raise Forbidden(_("you belong to no unit, so a case cannot be registered in one"))
    return None, unit


def _refuse_duplicate(id_number: str) -> None:
    """409 ``duplicate_case`` while the applicant has an open legal-aid case."""
    open_case = (
        LegalAid.objects.filter(applicant_id_number=id_number, case__closed__isnull=True)
        .select_related("case")
        .first()
    )
    if id_number and open_case is not None:
        raise Conflict(
            _("the applicant already has an open legal-aid case %(case)s")
            % {"case": open_case.case.case_number},
            code="duplicate_case",
        )


def legal_aid_intake(
    *, actor: Any, applicant: dict[str, Any], employer: dict[str, str], **fields: Any
) -> CaseIntake:
    """A legal-aid application as a case (``submitted``) with its means test
    computed. Refuses: 403 (a member for someone else, an actor with no
    unit), 400 naming ``member`` for a member the actor may not see, 409
    ``duplicate_case`` while the applicant has an open one."""
    member, unit = _applicant(actor, applicant)
    return aid_intake_for(
        member=member, unit=unit, applicant=applicant, employer=employer, **fields
    )


def aid_intake_for(
    *,
    member: Member | None,
    unit: OrgUnit,
    applicant: dict[str, Any],
    employer: dict[str, str],
    consultation: str = "",
    reopened_from: str = "",
    **fields: Any,
) -> CaseIntake:
    """The intake of an application whose applicant (``member``, or the
    person ``applicant`` names) and unit are settled: the means test, the
    duplicate check (409 ``duplicate_case``) and the record."""
    if member is not None:
        member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
    person = {
        "applicant_name": member.name if member else applicant["name"],
        "applicant_id_number": member.id_number if member else applicant["id_number"],
        "applicant_phone": applicant.get("phone") or (member.phone if member else ""),
    }
    _refuse_duplicate(person["applicant_id_number"])
    test = means_test_for(unit, fields)
    record = {
        **person,
        "employer_name": employer["name"],
        "employer_credit_code": employer.get("credit_code", ""),
        **{name: fields[name] for name in APPLICATION_FIELDS},
        "eligible": test.eligible,
        "reasons": test.reasons,
        "per_capita_income": test.per_capita_income,
        "income_ceiling": test.income_ceiling,
        "consultation": consultation,
        "reopened_from": reopened_from,
    }

    def details(case: Case) -> None:
        LegalAid.objects.create(case=case, **record)

    hidden = ("applicant_id_number", "applicant_phone")
    return CaseIntake(
        program="legal_aid",
        member=member,
        org_unit=unit,
        status=LegalAidStatus.SUBMITTED,
        details=details,
        summary={k: v for k, v in record.items() if k not in hidden},
    )


def _aid(case: Case) -> LegalAid:
    aid = LegalAid.objects.select_for_update().get(case=case)
    case.legal_aid = aid  # the flow's conditions and four-eyes read it next
    return aid


def aid_accept(*, case: Case, actor: Any, comment: str = "") -> LegalAid:
    """The review accepts the application for approval; 409 ``not_eligible``
    when the means test fails (refuse it, or return it for other figures)."""
    aid = _aid(case)
    if not aid.eligible:
        raise Conflict(
            _(
                "the applicant does not pass the means test (%(reasons)s): "
                "refuse the application or return it for other figures"
            )
            % {"reasons": ", ".join(aid.reasons)},
            code="not_eligible",
        )
    aid.reviewed_by = actor
    history_note(aid, actor, "accepted", comment=comment)
    aid.save(update_fields=["reviewed_by", "history"])
    return aid


def aid_return(*, case: Case, actor: Any, reason: str) -> LegalAid:
    """Back to the applicant for documents or other figures (→ ``supplement``)."""
    return history_noted(_aid(case), actor, "returned", reason=reason)


def aid_resubmit(*, case: Case, actor: Any, note: str = "", **fields: Any) -> LegalAid:
    """The applicant's corrections; the means test is computed again and
    the application goes back to the review."""
    aid = _aid(case)
    values = {k: v for k, v in fields.items() if k in APPLICATION_FIELDS}
    figures = {name: values.get(name, getattr(aid, name)) for name in (*FIGURES, "migrant_worker")}
    test = means_test_for(case.org_unit, figures)
    changed = fields_apply(
        aid,
        {
            **values,
            "eligible": test.eligible,
            "reasons": test.reasons,
            "per_capita_income": test.per_capita_income,
            "income_ceiling": test.income_ceiling,
        },
    )
    history_note(aid, actor, "resubmitted", note=note)
    aid.save()
    if changed:
        audit_record(
            case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed}
        )
    return aid


def aid_refuse(*, case: Case, actor: Any, reason: str) -> LegalAid:
    """Refuse the application (at the review or the approval): the refusal
    letter is generated and the case ends ``refused``."""
    aid = _aid(case)
    aid.refusal_reason = reason
    history_note(aid, actor, "refused", reason=reason)
    aid.save(update_fields=["refusal_reason", "history"])
    case_close(case=case, status=LegalAidStatus.REFUSED, actor=actor)
    aid_letter(case=case, aid=aid, actor=actor, document=REFUSAL)
    return aid


def aid_approve(*, case: Case, actor: Any, comment: str = "") -> LegalAid:
    """The supervisor's sign-off (not the reviewer: the step's four-eyes)."""
    aid = _aid(case)
    aid.approved_by = actor
    history_note(aid, actor, "approved", comment=comment)
    aid.save(update_fields=["approved_by", "history"])
    return aid


def aid_assign(*, case: Case, actor: Any, lawyer: str, firm: str) -> LegalAid:
    """The lawyer and the firm; the 委派函 is generated as a case document."""
    aid = _aid(case)
    changed = fields_apply(
        aid, {"lawyer": lawyer, "firm": firm, "assigned_on": timezone.localdate()}
    )
    aid.save(update_fields=["lawyer", "firm", "assigned_on"])
    audit_record(case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed})
    aid_letter(case=case, aid=aid, actor=actor, document=DELEGATION)
    return aid


def aid_close(*, case: Case, actor: Any, result: str, amount_recovered: Decimal) -> LegalAid:
    """Close with the result and the amount recovered; 409
    ``closing_report_missing`` until a document of kind ``closing_report``
    is attached, 400 for an amount recovered on a lost or withdrawn case."""
    aid = _aid(case)
    if not closing_report_attached(case):
        raise Conflict(
            _("attach the closing report (a document of kind %(kind)s) before closing")
            % {"kind": CLOSING_REPORT},
            code="closing_report_missing",
        )
    if result in ("lost", "withdrawn") and amount_recovered > 0:
        raise InvalidInput(
            _("invalid input"),
            fields={"amount_recovered": [_("nothing is recovered on a lost or withdrawn case")]},
        )
    changed = fields_apply(aid, {"result": result, "amount_recovered": amount_recovered})
    aid.save(update_fields=["result", "amount_recovered"])
    audit_record(case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed})
    case_close(case=case, status=LegalAidStatus.CLOSED, actor=actor)
    return aid


def aid_reopen_intake(original: Case, *, actor: Any) -> CaseIntake:
    """A new legal-aid application pre-filled from a refused one (the
    reconsideration's ``overturn``, opened by ``workflows.intake``): the
    same applicant, unit, employer, claim, figures and facts, naming the
    original in ``data.reopened_from``. ``actor`` opens it (its submitter)."""
    old = LegalAid.objects.get(case=original)
    return aid_intake_for(
        member=original.member,
        unit=original.org_unit,
        applicant={
            "name": old.applicant_name,
            "id_number": old.applicant_id_number,
            "phone": old.applicant_phone,
        },
        employer={"name": old.employer_name, "credit_code": old.employer_credit_code},
        reopened_from=original.case_number,
        **{name: getattr(old, name) for name in APPLICATION_FIELDS},
    )


def consultation_aid_intake(case: Case, *, actor: Any) -> CaseIntake:
    """The legal-aid application a consultation referred (``referred_legal_aid``):
    the visitor (or the member) as the applicant, the employer, the category
    as the claim and the facts, in the consultation's unit, naming it in
    ``data.consultation``. The figures of the means test are not asked at a
    consultation: they start at nothing, and the review returns the
    application for them."""
    c = Consultation.objects.select_related("member").get(case=case)
    return aid_intake_for(
        member=c.member,
        unit=case.org_unit,
        applicant={
            "name": c.visitor_name,
            "id_number": c.visitor_id_number,
            "phone": c.visitor_phone,
        },
        employer={"name": c.employer_name, "credit_code": c.employer_credit_code},
        consultation=case.case_number,
        claim=c.category if c.category in AidClaim.values else AidClaim.OTHER,
        amount_in_dispute=Decimal("0.00"),
        household_size=1,
        household_monthly_income=Decimal("0.00"),
        migrant_worker=False,
        facts=c.facts,
    )
