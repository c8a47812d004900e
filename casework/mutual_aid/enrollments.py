"""The writes of mutual-aid plans and enrollments (PROCESSES.md §2
Enrollment): a plan per year and product with its parameters, and one
member enrolled at a time (the group import, ``imports.py``, applies the
same ``enrollment_problems``). Each write is audited as a case-less event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.errors import Conflict, InvalidInput
from casework.core.models import Member

from .models import Enrollment, Plan
from .rules import plan_problems, terms_from_plan
from .selectors import enrollment_of, is_renewal

PLAN_FIELDS = (
    "year",
    "product",
    "contribution",
    "coverage_start",
    "coverage_end",
    "waiting_days",
    "claim_deadline",
    "deductible_first",
    "deductible_subsequent",
    "tiers",
    "annual_cap",
    "lump_sums",
)


# --- plans ------------------------------------------------------------------


def _validated(plan: Plan) -> None:
    problems = plan_problems(terms_from_plan(plan))
    if problems:
        raise InvalidInput(_("invalid plan parameters"), fields=problems)


def _plan_values(plan: Plan) -> dict[str, Any]:
    return terms_from_plan(plan).snapshot()


@transaction.atomic
def plan_create(*, actor: Any, **values: Any) -> Plan:
    """Create the plan of a year × product. Refuses invalid parameters (400,
    see ``rules.plan_problems``) and a second plan for the same year ×
    product (409). Audited as a case-less event."""
    plan = Plan(**{k: v for k, v in values.items() if k in PLAN_FIELDS})
    _validated(plan)
    existing = Plan.objects.filter(year=plan.year, product=plan.product).first()
    if existing:
        raise Conflict(
            _("a %(product)s plan for %(year)s exists (id %(id)s)")
            % {"product": plan.product, "year": plan.year, "id": existing.pk},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise Conflict(
            _("a %(product)s plan for %(year)s exists")
            % {"product": plan.product, "year": plan.year},
            code="duplicate",
        ) from exc
    audit_record(
        case=None,
        actor=actor,
        type=events.MA_PLAN_CREATED.code,
        data={"plan": plan.pk, **_plan_values(plan)},
    )
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, actor: Any, **values: Any) -> Plan:
    """Change a plan's parameters (not its year or product). Every change
    bumps the version, so claims assessed before keep explaining themselves
    with the snapshot they stored. Refuses invalid parameters (400)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = _plan_values(plan)
    for name, value in values.items():
        if name in PLAN_FIELDS and name not in ("year", "product"):
            setattr(plan, name, value)
    _validated(plan)
    after = _plan_values(plan)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k] and k != "version"}
    if not changes:
        return plan
    plan.version += 1
    plan.save()
    audit_record(
        case=None,
        actor=actor,
        type=events.MA_PLAN_CHANGED.code,
        data={"plan": plan.pk, "version": plan.version, "changes": changes},
    )
    return plan


# --- enrollment ---------------------------------------------------------------


def enrollment_problems(
    *, gender: str, active: bool, plan: Plan, paid_amount: Decimal, enrolled_on: dt.date
) -> list[str]:
    """Why this enrollment may not be made (the rules shared by the single
    enrollment and the group import), empty when it may."""
    problems = []
    if paid_amount < plan.contribution:
        problems.append(
            _("paid amount %(paid)s is below the contribution %(contribution)s")
            % {"paid": paid_amount, "contribution": plan.contribution}
        )
    if enrolled_on.year not in (plan.year - 1, plan.year) or enrolled_on > plan.coverage_end:
        problems.append(
            _("enrolled_on must lie in %(start)s–%(end)s")
            % {"start": plan.year - 1, "end": plan.coverage_end}
        )
    if plan.product == "female_special" and gender != "female":
        problems.append(_("female_special is for female members only"))
    if not active:
        problems.append(_("the member has left the union"))
    return problems


@transaction.atomic
def enrollment_create(
    *, actor: Any, member: Member, plan: Plan, paid_amount: Decimal, enrolled_on: dt.date
) -> Enrollment:
    """Enroll one member. Refuses (400) a paid amount below the contribution,
    a date outside the plan, female_special for a male member; (409) a member
    already enrolled in the plan. Renewal is recorded when the member was
    enrolled in the same product the year before."""
    problems = enrollment_problems(
        gender=member.gender,
        active=member.status == Member.Status.ACTIVE,
        plan=plan,
        paid_amount=paid_amount,
        enrolled_on=enrolled_on,
    )
    if problems:
        raise InvalidInput(_("invalid enrollment"), fields={"enrollment": problems})
    if enrollment_of(member, plan):
        raise _already_enrolled(member, plan)
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                member=member,
                plan=plan,
                paid_amount=paid_amount,
                enrolled_on=enrolled_on,
                renewal=is_renewal(member.pk, plan),
            )
    except IntegrityError as exc:
        raise _already_enrolled(member, plan) from exc
    audit_record(
        case=None,
        actor=actor,
        type=events.MA_ENROLLED.code,
        data={
            "member": member.pk,
            "plan": plan.pk,
            "paid_amount": paid_amount,
            "enrolled_on": enrolled_on,
            "renewal": enrollment.renewal,
        },
    )
    return enrollment


def _already_enrolled(member: Member, plan: Plan) -> Conflict:
    return Conflict(
        _("%(member)s is already enrolled in %(plan)s") % {"member": member.name, "plan": plan},
        code="duplicate",
    )
