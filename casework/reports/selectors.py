"""The yearly figures of a county federation's work report (PROCESSES.md
§Reports), per org subtree. Every figure is an SQL aggregate (a handful of
queries whatever the number of cases); the only Python loops run over the
few grouped rows. Counts and sums only: nothing of a case's content, no
names, no ID numbers.

Which year a figure belongs to: relief applications and mutual-aid claims
by the day the case was created; relief grants by ``granted_on`` (the day of
the final approval); payments by ``paid_on``; mediation by ``received_on``
(as ``mediation_statistics`` counts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from viewflow.workflow.status import STATUS

from casework.core.access import is_staff_user, org_units_visible_to, user_unit
from casework.core.errors import Forbidden, InvalidInput
from casework.core.models import Case, OrgUnit
from casework.core.money import round_money
from casework.mediation.models import Referral
from casework.mediation.selectors import SETTLED_STATUSES, mediation_statistics
from casework.mutual_aid.models import Claim, ClaimPayment, Product
from casework.mutual_aid.models import ReasonCode as ClaimReason
from casework.relief.models import AidType, Category, ReliefApplication, ReliefPayment

ZERO = Decimal("0.00")
OPEN_TASK = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def report_unit(user: Any, org_unit_id: int | None) -> OrgUnit | None:
    """The subtree a report covers: ``org_unit_id`` when the user may see
    it, else the user's own unit (``None`` = everything, superusers only).
    Refuses (403) users who are not staff, (400) a unit outside the scope."""
    if not user.is_superuser and (not is_staff_user(user) or user_unit(user) is None):
        raise Forbidden("reports are for staff of a unit")
    if org_unit_id is None:
        return None if user.is_superuser else user_unit(user)
    unit = org_units_visible_to(user).filter(pk=org_unit_id).first()
    if unit is None:
        raise InvalidInput("unknown org unit", fields={"org_unit": ["not found or outside scope"]})
    return unit


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def _in_unit(unit: OrgUnit | None, prefix: str = "case__") -> Q:
    return Q(**{f"{prefix}org_unit__path__startswith": unit.path}) if unit else Q()


def relief_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    start, end = _year_bounds(year)
    applied = Q(case__created__gte=start, case__created__lt=end)
    granted = Q(granted_on__year=year)
    paid = Q(case__relief_payment__paid_on__year=year)
    rows = ReliefApplication.objects.filter(_in_unit(unit) & (applied | granted | paid))
    measures = {
        "applications": Count("pk", filter=applied),
        "granted": Count("pk", filter=granted),
        "granted_amount": Sum("approved_amount", filter=granted),
        "paid": Count("pk", filter=paid),
        "paid_amount": Sum("case__relief_payment__amount", filter=paid),
    }
    totals = rows.aggregate(
        **measures, persons=Count("case__member", filter=granted, distinct=True)
    )
    by_aid_type = {r["aid_type"]: r for r in rows.values("aid_type").annotate(**measures)}
    per_category = {k: v for k, v in measures.items() if k != "applications"}
    by_category = {
        r["category"]: r for r in rows.filter(granted).values("category").annotate(**per_category)
    }
    return {
        **_clean(totals, measures),
        "persons": totals["persons"],
        "by_aid_type": {a.value: _clean(by_aid_type.get(a.value, {}), measures) for a in AidType},
        "by_category": {
            c.value: _clean(by_category.get(c.value, {}), per_category)
            for c in Category
            if c != Category.NOT_ELIGIBLE
        },
    }


def _clean(row: Mapping[str, Any], measures: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, measure in measures.items():
        value = row.get(key)
        out[key] = round_money(value or ZERO) if isinstance(measure, Sum) else (value or 0)
    return out


def mutual_aid_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    start, end = _year_bounds(year)
    received = Q(case__created__gte=start, case__created__lt=end)
    paid = Q(case__mutual_aid_payment__paid_on__year=year)
    rejected = received & Q(case__case_status="rejected")
    rows = Claim.objects.filter(_in_unit(unit) & (received | paid))
    measures = {
        "claims": Count("pk", filter=received),
        "approved": Count("pk", filter=received & Q(approved_amount__isnull=False)),
        "rejected": Count("pk", filter=rejected),
        "paid": Count("pk", filter=paid),
        "paid_amount": Sum("case__mutual_aid_payment__amount", filter=paid),
    }
    totals = rows.aggregate(**measures)
    by_product = {r["plan__product"]: r for r in rows.values("plan__product").annotate(**measures)}
    reasons = dict(
        rows.filter(rejected)
        .values("reject_reason_code")
        .annotate(n=Count("pk"))
        .values_list("reject_reason_code", "n")
    )
    rejected_by_reason = {r.value: reasons.pop(r.value, 0) for r in ClaimReason}
    if reasons:  # a rejection recorded without a code
        rejected_by_reason["other"] += sum(reasons.values())
    return {
        **_clean(totals, measures),
        "rejected_by_reason": rejected_by_reason,
        "by_product": {p.value: _clean(by_product.get(p.value, {}), measures) for p in Product},
    }


def overdue_tasks(unit: OrgUnit | None) -> list[dict[str, Any]]:
    """Open human tasks past their due date today, per unit of the case and
    role that should take them."""
    from workflows.models import TaskInfo

    rows = (
        TaskInfo.objects.filter(
            _in_unit(unit), due__lt=timezone.localdate(), task__status__in=OPEN_TASK
        )
        .values("case__org_unit_id", "case__org_unit__name", "role")
        .annotate(count=Count("pk"))
        .order_by("case__org_unit__name", "role")
    )
    return [
        {
            "org_unit": {"id": r["case__org_unit_id"], "name": r["case__org_unit__name"]},
            "role": r["role"],
            "count": r["count"],
        }
        for r in rows
    ]


def report_summary(user: Any, *, year: int, org_unit: OrgUnit | None) -> dict[str, Any]:
    """The summary of API.md §Reports for ``org_unit``'s subtree (resolved
    by ``report_unit``)."""
    return {
        "year": year,
        "org_unit": _unit_dict(org_unit),
        "as_of": timezone.localdate(),
        "relief": relief_figures(year, org_unit),
        "mutual_aid": mutual_aid_figures(year, org_unit),
        "mediation": _mediation(user, year, org_unit),
        "overdue_tasks": overdue_tasks(org_unit),
    }


def _mediation(user: Any, year: int, unit: OrgUnit | None) -> dict[str, Any]:
    figures = mediation_statistics(user, year=year, org_unit=unit)
    # SQLite sums decimals without their places: money always has two
    return {k: round_money(v) if k.startswith("amount_") else v for k, v in figures.items()}


def _unit_dict(unit: OrgUnit | None) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name, "code": unit.code} if unit else None


def _by_month(qs: Any, field: str, **measures: Any) -> dict[int, dict[str, Any]]:
    rows = qs.annotate(month=ExtractMonth(field)).values("month").annotate(**measures)
    return {r["month"]: r for r in rows}


def report_monthly(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    """Month-by-month series for charts: one grouped query per series."""
    start, end = _year_bounds(year)
    cases = Case.objects.filter(_in_unit(unit, prefix=""), created__gte=start, created__lt=end)
    series = {
        "relief_applications": _by_month(cases.filter(program="relief"), "created", n=Count("pk")),
        "relief_granted": _by_month(
            ReliefApplication.objects.filter(_in_unit(unit), granted_on__year=year),
            "granted_on",
            n=Count("pk"),
        ),
        "relief_paid_amount": _by_month(
            ReliefPayment.objects.filter(_in_unit(unit), paid_on__year=year),
            "paid_on",
            n=Sum("amount"),
        ),
        "mutual_aid_claims": _by_month(
            cases.filter(program="mutual_aid"), "created", n=Count("pk")
        ),
        "mutual_aid_paid_amount": _by_month(
            ClaimPayment.objects.filter(_in_unit(unit), paid_on__year=year),
            "paid_on",
            n=Sum("amount"),
        ),
        "mediation_referred": _by_month(
            Referral.objects.filter(_in_unit(unit), received_on__year=year),
            "received_on",
            n=Count("pk"),
        ),
        "mediation_settled": _by_month(
            Referral.objects.filter(
                _in_unit(unit), received_on__year=year, case__case_status__in=SETTLED_STATUSES
            ),
            "received_on",
            n=Count("pk"),
        ),
    }
    money = {"relief_paid_amount", "mutual_aid_paid_amount"}
    months = []
    for month in range(1, 13):
        row: dict[str, Any] = {"month": month}
        for name, values in series.items():
            value = values.get(month, {}).get("n")
            row[name] = round_money(value or ZERO) if name in money else (value or 0)
        months.append(row)
    return {"year": year, "org_unit": _unit_dict(unit), "months": months}
