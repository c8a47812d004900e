"""The household category: per-capita monthly income, rounded half-up to
0.01, against the 低保 standard; accidental hardship from accident costs."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.relief.rules import CategoryResult, household_category

STANDARD = Decimal("1062.00")
DEPTH = {"deep": 3, "relative": 2, "accidental": 1, "not_eligible": 0}


def categorize(
    annual_income: str | Decimal,
    *,
    rigid: str | Decimal = "0",
    size: int = 1,
    cause: str = "other",
    costs: str | Decimal | None = None,
    standard: Decimal = STANDARD,
    multiplier: Decimal = Decimal("2"),
    ratio: Decimal = Decimal("0.8"),
) -> CategoryResult:
    return household_category(
        annual_income=Decimal(annual_income),
        rigid_expenses=Decimal(rigid),
        household_size=size,
        subsistence_standard=standard,
        relative_multiplier=multiplier,
        cause=cause,
        accident_costs=None if costs is None else Decimal(costs),
        accidental_cost_ratio=ratio,
    )


def income_for(per_capita: str, size: int = 1) -> Decimal:
    """Annual income (no rigid expenses) giving exactly this per-capita figure."""
    return Decimal(per_capita) * 12 * size


def test_the_default_application_is_deep_at_500():
    result = categorize("24000.00", rigid="6000.00", size=3)
    assert result == CategoryResult(Decimal("500.00"), "deep")


# --- the 低保 boundary ----------------------------------------------------------


def test_one_cent_below_the_standard_is_deep():
    assert categorize(income_for("1061.99")).category == "deep"


def test_exactly_the_standard_is_not_deep_but_relative():
    result = categorize(income_for("1062.00"))
    assert result.per_capita_monthly_income == Decimal("1062.00")
    assert result.category == "relative"


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
def test_exactly_the_standard_is_not_deep_for_any_household_size(size):
    assert categorize(income_for("1062", size), size=size).category == "relative"


def test_one_cent_below_twice_the_standard_is_relative():
    assert categorize(income_for("2123.99")).category == "relative"


def test_exactly_twice_the_standard_is_not_relative():
    result = categorize(income_for("2124.00"))
    assert result.per_capita_monthly_income == Decimal("2124.00")
    assert result.category == "not_eligible"


def test_the_multiplier_is_a_parameter():
    assert categorize(income_for("1500"), multiplier=Decimal("1.5")).category == "relative"
    assert categorize(income_for("1593"), multiplier=Decimal("1.5")).category == "not_eligible"


def test_rigid_expenses_above_income_make_a_negative_figure_and_deep():
    result = categorize("1000", rigid="2200", size=1)
    assert result == CategoryResult(Decimal("-100.00"), "deep")


# --- rounding -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "size", "expected"),
    [
        ("12000.06", 1, "1000.01"),  # 1000.005 rounds up
        ("36000.18", 3, "1000.01"),  # 1000.005 per person of three
        ("12000.05", 1, "1000.00"),  # 1000.004166… rounds down
        ("100.00", 3, "2.78"),  # 2.7777…
        ("200.00", 3, "5.56"),  # 5.5555…
        ("0.06", 1, "0.01"),  # 0.005
        ("30.06", 1, "2.51"),  # 2.505 (half-even would give 2.50)
        ("-0.06", 1, "-0.01"),  # half-up is away from zero
    ],
)
def test_per_capita_is_rounded_half_up_to_the_cent(income, size, expected):
    result = categorize(income, size=size)
    assert result.per_capita_monthly_income == Decimal(expected)
    assert result.per_capita_monthly_income.as_tuple().exponent == -2


def test_a_figure_that_rounds_up_to_the_standard_is_not_deep():
    # 12743.94 / 12 = 1061.995 → 1062.00, which is what the caseworker sees
    result = categorize("12743.94")
    assert result.per_capita_monthly_income == Decimal("1062.00")
    assert result.category == "relative"


def test_a_figure_that_rounds_down_below_the_standard_is_deep():
    # 12743.93 / 12 = 1061.994166… → 1061.99
    result = categorize("12743.93")
    assert result.per_capita_monthly_income == Decimal("1061.99")
    assert result.category == "deep"


# --- accidental hardship ------------------------------------------------------

ABOVE = income_for("3000")  # 36000 a year: above 低保 × 2


@pytest.mark.parametrize("cause", ["accident", "disaster", "illness"])
def test_costs_above_80_percent_of_income_make_accidental_for_accident_causes(cause):
    assert categorize(ABOVE, cause=cause, costs="28800.01").category == "accidental"


@pytest.mark.parametrize("cause", ["accident", "disaster", "illness"])
def test_costs_of_exactly_80_percent_are_not_accidental(cause):
    assert categorize(ABOVE, cause=cause, costs="28800.00").category == "not_eligible"


@pytest.mark.parametrize("cause", ["disability", "education", "unemployment", "other"])
def test_other_causes_are_never_accidental_whatever_the_costs(cause):
    assert categorize(ABOVE, cause=cause, costs="1000000").category == "not_eligible"


def test_no_accident_costs_is_not_accidental():
    assert categorize(ABOVE, cause="accident", costs=None).category == "not_eligible"


def test_the_cost_ratio_is_a_parameter():
    assert categorize(ABOVE, cause="illness", costs="18000.01", ratio=Decimal("0.5")).category == (
        "accidental"
    )
    assert categorize(ABOVE, cause="illness", costs="18000.00", ratio=Decimal("0.5")).category == (
        "not_eligible"
    )


def test_deep_and_relative_take_precedence_over_accidental():
    assert categorize(income_for("500"), cause="illness", costs="999999").category == "deep"
    assert categorize(income_for("1500"), cause="illness", costs="999999").category == "relative"


def test_accident_costs_are_measured_against_gross_annual_income():
    # rigid expenses lower the per-capita figure, not the 80 % threshold
    result = categorize("40000", rigid="4000", cause="accident", costs="31000")
    assert result.category == "not_eligible"  # 31000 < 32000 = 80 % of 40000
    result = categorize("40000", rigid="4000", cause="accident", costs="32000.01")
    assert result.category == "accidental"


@pytest.mark.parametrize("size", [0, -1])
def test_a_household_of_no_one_is_refused(size):
    with pytest.raises(ValueError, match="household size"):
        categorize("1000", size=size)


# --- properties ---------------------------------------------------------------

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("2000000"), places=2, allow_nan=False)
causes = st.sampled_from(
    ["illness", "disability", "education", "disaster", "accident", "unemployment", "other"]
)
standards = st.decimals(min_value=Decimal("300"), max_value=Decimal("3000"), places=2)
multipliers = st.decimals(min_value=Decimal("1"), max_value=Decimal("3"), places=1)
ratios = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("1"), places=2)


def half_up_cents(value: Fraction) -> Decimal:
    """Round an exact fraction half-up (away from zero) to the cent, with
    integers only."""
    cents = abs(value) * 100
    whole, rest = divmod(cents.numerator, cents.denominator)
    if 2 * rest >= cents.denominator:
        whole += 1
    return (Decimal(whole if value >= 0 else -whole) / 100).quantize(Decimal("0.01"))


@given(
    income=money,
    rigid=money,
    size=st.integers(min_value=1, max_value=50),
    standard=standards,
    multiplier=multipliers,
    cause=causes,
    costs=st.none() | money,
    ratio=ratios,
)
def test_per_capita_has_two_places_and_is_the_exact_figure_rounded_half_up(
    income, rigid, size, standard, multiplier, cause, costs, ratio
):
    result = household_category(
        annual_income=income,
        rigid_expenses=rigid,
        household_size=size,
        subsistence_standard=standard,
        relative_multiplier=multiplier,
        cause=cause,
        accident_costs=costs,
        accidental_cost_ratio=ratio,
    )
    per_capita = result.per_capita_monthly_income
    assert per_capita.as_tuple().exponent == -2
    exact = (Fraction(income) - Fraction(rigid)) / (12 * size)
    assert per_capita == half_up_cents(exact)
    assert result.category in DEPTH


@given(
    income=money,
    more=money,
    rigid=money,
    size=st.integers(min_value=1, max_value=50),
    standard=standards,
    multiplier=multipliers,
    cause=causes,
    costs=st.none() | money,
    ratio=ratios,
)
def test_more_income_never_gives_a_deeper_category(
    income, more, rigid, size, standard, multiplier, cause, costs, ratio
):
    def depth(annual_income: Decimal) -> int:
        result = household_category(
            annual_income=annual_income,
            rigid_expenses=rigid,
            household_size=size,
            subsistence_standard=standard,
            relative_multiplier=multiplier,
            cause=cause,
            accident_costs=costs,
            accidental_cost_ratio=ratio,
        )
        return DEPTH[result.category]

    assert depth(income + more) <= depth(income)


@given(
    income=money,
    rigid=money,
    more_rigid=money,
    size=st.integers(min_value=1, max_value=50),
    standard=standards,
    cause=causes,
    costs=st.none() | money,
)
def test_more_rigid_expenses_never_give_a_shallower_category(
    income, rigid, more_rigid, size, standard, cause, costs
):
    def depth(rigid_expenses: Decimal) -> int:
        result = household_category(
            annual_income=income,
            rigid_expenses=rigid_expenses,
            household_size=size,
            subsistence_standard=standard,
            relative_multiplier=Decimal("2"),
            cause=cause,
            accident_costs=costs,
            accidental_cost_ratio=Decimal("0.8"),
        )
        return DEPTH[result.category]

    assert depth(rigid + more_rigid) >= depth(rigid)
