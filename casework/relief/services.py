"""Every write of the relief process (PROCESSES.md §1). Task actions are
called by the engine inside its transaction, with the flow locked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.calendar import add_working_days
from casework.core.case_records import (
    case_close,
    fields_apply,
    history_note,
    history_noted,
    rejection_record,
)
from casework.core.errors import Conflict, InvalidInput
from casework.core.intake import CaseIntake
from casework.core.models import Case, Member, Payment
from casework.core.parameters import param_decimal, param_int
from casework.core.payments import payment_record

from .models import AidType, Category, ReliefApplication, RosterEntry
from .roster import next_review
from .rules import CategoryResult
from .selectors import (
    category_of,
    ceiling_for,
    grants_of,
    open_relief_case,
    subsistence_standard_for,
)
from .statuses import ReliefStatus

APPLICATION_FIELDS = (
    "aid_type",
    "cause",
    "reason",
    "household_size",
    "household_annual_income",
    "rigid_expenses",
    "accident_costs",
    "requested_amount",
)


def _refuse_duplicates_and_limits(
    member: Member, aid_type: str, cause: str, today: dt.date
) -> None:
    open_case = open_relief_case(member)
    if open_case:
        raise Conflict(
            _("%(member)s already has an open relief case %(case)s")
            % {"member": member.name, "case": open_case.case_number},
            code="duplicate_case",
        )
    _refuse_limits(member, aid_type, cause, today)


def _refuse_limits(member: Member, aid_type: str, cause: str, today: dt.date) -> None:
    """409 ``limit_reached`` when the member's earlier grants leave no room
    for a grant of ``aid_type`` for ``cause``."""
    grants = grants_of(member)
    per_year = param_int("relief.grants_per_aid_type_per_year")
    same_type = grants.filter(aid_type=aid_type, granted_on__year=today.year)
    if same_type.count() >= per_year:
        raise Conflict(
            _(
                "limit reached: %(count)s %(aid_type)s grant(s) per calendar year "
                "(already granted in %(case)s)"
            )
            % {
                "count": per_year,
                "aid_type": AidType(aid_type).label,
                "case": same_type.first().case.case_number,
            },
            code="limit_reached",
        )
    if aid_type == "temporary":
        temporary = grants.filter(aid_type="temporary")
        if temporary.count() >= param_int("relief.temporary_max_grants"):
            raise Conflict(
                _("limit reached: temporary aid granted the maximum number of times"),
                code="limit_reached",
            )
        same_cause = temporary.filter(cause=cause).first()
        if same_cause:
            raise Conflict(
                _("limit reached: temporary aid for %(cause)s was already granted in %(case)s")
                % {"cause": cause, "case": same_cause.case.case_number},
                code="limit_reached",
            )


def relief_intake(*, actor: Any, member: Member, **fields: Any) -> CaseIntake:
    """A relief case for ``member`` (opened by ``workflows.intake``, in its
    transaction). Refuses (409) when the member has another open relief case
    or a grant limit is reached. The member row is locked so two submissions
    for one member cannot both pass the checks."""
    member = (
        Member.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=member.pk)
    )
    _refuse_duplicates_and_limits(member, fields["aid_type"], fields["cause"], timezone.localdate())
    app_fields = {k: fields.get(k) for k in APPLICATION_FIELDS}

    def details(case: Case) -> None:
        ReliefApplication.objects.create(case=case, **app_fields)

    return CaseIntake(
        program="relief",
        member=member,
        org_unit=member.org_unit,
        status=ReliefStatus.SUBMITTED,
        details=details,
        summary=app_fields,
    )


def _app(case: Case) -> ReliefApplication:
    """The case's application: as it came with the case under the flow's
    lock (the engine's read of a step: every service here is a step's
    action, so the case row's lock covers its application), else read and
    locked now."""
    if Case.relief.is_cached(case):  # type: ignore[attr-defined]
        app: ReliefApplication = case.relief  # type: ignore[attr-defined]
        return app
    app = ReliefApplication.objects.select_for_update().get(case=case)
    # the flow's gates and due dates read ``case.relief`` next: no second read
    case.relief = app
    return app


def relief_recommend(
    *,
    case: Case,
    actor: Any,
    visit_date: dt.date,
    verified_annual_income: Decimal,
    verified_rigid_expenses: Decimal,
    household_size: int,
    recommended_amount: Decimal,
    notes: str = "",
    accident_costs: Decimal | None = None,
) -> ReliefApplication:
    """Record the home visit, compute the category against the unit's 低保,
    and recommend an amount. Refuses 409 ``not_eligible`` for a not-eligible
    household and 400 for an amount above the ceiling."""
    app = _app(case)
    standard = subsistence_standard_for(case.org_unit)
    costs = accident_costs if accident_costs is not None else app.accident_costs
    result = category_of(
        app,
        standard=standard,
        annual_income=verified_annual_income,
        rigid_expenses=verified_rigid_expenses,
        household_size=household_size,
        accident_costs=costs,
    )
    _refuse_ineligible_or_above_ceiling(app, result, standard, recommended_amount)
    notice_days = param_int("relief.public_notice_days")
    changed = fields_apply(
        app,
        {
            "visit_date": visit_date,
            "verified_annual_income": verified_annual_income,
            "verified_rigid_expenses": verified_rigid_expenses,
            "verified_household_size": household_size,
            "accident_costs": costs,
            "verify_notes": notes,
            "per_capita_monthly_income": result.per_capita_monthly_income,
            "subsistence_standard": standard,
            "category": result.category,
            "recommended_amount": recommended_amount,
            "notice_ends_on": add_working_days(timezone.localdate(), notice_days)
            if notice_days
            else None,
        },
    )
    app.recommended_by = actor
    app.save()
    audit_record(case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed})
    return app


def _refuse_ineligible_or_above_ceiling(
    app: ReliefApplication, result: CategoryResult, standard: Decimal, amount: Decimal
) -> None:
    """409 ``not_eligible`` for a not-eligible household; 400 for an amount
    above the ceiling of the aid type and category."""
    if result.category == "not_eligible":
        raise Conflict(
            _(
                "the household is not eligible: %(income)s CNY per person per month "
                "against a standard of %(standard)s"
            )
            % {"income": result.per_capita_monthly_income, "standard": standard},
            code="not_eligible",
        )
    ceiling = ceiling_for(app.aid_type, result.category)
    if ceiling is not None and amount > ceiling:
        raise InvalidInput(
            _("recommended amount above the ceiling"),
            fields={
                "recommended_amount": [
                    _("at most %(ceiling)s for %(aid_type)s/%(category)s")
                    % {
                        "ceiling": ceiling,
                        "aid_type": AidType(app.aid_type).label,
                        "category": Category(result.category).label,
                    }
                ]
            },
        )


def relief_return(*, case: Case, actor: Any, reason: str) -> ReliefApplication:
    """Ask the submitter for documents or corrections (→ ``supplement``)."""
    return history_noted(_app(case), actor, "returned", reason=reason)


def relief_reject(
    *, case: Case, actor: Any, reason: str = "", reason_code: str = "other"
) -> ReliefApplication:
    """Reject the application; the case ends ``rejected``."""
    return rejection_record(
        _app(case),
        case=case,
        actor=actor,
        status=ReliefStatus.REJECTED,
        reason_code=reason_code,
        reason=reason,
    )


def relief_resubmit(*, case: Case, actor: Any, note: str = "", **fields: Any) -> ReliefApplication:
    """The submitter's corrections; back to verification. A new aid type or
    cause is held against the grant limits like a new application (409)."""
    app = _app(case)
    aid_type, cause = fields.get("aid_type", app.aid_type), fields.get("cause", app.cause)
    if case.member is not None and (aid_type, cause) != (app.aid_type, app.cause):
        _refuse_limits(case.member, aid_type, cause, timezone.localdate())
    changed = fields_apply(app, {k: v for k, v in fields.items() if k in APPLICATION_FIELDS})
    history_note(app, actor, "resubmitted", note=note)
    app.save()
    if changed:
        audit_record(
            case=case, actor=actor, type=events.FIELD_CHANGED.code, data={"changes": changed}
        )
    return app


def relief_lapse(*, case: Case, actor: Any, reason: str = "") -> ReliefApplication:
    """Close a case whose supplement is overdue as ``lapsed`` (supervisor;
    the step declares the action for an overdue task only)."""
    app = _app(case)
    history_note(app, actor, "lapsed", reason=reason)
    app.save(update_fields=["history"])
    case_close(case=case, status=ReliefStatus.LAPSED, actor=actor)
    return app


def relief_object(*, case: Case, actor: Any, objection: str) -> ReliefApplication:
    """An objection during the public notice: back to verification."""
    return history_noted(_app(case), actor, "objection", objection=objection)


def _grant(case: Case, app: ReliefApplication, actor: Any) -> None:
    """Final approval: the grant counts from today; deep/relative households
    are filed on the hardship roster with a review due a year later."""
    today = timezone.localdate()
    app.granted_on = today
    if app.category in ("deep", "relative") and case.member_id:
        review_due = next_review(today)
        # one upsert (the member's entry is unique): filed anew or refiled
        RosterEntry.objects.bulk_create(
            [
                RosterEntry(
                    member_id=case.member_id,
                    case=case,
                    category=app.category,
                    filed_on=today,
                    review_due=review_due,
                    status=RosterEntry.Status.ACTIVE,
                    exit_reason="",
                )
            ],
            update_conflicts=True,
            unique_fields=["member"],
            update_fields=["case", "category", "filed_on", "review_due", "status", "exit_reason"],
        )
        audit_record(
            case=case,
            actor=actor,
            type=events.ROSTER_FILED.code,
            data={"category": app.category, "review_due": review_due},
        )


def relief_approve(
    *, case: Case, actor: Any, approved_amount: Decimal, comment: str = ""
) -> ReliefApplication:
    """First approval. The amount may not exceed the recommendation; a lower
    amount needs a comment. At or above the senior threshold a second,
    different supervisor must approve too."""
    app = _app(case)
    _check_amount(approved_amount, app.recommended_amount, comment, gettext_noop("recommended"))
    app.approved_amount = approved_amount
    app.approved_by = actor
    app.approval_comment = comment
    app.needs_senior_approval = approved_amount >= param_decimal("relief.senior_approval_threshold")
    if not app.needs_senior_approval:
        _grant(case, app, actor)
    app.save()
    return app


def relief_senior_approve(
    *, case: Case, actor: Any, approved_amount: Decimal, comment: str = ""
) -> ReliefApplication:
    """Second approval by a different supervisor."""
    app = _app(case)
    _check_amount(approved_amount, app.approved_amount, comment, gettext_noop("first approved"))
    app.approved_amount = approved_amount
    app.senior_approved_by = actor
    if comment:
        app.approval_comment = f"{app.approval_comment}\n{comment}".strip()
    _grant(case, app, actor)
    app.save()
    return app


def _check_amount(amount: Decimal, ceiling: Decimal | None, comment: str, what: str) -> None:
    if ceiling is not None and amount > ceiling:
        raise InvalidInput(
            _("approved amount above the %(what)s amount") % {"what": _(what)},
            fields={"approved_amount": [_("at most %(ceiling)s") % {"ceiling": ceiling}]},
        )
    if ceiling is not None and amount < ceiling and not comment.strip():
        raise InvalidInput(
            _("a lower amount than the %(what)s one needs a comment") % {"what": _(what)},
            fields={"comment": [_("required when approving less than recommended")]},
        )


def relief_approval_reject(*, case: Case, actor: Any, reason: str) -> ReliefApplication:
    app = _app(case)
    app.reject_reason_code, app.reject_reason = "other", reason
    app.save(update_fields=["reject_reason_code", "reject_reason"])
    case_close(case=case, status=ReliefStatus.REJECTED, actor=actor)
    return app


def relief_approval_return(*, case: Case, actor: Any, reason: str) -> ReliefApplication:
    return history_noted(_app(case), actor, "approval_returned", reason=reason)


def relief_pay(
    *, case: Case, actor: Any, amount: Decimal, method: str, reference: str, paid_on: dt.date
) -> Payment:
    """Record the one payment of the case (amount = the approved amount;
    refusals: ``payment_record``) and close it ``closed``."""
    payment = payment_record(
        case=case,
        actor=actor,
        amount=amount,
        method=method,
        reference=reference,
        paid_on=paid_on,
        approved_amount=_app(case).approved_amount,
    )
    case_close(case=case, status=ReliefStatus.CLOSED, actor=actor)
    return payment
