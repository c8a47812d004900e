"""The legal-aid means test (PROCESSES.md §5), a pure rule: eligible when
the amount in dispute reaches the minimum and the household's income per
person lies below the unit's ceiling, or — whatever the figures — when a
migrant worker claims wages or work-injury compensation. The reasons are
codes (the pages translate them), in the order they were checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from casework.core.money import round_money

# the claims a migrant worker is exempt from the means test for
EXEMPT_CLAIMS = frozenset({"wages", "work_injury"})

# reason codes
MIGRANT_EXEMPT = "migrant_worker_exempt"
AMOUNT_REACHED = "amount_reached"
AMOUNT_BELOW_MINIMUM = "amount_below_minimum"
INCOME_BELOW_CEILING = "income_below_ceiling"
INCOME_ABOVE_CEILING = "income_at_or_above_ceiling"
REASONS = (
    MIGRANT_EXEMPT,
    AMOUNT_REACHED,
    AMOUNT_BELOW_MINIMUM,
    INCOME_BELOW_CEILING,
    INCOME_ABOVE_CEILING,
)


@dataclass(frozen=True)
class MeansTest:
    eligible: bool
    per_capita_income: Decimal
    income_ceiling: Decimal
    reasons: list[str] = field(default_factory=list)

    def as_data(self) -> dict[str, object]:
        """``data.means_test`` of API.md."""
        return {
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "per_capita_income": self.per_capita_income,
            "income_ceiling": self.income_ceiling,
        }


def means_test(
    *,
    claim: str,
    amount_in_dispute: Decimal,
    household_size: int,
    household_monthly_income: Decimal,
    migrant_worker: bool,
    min_amount: Decimal,
    income_ceiling: Decimal,
) -> MeansTest:
    """The test of one application against ``min_amount`` (the parameter)
    and ``income_ceiling`` (the unit's, per person per month)."""
    per_capita = round_money(household_monthly_income / max(household_size, 1))
    reasons = []
    exempt = migrant_worker and claim in EXEMPT_CLAIMS
    if exempt:
        reasons.append(MIGRANT_EXEMPT)
    amount_ok = amount_in_dispute >= min_amount
    reasons.append(AMOUNT_REACHED if amount_ok else AMOUNT_BELOW_MINIMUM)
    income_ok = per_capita < income_ceiling
    reasons.append(INCOME_BELOW_CEILING if income_ok else INCOME_ABOVE_CEILING)
    return MeansTest(
        eligible=exempt or (amount_ok and income_ok),
        per_capita_income=per_capita,
        income_ceiling=round_money(income_ceiling),
        reasons=reasons,
    )
