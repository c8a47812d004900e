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

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from casework.campaigns.models import Recipient
from casework.campaigns.selectors import ISSUED, campaign_report
from casework.core.access import is_case_staff, org_units_visible_to, user_unit
from casework.core.errors import Forbidden, InvalidInput
from casework.core.models import OrgUnit
from casework.core.money import round_money
from casework.legal.selectors import consultation_report
from casework.mediation.models import Referral
from casework.mediation.selectors import SETTLED_STATUSES, mediation_statistics
from casework.mutual_aid.models import Product
from casework.mutual_aid.models import ReasonCode as ClaimReason
from casework.mutual_aid.statuses import MutualAidStatus
from casework.reconsideration.selectors import reconsideration_report
from casework.relief.models import AidType, Category
from workflows.models import TaskInfo
from workflows.task_states import OPEN

from .models import CaseFigures

ZERO = Decimal("0.00")


def report_unit(user: Any, org_unit_id: int | None) -> OrgUnit | None:
    """The subtree a report covers: ``org_unit_id`` when the user may see
    it, else the user's own unit (``None`` = everything, superusers only).
    Refuses (403) users who are not staff, (400) a unit outside the scope."""
    if not user.is_superuser and (not is_case_staff(user) or user_unit(user) is None):
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


def _figures_of(program: str, unit: OrgUnit | None) -> QuerySet[CaseFigures]:
    return CaseFigures.objects.filter(_in_unit(unit, prefix=""), program=program)


def relief_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    """One grouped query over the cases' figures (applied, granted or paid
    in the year: each on its own indexed date), plus the persons granted;
    totals are the sums of the groups."""
    start, end = _year_bounds(year)
    applied = Q(created__gte=start, created__lt=end)
    granted = Q(granted_on__year=year)
    paid = Q(paid_on__year=year)
    rows = (
        _figures_of("relief", unit)
        .filter(applied | granted | paid)
        .values("kind", "category")
        .annotate(
            applications=Count("pk", filter=applied),
            granted=Count("pk", filter=granted),
            granted_amount=Sum("grant_amount", filter=granted),
            paid=Count("pk", filter=paid),
            paid_amount=Sum("payment_amount", filter=paid),
            # the categories count the payments of the year's grants
            paid_of_granted=Count("pk", filter=paid & granted),
            paid_of_granted_amount=Sum("payment_amount", filter=paid & granted),
        )
    )
    by_aid: dict[str, dict[str, Any]] = {a.value: {} for a in AidType}
    by_category: dict[str, dict[str, Any]] = {}
    for row in rows:
        _add(by_aid.setdefault(row["kind"], {}), row, RELIEF_MEASURES)
        _add(
            by_category.setdefault(row["category"], {}),
            {
                "granted": row["granted"],
                "granted_amount": row["granted_amount"],
                "paid": row["paid_of_granted"],
                "paid_amount": row["paid_of_granted_amount"],
            },
            RELIEF_MEASURES[1:],
        )
    totals: dict[str, Any] = {}
    for figures in by_aid.values():
        _add(totals, figures, RELIEF_MEASURES)
    persons = (
        _figures_of("relief", unit)
        .filter(granted)
        .aggregate(n=Count("member_id", distinct=True))["n"]
    )
    return {
        **_figures(totals, RELIEF_MEASURES, RELIEF_MONEY),
        "persons": persons,
        "by_aid_type": {
            a.value: _figures(by_aid[a.value], RELIEF_MEASURES, RELIEF_MONEY) for a in AidType
        },
        "by_category": {
            c.value: _figures(by_category.get(c.value, {}), RELIEF_MEASURES[1:], RELIEF_MONEY)
            for c in Category
            if c != Category.NOT_ELIGIBLE
        },
    }


CLAIM_MEASURES = ("claims", "approved", "rejected", "paid", "paid_amount")
CLAIM_MONEY = ("paid_amount",)


