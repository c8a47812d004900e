"""Pure relief rules: the household category and the grant ceiling."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from casework.core.money import round_money

ACCIDENT_CAUSES = {"accident", "disaster", "illness"}


@dataclass(frozen=True)
class CategoryResult:
    per_capita_monthly_income: Decimal
    category: str


def household_category(
    *,
    annual_income: Decimal,
    rigid_expenses: Decimal,
    household_size: int,
    subsistence_standard: Decimal,
    relative_multiplier: Decimal,
    cause: str,
    accident_costs: Decimal | None,
    accidental_cost_ratio: Decimal,
) -> CategoryResult:
    """(income − rigid expenses) / 12 / household size, rounded half-up to
    0.01, against the 低保 standard: below it ``deep``, below standard ×
    multiplier ``relative``; else ``accidental`` when accident/disaster/illness
    costs exceed the ratio of annual income; else ``not_eligible``. A
    household of fewer than one person is a programming error (ValueError)."""
    if household_size < 1:
        raise ValueError(f"household size must be at least 1, not {household_size}")
    per_capita = round_money(
        (annual_income - rigid_expenses) / Decimal(12) / Decimal(household_size)
    )
    if per_capita < subsistence_standard:
        category = "deep"
    elif per_capita < subsistence_standard * relative_multiplier:
        category = "relative"
    elif (
        cause in ACCIDENT_CAUSES
        and accident_costs is not None
        and accident_costs > annual_income * accidental_cost_ratio
    ):
        category = "accidental"
    else:
        category = "not_eligible"
    return CategoryResult(per_capita, category)
