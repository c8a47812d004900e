"""What the UI shows for the codes the domain and the API use (programs,
statuses, steps, actions, fields, values, roles), translated. One table per
kind, read by the ``label`` template filter; a code missing here shows as
itself. Case statuses and step titles are not typed here: they are read
from where each program declares them (its ``statuses`` and its flow's
steps). The English is plain words; the Chinese is the wording of the
federation's own forms (the catalog is ``locale/zh_Hans``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Member, PaymentMethod
from casework.core.roles import ROLE_LABELS
from casework.legal.models import Category as ConsultationCategory
from casework.legal.models import Channel, ConsultationOutcome
from casework.legal.statuses import ConsultationStatus, SlotStatus
from casework.mediation.models import (
    DisputeType,
    JudicialConfirmation,
    Outcome,
    Performance,
    Procedure,
    ReferralType,
)
from casework.mediation.statuses import MediationStatus
from casework.mutual_aid.models import Product
from casework.mutual_aid.models import ReasonCode as ClaimReason
from casework.mutual_aid.statuses import MutualAidStatus
from casework.relief.models import AidType, Category, Cause
from casework.relief.models import ReasonCode as ReliefReason
from casework.relief.statuses import ReliefStatus, RosterReviewStatus
from casework.reports.documents import DOCUMENT_TYPES
from casework.web.program_labels import ACTIONS_CP, FIELDS_CP, PROGRAMS_CP, STATUSES_CP, VALUES_CP
from workflows.base import DECLARED_FLOWS

PROGRAMS = {
    "relief": _("Hardship relief"),
    "mutual_aid": _("Medical mutual aid"),
    "mediation": _("Labor-dispute mediation"),
    "roster_review": _("Roster review"),
    "consultation": _("Legal consultation"),
    **PROGRAMS_CP,
}

ROLES = ROLE_LABELS

# the case statuses of every program, as each program declares them (a code
# two programs share has the same words in both), then the task statuses of
# the API ("assigned" is also the status of a mediation a mediator holds)
CASE_STATUSES: tuple[type[models.TextChoices], ...] = (
    ReliefStatus,
    MutualAidStatus,
    MediationStatus,
    RosterReviewStatus,
    ConsultationStatus,
    *STATUSES_CP,
)
TASK_STATUSES: dict[str, Any] = {
    "new": _("New"),
    "assigned": _("Assigned"),
    "done": _("Done"),
    "canceled": _("Canceled"),
}
STATUSES: dict[str, Any] = {
    **{status.value: status.label for choices in CASE_STATUSES for status in choices},
    **TASK_STATUSES,
}


class _StepTitles(Mapping[str, Any]):
    """node → the title its flow declares (``Step.title``), read when first
    asked: the flows are loaded when Django starts, after this module. A
    node two programs share gets the title of the first (the task pages show
    each step's own title)."""

    def _titles(self) -> dict[str, Any]:
        titles: dict[str, Any] = {}
        for flow in DECLARED_FLOWS.values():
            for node, step in flow.steps.items():
                titles.setdefault(node, step.title)
        return titles

    def __getitem__(self, node: str) -> Any:
        return self._titles()[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles())

    def __len__(self) -> int:
        return len(self._titles())


STEPS: Mapping[str, Any] = _StepTitles()

ACTIONS: dict[str, Any] = {
    "recommend": _("Recommend"),
    "return": _("Return"),
    "reject": _("Reject"),
    "resubmit": _("Resubmit"),
    "lapse": _("Close as lapsed"),
    "object": _("Record an objection"),
    "approve": _("Approve"),
    "pay": _("Pay"),
    "accept": _("Accept"),
    "confirm": _("Confirm severity"),
    "assign": _("Assign"),
    "settle": _("Settled"),
    "fail": _("Failed"),
    "withdraw": _("Withdraw"),
    "refuse": _("Refused"),
    "extend": _("Extend"),
    "fulfilled": _("Fulfilled"),
    "unfulfilled": _("Not fulfilled"),
    "returned": _("Returned to court"),
    "continue": _("Keep on the roster"),
    "change_category": _("Change category"),
    "exit": _("Remove from the roster"),
    "claim": _("Claim"),
    "release": _("Release"),
    "reassign": _("Reassign"),
    **ACTIONS_CP,
}

# input fields of the actions, applications, claims and referrals, and the
# keys of the case facts (nested facts flattened as ``key.sub``)
FIELDS: dict[str, Any] = {
    **FIELDS_CP,
    # relief
    "member": _("Member"),
    "aid_type": _("Aid type"),
    "cause": _("Cause of hardship"),
    "reason": _("Reason"),
    "household_size": _("Household size"),
    "household_annual_income": _("Household annual income"),
    "rigid_expenses": _("Essential expenses"),
    "accident_costs": _("Accident costs"),
    "requested_amount": _("Requested amount"),
    "visit_date": _("Home visit date"),
    "verified_annual_income": _("Verified annual income"),
    "verified_rigid_expenses": _("Verified essential expenses"),
    "verified_household_size": _("Verified household size"),
    "verify_notes": _("Verification notes"),
    "notes": _("Notes"),
    "note": _("Note"),
    "per_capita_monthly_income": _("Monthly income per person"),
    "subsistence_standard": _("Local subsistence standard"),
    "category": _("Hardship category"),
    "recommended_amount": _("Recommended amount"),
    "recommended_by": _("Recommended by"),
    "notice_ends_on": _("Public notice ends on"),
    "objection": _("Objection"),
    "approved_amount": _("Approved amount"),
    "approved_by": _("Approved by"),
    "approval_comment": _("Approval comment"),
    "comment": _("Comment"),
    "needs_senior_approval": _("Needs senior approval"),
    "senior_approved_by": _("Senior approval by"),
    "granted_on": _("Granted on"),
    "reason_code": _("Grounds"),
    "reject_reason": _("Reason for rejection"),
    "amount": _("Amount"),
    "method": _("Payment method"),
    "reference": _("Payment reference"),
    "paid_on": _("Paid on"),
    "payment": _("Payment"),
    "payment.amount": _("Amount paid"),
    "payment.method": _("Payment method"),
    "payment.reference": _("Payment reference"),
    "payment.paid_on": _("Paid on"),
    "history": _("History"),
    "last_action": _("Last action"),
    # roster
    "roster_entry": _("Roster entry"),
    "relief_case": _("Relief case"),
    "filed_on": _("Filed on"),
    "review_due": _("Review due"),
    "status": _("Status"),
    "exit_reason": _("Reason for leaving"),
    # mutual aid
    "product": _("Mutual-aid product"),
    "plan": _("Mutual-aid plan"),
    "year": _("Year"),
    "hospital": _("Hospital"),
    "admitted_on": _("Admitted on"),
    "discharged_on": _("Discharged on"),
    "diagnosis": _("Diagnosis"),
    "total_expense": _("Total medical expense"),
    "insurance_paid": _("Paid by medical insurance"),
    "eligible_self_pay": _("Eligible self-paid expense"),
    "invoice_numbers": _("Invoice numbers"),
    "severity_class": _("Severity class"),
    "benefit": _("Benefit"),
    "benefit.amount": _("Benefit amount"),
    "benefit.eligible": _("Eligible for the benefit"),
    "benefit.reasons": _("Reasons"),
    "benefit.explanation": _("How the benefit is computed"),
    "plan.year": _("Plan year"),
    "plan.product": _("Mutual-aid product"),
    "plan.version": _("Plan version"),
    "reasons": _("Reasons"),
    "explanation": _("How the benefit is computed"),
    "reviewed_by": _("Reviewed by"),
    "medical_details_hidden": _("Medical details hidden"),
    "paid_amount": _("Contribution paid"),
    "enrolled_on": _("Enrolled on"),
    "contribution": _("Contribution"),
    "coverage_start": _("Coverage starts"),
    "coverage_end": _("Coverage ends"),
    "waiting_days": _("Waiting period (days)"),
    "claim_deadline": _("Claim deadline"),
    "deductible_first": _("Deductible, first claim"),
    "deductible_subsequent": _("Deductible, later claims"),
    "tiers": _("Benefit tiers"),
    "tiers.up_to": _("Tier up to"),
    "tiers.ratio": _("Benefit ratio"),
    "up_to": _("Tier up to"),
    "ratio": _("Benefit ratio"),
    "annual_cap": _("Annual cap"),
    "lump_sums": _("Lump sums by severity class"),
    "file": _("File"),
    "org_unit": _("Union"),
    # mediation
    "court": _("Court"),
    "court_case_number": _("Court case number"),
    "referral_type": _("Referral type"),
    "procedure": _("Procedure"),
    "referred_on": _("Referred on"),
    "received_on": _("Received on"),
    "worker": _("Worker"),
    "worker.member": _("Worker (member)"),
    "worker.name": _("Worker's name"),
    "worker.id_number": _("Worker's ID number"),
    "worker.phone": _("Worker's phone"),
    "employer": _("Employer"),
    "employer.name": _("Employer's name"),
    "employer.credit_code": _("Employer's unified social credit code"),
    "name": _("Name"),
    "id_number": _("ID number"),
    "phone": _("Phone"),
    "credit_code": _("Unified social credit code"),
    "dispute_types": _("Dispute types"),
    "amount_claimed": _("Amount claimed"),
    "summary": _("Summary"),
    "deadline": _("Time limit"),
    "days_left": _("Days left"),
    "deadline_passed": _("Time limit passed"),
    "case_deadline": _("Time limit of the case"),
    "case_days_left": _("Days left"),
    "extended": _("Extended"),
    "extension_days": _("Days of extension"),
    "mediator": _("Mediator"),
    "caseload": _("Open cases"),
    "outcome": _("Outcome"),
    "outcome_on": _("Outcome on"),
    "outcome_reason": _("Reason for the outcome"),
    "judicial_confirmation": _("Judicial confirmation"),
    "performance": _("Performance of the agreement"),
    "performance_due": _("Performance due"),
    "returned_on": _("Returned on"),
    "letter_reference": _("Letter reference"),
    "parties_consent": _("Parties consent"),
    "court_consent": _("Court consents"),
    "agreed_amount": _("Agreed amount"),
    "terms": _("Terms of the agreement"),
    "disputed_points": _("Points in dispute"),
    "follow_up_note": _("Follow-up note"),
    "sessions": _("Sessions"),
    "held_on": _("Held on"),
    "place": _("Place"),
    "attendees": _("Attendees"),
    "next_step": _("Next step"),
    # documents and tasks
    "kind": _("Kind"),
    "document": _("Document"),
    "user": _("User"),
}

# the facts whose value is a user (their username): pages show the person's
# name
PERSON_FIELDS = frozenset(
    {
        "recommended_by",
        "approved_by",
        "senior_approved_by",
        "reviewed_by",
        "mediator",
        "user",
    }
)

# choice codes shown as values (select options, case facts, lists): first
# the words the models declare for their choices (a code two of them share
# reads as the later one: "education" as the cause of hardship), then the
# codes no model choice holds, and the codes the pages word otherwise than
# the model (the fuller wording of the federation's forms)
MODEL_CHOICES: tuple[type[models.Choices], ...] = (
    Member.Gender,
    Member.Status,
    PaymentMethod,
    AidType,
    Cause,
    Category,
    ReliefReason,
    Product,
    ClaimReason,
    ReferralType,
    Procedure,
    DisputeType,
    Outcome,
    JudicialConfirmation,
    Performance,
    Channel,
    ConsultationCategory,
    ConsultationOutcome,
    SlotStatus,
)
VALUES: dict[str, Any] = {
    **{choice.value: choice.label for choices in MODEL_CHOICES for choice in choices},
    **VALUES_CP,
    "yes": _("yes"),
    "no": _("no"),
    # worded here otherwise than on the model
    "left": _("left the union"),
    "exited": _("left the roster"),
    "income_above_threshold": _("income above the standard"),
    "critical_illness": _("critical illness mutual aid"),
    "female_special": _("female workers' special diseases mutual aid"),
    "delegated": _("delegated mediation"),
    "entrusted": _("entrusted mediation"),
    "overtime": _("overtime pay"),
    "fail": _("mediation failed"),
    "not_applied": _("not applied for"),
    "applied": _("applied for"),
    "unfulfilled": _("not fulfilled"),
    # why a household leaves the roster
    "out_of_hardship": _("out of hardship"),
    "retired": _("retired"),
    "moved": _("moved away"),
    "deceased": _("deceased"),
    "failed_income_check": _("failed the income check"),
    # documents
    "application": _("application"),
    "invoice": _("invoice"),
    "supplement": _("supplementary material"),
    "visit_record": _("home-visit record"),
    "approval_form": _("relief approval form"),
    "benefit_statement": _("mutual-aid benefit statement"),
    "mediation_agreement": _("mediation agreement"),
    "court_feedback": _("feedback letter to the court"),
    "public_notice": _("public notice list"),
    # exports
    "summary": _("yearly summary"),
    "cases": _("case list"),
    "pending": _("pending"),
    "running": _("running"),
}

# a generated document's kind is ``generated:<document>``: it reads as the
# document's own name
VALUES.update({f"generated:{name}": VALUES[name] for name in DOCUMENT_TYPES})

# where a personal-data view happened (``via`` of a ``viewed`` event):
# the page or the API operation; one not named here reads as its channel
VIA: dict[str, Any] = {
    "web": _("web page"),
    "api": _("REST API"),
    "web.case": _("case page"),
    "web.task": _("task page"),
    "web.document": _("document download"),
    "web.document_preview": _("document preview"),
    "web.member_file": _("member file"),
    "web.my_answer": _("member's answer to a return"),
    "web.my_document": _("member's own document"),
    "web.intake": _("new case form"),
}

TABLES: dict[str, Mapping[str, Any]] = {
    "program": PROGRAMS,
    "role": ROLES,
    "status": STATUSES,
    "step": STEPS,
    "action": ACTIONS,
    "field": FIELDS,
    "value": VALUES,
    "via": VIA,
}


def label(code: Any, table: str) -> Any:
    if code is None or code == "":
        return ""
    words = TABLES[table].get(str(code))
    if words is None and table == "via":
        words = VIA.get(str(code).split(".")[0])
    return code if words is None else words