def mutual_aid_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    """Claims by the day the case was created, payments by ``paid_on``: one
    grouped query over the cases' figures (by product and rejection reason)."""
    start, end = _year_bounds(year)
    received = Q(created__gte=start, created__lt=end)
    paid = Q(paid_on__year=year)
    rejected = received & Q(status=MutualAidStatus.REJECTED)
    rows = (
        _figures_of("mutual_aid", unit)
        .filter(received | paid)
        .values("kind", "reason")
        .annotate(
            claims=Count("pk", filter=received),
            approved=Count("pk", filter=received & Q(approved=True)),
            rejected=Count("pk", filter=rejected),
            paid=Count("pk", filter=paid),
            paid_amount=Sum("payment_amount", filter=paid),
        )
    )
    by_product: dict[str, dict[str, Any]] = {p.value: {} for p in Product}
    rejected_by_reason = {r.value: 0 for r in ClaimReason}
    for row in rows:
        _add(by_product.setdefault(row["kind"], {}), row, CLAIM_MEASURES)
        # a rejection recorded without a known code counts as "other"
        reason = row["reason"] if row["reason"] in rejected_by_reason else "other"
        rejected_by_reason[reason] += row["rejected"]
    totals: dict[str, Any] = {}
    for figures in by_product.values():
        _add(totals, figures, CLAIM_MEASURES)
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
    rows = (
        TaskInfo.objects.filter(
            _in_unit(unit), open=True, due__lt=timezone.localdate(), task__status__in=OPEN
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
        "campaigns": campaign_report(year, org_unit.path if org_unit else None),
        "legal": consultation_report(year, org_unit.path if org_unit else None),
        "reconsideration": reconsideration_report(year, org_unit.path if org_unit else None),
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


def _campaign_series(year: int, unit: OrgUnit | None) -> dict[str, dict[int, dict[str, Any]]]:
    """The campaign grants issued per month (by their issue date) of the
    lists of ``unit``'s subtree: how many, and their cash and goods value
    (one grouped query for both series)."""
    grants = Recipient.objects.filter(
        _in_unit(unit, "campaign_list__case__"), issued_on__year=year, status__in=ISSUED
    )
    rows = _by_month(
        grants, "issued_on", n=Count("pk"), amount=Sum(F("tier__cash") + F("tier__goods_value"))
    )
    return {
        "campaign_person_times": rows,
        "campaign_issued_amount": {m: {"n": r["amount"]} for m, r in rows.items()},
    }


def report_monthly(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    """Month-by-month series for charts: one grouped query per series (the
    relief and mutual-aid ones over the cases' figures)."""
    start, end = _year_bounds(year)
    relief, mutual_aid = _figures_of("relief", unit), _figures_of("mutual_aid", unit)
    series = {
        "relief_applications": _by_month(
            relief.filter(created__gte=start, created__lt=end), "created", n=Count("pk")
        ),
        "relief_granted": _by_month(
            relief.filter(granted_on__year=year), "granted_on", n=Count("pk")
        ),
        "relief_paid_amount": _by_month(
            relief.filter(paid_on__year=year), "paid_on", n=Sum("payment_amount")
        ),
        "mutual_aid_claims": _by_month(
            mutual_aid.filter(created__gte=start, created__lt=end), "created", n=Count("pk")
        ),
        "mutual_aid_paid_amount": _by_month(
            mutual_aid.filter(paid_on__year=year), "paid_on", n=Sum("payment_amount")
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
        **_campaign_series(year, unit),
    }
    money = {"relief_paid_amount", "mutual_aid_paid_amount", "campaign_issued_amount"}
    months = []
    for month in range(1, 13):
        row: dict[str, Any] = {"month": month}
        for name, values in series.items():
            value = values.get(month, {}).get("n")
            row[name] = round_money(value or ZERO) if name in money else (value or 0)
        months.append(row)
    return {"year": year, "org_unit": _unit_dict(unit), "months": months}
