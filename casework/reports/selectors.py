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
    # the subtree's unit ids as a subquery: a semi-join on the small unit
    # table instead of joining every row to its unit to compare paths
    if unit is None:
        return Q()
    subtree = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
    return Q(**{f"{prefix}org_unit__in": subtree})


def _figures(rows: Mapping[str, Any], keys: tuple[str, ...], money: tuple[str, ...]) -> dict:
    return {k: round_money(rows.get(k) or ZERO) if k in money else rows.get(k) or 0 for k in keys}


def _add(into: dict[str, Any], row: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        into[key] = (into.get(key) or 0) + (row.get(key) or 0)


RELIEF_MEASURES = ("applications", "granted", "granted_amount", "paid", "paid_amount")
RELIEF_MONEY = ("granted_amount", "paid_amount")


def relief_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    """Three grouped queries, each on its own indexed date (the day the case
    was created, ``granted_on``, ``paid_on``), so a year reads only that
    year's rows; totals are the sums of the groups."""
    start, end = _year_bounds(year)
    in_unit = _in_unit(unit)
    by_aid: dict[str, dict[str, Any]] = {a.value: {} for a in AidType}
    by_category: dict[str, dict[str, Any]] = {}
    applied = (
        ReliefApplication.objects.filter(in_unit, case__created__gte=start, case__created__lt=end)
        .values("aid_type")
        .annotate(applications=Count("pk"))
    )
    for a in applied:
        _add(by_aid.setdefault(a["aid_type"], {}), a, ("applications",))
    granted_rows = ReliefApplication.objects.filter(in_unit, granted_on__year=year)
    granted = granted_rows.values("aid_type", "category").annotate(
        granted=Count("pk"), granted_amount=Sum("approved_amount")
    )
    for g in granted:
        _add(by_aid.setdefault(g["aid_type"], {}), g, ("granted", "granted_amount"))
        _add(by_category.setdefault(g["category"], {}), g, ("granted", "granted_amount"))
    # the categories count the payments of the year's grants
    granted_this_year = Q(case__relief__granted_on__year=year)
    paid = (
        ReliefPayment.objects.filter(_in_unit(unit), paid_on__year=year)
        .values("case__relief__aid_type", "case__relief__category")
        .annotate(
            paid=Count("pk"),
            paid_amount=Sum("amount"),
            paid_granted=Count("pk", filter=granted_this_year),
            paid_granted_amount=Sum("amount", filter=granted_this_year),
        )
    )
    for p in paid:
        _add(by_aid.setdefault(p["case__relief__aid_type"], {}), p, ("paid", "paid_amount"))
        of_grants = {"paid": p["paid_granted"], "paid_amount": p["paid_granted_amount"]}
        _add(
            by_category.setdefault(p["case__relief__category"], {}),
            of_grants,
            ("paid", "paid_amount"),
        )
    totals: dict[str, Any] = {}
    for figures in by_aid.values():
        _add(totals, figures, RELIEF_MEASURES)
    persons = granted_rows.aggregate(n=Count("case__member", distinct=True))["n"]
    per_category = RELIEF_MEASURES[1:]
    return {
        **_figures(totals, RELIEF_MEASURES, RELIEF_MONEY),
        "persons": persons,
        "by_aid_type": {
            a.value: _figures(by_aid[a.value], RELIEF_MEASURES, RELIEF_MONEY) for a in AidType
        },
        "by_category": {
            c.value: _figures(by_category.get(c.value, {}), per_category, RELIEF_MONEY)
            for c in Category
            if c != Category.NOT_ELIGIBLE
        },
    }


CLAIM_MEASURES = ("claims", "approved", "rejected", "paid", "paid_amount")
CLAIM_MONEY = ("paid_amount",)


def mutual_aid_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    """Claims by the day the case was created, payments by ``paid_on``: one
    grouped query each (plus the rejections by reason)."""
    start, end = _year_bounds(year)
    by_product: dict[str, dict[str, Any]] = {p.value: {} for p in Product}
    rejected = Q(case__case_status="rejected")
    received_rows = Claim.objects.filter(
        _in_unit(unit), case__created__gte=start, case__created__lt=end
    )
    received = received_rows.values("plan__product").annotate(
        claims=Count("pk"),
        approved=Count("pk", filter=Q(approved_amount__isnull=False)),
        rejected=Count("pk", filter=rejected),
    )
    for r in received:
        _add(by_product.setdefault(r["plan__product"], {}), r, ("claims", "approved", "rejected"))
    paid = (
        ClaimPayment.objects.filter(_in_unit(unit), paid_on__year=year)
        .values("case__mutual_aid__plan__product")
        .annotate(paid=Count("pk"), paid_amount=Sum("amount"))
    )
    for p in paid:
        _add(
            by_product.setdefault(p["case__mutual_aid__plan__product"], {}),
            p,
            ("paid", "paid_amount"),
        )
    totals: dict[str, Any] = {}
    for figures in by_product.values():
        _add(totals, figures, CLAIM_MEASURES)
    reasons = dict(
        received_rows.filter(rejected)
        .values("reject_reason_code")
        .annotate(n=Count("pk"))
        .values_list("reject_reason_code", "n")
    )
    rejected_by_reason = {r.value: reasons.pop(r.value, 0) for r in ClaimReason}
    if reasons:  # a rejection recorded without a code
        rejected_by_reason["other"] += sum(reasons.values())
    return {
        **_figures(totals, CLAIM_MEASURES, CLAIM_MONEY),
        "rejected_by_reason": rejected_by_reason,
        "by_product": {
            p.value: _figures(by_product[p.value], CLAIM_MEASURES, CLAIM_MONEY) for p in Product
        },
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
