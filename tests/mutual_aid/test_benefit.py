"""The benefit calculation, a pure function: worked examples to the fen
for each product, every eligibility reason, and its properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from casework.mutual_aid.rules import ClaimFacts, PlanTerms, Tier, benefit_calculate, plan_problems

D = Decimal
YEAR = 2026
LUMPS = {"1": D("6000.00"), "2": D("3000.00"), "3": D("2000.00"), "4": D("1000.00")}


def inpatient(**overrides) -> PlanTerms:
    values = dict(
        year=YEAR,
        product="inpatient",
        version=3,
        contribution=D("36.00"),
        coverage_start=dt.date(YEAR, 1, 1),
        coverage_end=dt.date(YEAR, 12, 31),
        waiting_days=90,
        claim_deadline=dt.date(YEAR + 1, 3, 31),
        deductible_first=D("1300.00"),
        deductible_subsequent=D("650.00"),
        tiers=(Tier(D("10000"), D("0.5")), Tier(D("30000"), D("0.6")), Tier(None, D("0.7"))),
        annual_cap=D("30200.00"),
    )
    values.update(overrides)
    return PlanTerms(**values)


def lump(product="critical_illness") -> PlanTerms:
    return inpatient(product=product, tiers=(), annual_cap=None, lump_sums=LUMPS)


def facts(**overrides) -> ClaimFacts:
    values = dict(
        admitted_on=dt.date(YEAR, 6, 1),
        claimed_on=dt.date(YEAR, 6, 20),
        member_gender="female",
        enrolled_on=dt.date(YEAR, 1, 1),
        renewal=True,
        eligible_self_pay=D("15000.00"),
    )
    values.update(overrides)
    return ClaimFacts(**values)


def test_the_worked_example_pays_7220_00():
    benefit = benefit_calculate(inpatient(), facts())
    assert benefit.amount == D("7220.00")
    assert benefit.eligible and benefit.reasons == ()
    assert benefit.plan_version == 3
    text = "\n".join(benefit.explanation)
    for expected in ("15,000.00", "1,300.00", "13,700.00", "5,000.00", "2,220.00", "7,220.00"):
        assert expected in text
    assert "50%" in text and "60%" in text
    assert all(" / " in line for line in benefit.explanation)  # Chinese / English


def test_a_later_stay_uses_the_lower_deductible():
    # 15,000 − 650 = 14,350 → 5,000 + 4,350 × 0.6 = 7,610.00
    assert benefit_calculate(inpatient(), facts(first_stay=False)).amount == D("7610.00")


def test_a_big_stay_reaches_the_open_ended_band():
    # 50,000 − 1,300 = 48,700 → 5,000 + 12,000 + 18,700 × 0.7 = 30,090.00
    assert benefit_calculate(inpatient(), facts(eligible_self_pay=D("50000"))).amount == D(
        "30090.00"
    )


def test_a_second_claim_is_limited_by_what_the_cap_has_left():
    # the first claim took 30,090.00 of the 30,200.00 cap: 110.00 left
    second = benefit_calculate(inpatient(), facts(first_stay=False, already_taken=D("30090.00")))
    assert second.amount == D("110.00")
    assert second.eligible
    assert any("30,200.00" in line and "110.00" in line for line in second.explanation)


def test_a_claim_after_the_cap_is_used_up_pays_nothing():
    benefit = benefit_calculate(inpatient(), facts(already_taken=D("30200.00")))
    assert benefit.amount == D("0.00")
    assert benefit.reasons == ("CAP_EXHAUSTED",)


def test_rounding_is_half_up_once_on_the_sum():
    # 1,300 + 0.01 → base 0.01 × 0.5 = 0.005 → 0.01 (half up)
    assert benefit_calculate(inpatient(), facts(eligible_self_pay=D("1300.01"))).amount == D("0.01")
    # below the deductible nothing is paid, but the claim stays eligible
    below = benefit_calculate(inpatient(), facts(eligible_self_pay=D("900")))
    assert below.amount == D("0.00") and below.eligible


def test_critical_illness_pays_the_lump_sum_of_the_class():
    benefit = benefit_calculate(lump(), facts(severity_class="2", member_gender="male"))
    assert benefit.amount == D("3000.00")
    assert benefit.eligible


def test_critical_illness_pays_once_per_member_per_year():
    benefit = benefit_calculate(lump(), facts(severity_class="1", already_taken=D("3000.00")))
    assert benefit.amount == D("0.00")
    assert benefit.reasons == ("CAP_EXHAUSTED",)


def test_female_special_pays_a_female_member():
    benefit = benefit_calculate(lump("female_special"), facts(severity_class="4"))
    assert benefit.amount == D("1000.00")


def test_female_special_is_not_applicable_to_a_male_member():
    benefit = benefit_calculate(
        lump("female_special"), facts(severity_class="1", member_gender="male")
    )
    assert benefit.amount == D("0.00")
    assert benefit.reasons == ("NOT_APPLICABLE",)


def test_an_unknown_severity_class_is_not_applicable():
    assert benefit_calculate(lump(), facts(severity_class="9")).reasons == ("NOT_APPLICABLE",)


def test_a_member_not_enrolled_gets_nothing():
    benefit = benefit_calculate(inpatient(), facts(enrolled_on=None))
    assert benefit.reasons == ("NOT_ENROLLED",)
    assert benefit.amount == D("0.00")


def test_a_new_enrollee_waits_90_days_and_a_renewal_does_not():
    new = facts(enrolled_on=dt.date(YEAR, 4, 1), admitted_on=dt.date(YEAR, 6, 1), renewal=False)
    assert benefit_calculate(inpatient(), new).reasons == ("WAITING_PERIOD",)
    renewed = facts(enrolled_on=dt.date(YEAR, 4, 1), admitted_on=dt.date(YEAR, 6, 1), renewal=True)
    assert benefit_calculate(inpatient(), renewed).amount == D("7220.00")
    after = facts(enrolled_on=dt.date(YEAR, 1, 1), admitted_on=dt.date(YEAR, 4, 1), renewal=False)
    assert benefit_calculate(inpatient(), after).eligible


def test_an_admission_outside_the_coverage_is_refused():
    outside = facts(admitted_on=dt.date(YEAR - 1, 12, 30))
    assert "OUTSIDE_COVERAGE" in benefit_calculate(inpatient(), outside).reasons


def test_a_claim_after_the_deadline_is_late():
    late = facts(claimed_on=dt.date(YEAR + 1, 4, 1))
    assert benefit_calculate(inpatient(), late).reasons == ("LATE_CLAIM",)


def test_a_snapshot_gives_back_the_same_terms():
    terms = inpatient()
    assert PlanTerms.from_snapshot(terms.snapshot()) == terms


def test_plan_validation_names_every_problem():
    bad = inpatient(
        tiers=(Tier(D("30000"), D("0.6")), Tier(D("10000"), D("1.5")), Tier(D("50000"), D("0.7"))),
        coverage_end=dt.date(YEAR + 1, 1, 31),
    )
    problems = plan_problems(bad)
    text = " ".join(problems["tiers"])
    assert "ascending" in text and "between 0 and 1" in text and "open-ended" in text
    assert "coverage_end" in problems
    assert plan_problems(inpatient()) == {}
    assert "lump_sums" in plan_problems(inpatient(product="critical_illness", lump_sums={}))


money = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)


@given(self_pay=money, taken=money, first=st.booleans())
def test_the_benefit_is_never_negative_nor_above_the_cap(self_pay, taken, first):
    terms = inpatient()
    benefit = benefit_calculate(
        terms, facts(eligible_self_pay=self_pay, already_taken=taken, first_stay=first)
    )
    assert benefit.amount >= 0
    assert benefit.amount <= terms.annual_cap
    assert benefit.amount <= max(D("0"), terms.annual_cap - taken)
    assert benefit.amount == benefit.amount.quantize(D("0.01"))


@given(a=money, b=money, taken=money)
def test_the_benefit_grows_with_the_eligible_amount(a, b, taken):
    low, high = sorted((a, b))
    terms = inpatient()
    assert (
        benefit_calculate(terms, facts(eligible_self_pay=low, already_taken=taken)).amount
        <= benefit_calculate(terms, facts(eligible_self_pay=high, already_taken=taken)).amount
    )
