"""Pure mutual-aid rules: plan validation and the benefit calculation.
No database: everything comes in as arguments, so the amount can be
recomputed and re-explained from a stored plan snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from casework.core.money import round_money

ZERO = Decimal("0")
LUMP_SUM = ("critical_illness", "female_special")
# a claim deadline lies at most this many years after the end of the plan year
CLAIM_DEADLINE_YEARS = 2


@dataclass(frozen=True)
class Tier:
    up_to: Decimal | None  # cumulative bound on the base; None = open-ended
    ratio: Decimal


@dataclass(frozen=True)
class PlanTerms:
    """Every parameter of a plan, as the calculation uses it."""

    year: int
    product: str
    version: int
    contribution: Decimal
    coverage_start: dt.date
    coverage_end: dt.date
    waiting_days: int
    claim_deadline: dt.date
    deductible_first: Decimal = ZERO
    deductible_subsequent: Decimal = ZERO
    tiers: tuple[Tier, ...] = ()
    annual_cap: Decimal | None = None
    lump_sums: dict[str, Decimal] = field(default_factory=dict)

    def snapshot(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "product": self.product,
            "version": self.version,
            "contribution": str(self.contribution),
            "coverage_start": self.coverage_start.isoformat(),
            "coverage_end": self.coverage_end.isoformat(),
            "waiting_days": self.waiting_days,
            "claim_deadline": self.claim_deadline.isoformat(),
            "deductible_first": str(self.deductible_first),
            "deductible_subsequent": str(self.deductible_subsequent),
            "tiers": [
                {"up_to": None if t.up_to is None else str(t.up_to), "ratio": str(t.ratio)}
                for t in self.tiers
            ],
            "annual_cap": None if self.annual_cap is None else str(self.annual_cap),
            "lump_sums": {k: str(v) for k, v in self.lump_sums.items()},
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> PlanTerms:
        return cls(
            year=int(data["year"]),
            product=data["product"],
            version=int(data["version"]),
            contribution=Decimal(str(data["contribution"])),
            coverage_start=_date(data["coverage_start"]),
            coverage_end=_date(data["coverage_end"]),
            waiting_days=int(data["waiting_days"]),
            claim_deadline=_date(data["claim_deadline"]),
            deductible_first=Decimal(str(data.get("deductible_first") or 0)),
            deductible_subsequent=Decimal(str(data.get("deductible_subsequent") or 0)),
            tiers=tuple(
                Tier(
                    None if t.get("up_to") in (None, "") else Decimal(str(t["up_to"])),
                    Decimal(str(t["ratio"])),
                )
                for t in data.get("tiers") or []
            ),
            annual_cap=None
            if data.get("annual_cap") in (None, "")
            else Decimal(str(data["annual_cap"])),
            lump_sums={str(k): Decimal(str(v)) for k, v in (data.get("lump_sums") or {}).items()},
        )


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def terms_from_plan(plan: Any) -> PlanTerms:
    """The terms of a Plan row (or anything with its attributes)."""
    return PlanTerms.from_snapshot(
        {
            "year": plan.year,
            "product": plan.product,
            "version": plan.version or 1,
            "contribution": plan.contribution,
            "coverage_start": plan.coverage_start,
            "coverage_end": plan.coverage_end,
            "waiting_days": plan.waiting_days,
            "claim_deadline": plan.claim_deadline,
            "deductible_first": plan.deductible_first,
            "deductible_subsequent": plan.deductible_subsequent,
            "tiers": plan.tiers,
            "annual_cap": plan.annual_cap,
            "lump_sums": plan.lump_sums,
        }
    )


def plan_problems(terms: PlanTerms) -> dict[str, list[str]]:
    """What is wrong with a plan's parameters, by field (empty when valid):
    coverage inside the plan year, a deadline not before the coverage ends
    nor more than ``CLAIM_DEADLINE_YEARS`` after the plan year,
    non-negative money, tiers ascending with ratios in 0–1 and only the last
    one open-ended, a cap for inpatient plans, lump sums for the others."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if terms.coverage_start.year != terms.year:
        add("coverage_start", f"must lie in {terms.year}")
    if terms.coverage_end.year != terms.year:
        add("coverage_end", f"must lie in {terms.year}")
    if terms.coverage_end < terms.coverage_start:
        add("coverage_end", "must not be before the coverage start")
    if terms.claim_deadline < terms.coverage_end:
        add("claim_deadline", "must not be before the coverage end")
    latest_deadline = dt.date(min(terms.year + CLAIM_DEADLINE_YEARS, dt.MAXYEAR), 12, 31)
    if terms.claim_deadline > latest_deadline:
        add("claim_deadline", f"must not be after {latest_deadline.isoformat()}")
    for name in ("contribution", "deductible_first", "deductible_subsequent"):
        if getattr(terms, name) < 0:
            add(name, "must be zero or more")
    if terms.product == "inpatient":
        if terms.annual_cap is None:
            add("annual_cap", "an inpatient plan needs an annual cap")
        elif terms.annual_cap <= 0:
            add("annual_cap", "must be more than zero")
        if not terms.tiers:
            add("tiers", "an inpatient plan needs at least one tier")
        previous = ZERO
        for i, tier in enumerate(terms.tiers):
            last = i == len(terms.tiers) - 1
            if not ZERO <= tier.ratio <= 1:
                add("tiers", f"tier {i + 1}: the ratio must lie between 0 and 1")
            if tier.up_to is None and not last:
                add("tiers", f"tier {i + 1}: only the last tier may be open-ended")
            if last and tier.up_to is not None:
                add("tiers", "the last tier must be open-ended (up_to null)")
            if tier.up_to is not None:
                if tier.up_to <= previous:
                    add("tiers", f"tier {i + 1}: bounds must be ascending and above zero")
                previous = tier.up_to
    else:
        if not terms.lump_sums:
            add("lump_sums", "a lump-sum plan needs at least one severity class")
        for key, amount in terms.lump_sums.items():
            if not key.strip():
                add("lump_sums", "a severity class needs a name")
            if amount < 0:
                add("lump_sums", f"class {key}: must be zero or more")
    return problems


@dataclass(frozen=True)
class ClaimFacts:
    """What the calculation needs to know about the claim and the member."""

    admitted_on: dt.date
    claimed_on: dt.date
    member_gender: str
    enrolled_on: dt.date | None  # None: not enrolled in the plan
    renewal: bool = False
    eligible_self_pay: Decimal = ZERO
    first_stay: bool = True
    severity_class: str = ""
    already_taken: Decimal = ZERO  # approved or paid claims of the plan, this one excluded


@dataclass(frozen=True)
class Benefit:
    amount: Decimal
    eligible: bool
    reasons: tuple[str, ...]
    explanation: tuple[str, ...]
    plan_version: int

    def as_dict(self, plan_label: str = "") -> dict[str, Any]:
        return {
            "amount": self.amount,
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "explanation": list(self.explanation),
            "plan": {"version": self.plan_version, "label": plan_label},
        }


def _yuan(value: Decimal) -> str:
    return f"{round_money(value):,.2f}"


def _pct(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def claim_eligibility(terms: PlanTerms, facts: ClaimFacts) -> list[tuple[str, str]]:
    """The eligibility problems as (code, bilingual line), empty when eligible
    (the cap is checked by the calculation itself)."""
    found: list[tuple[str, str]] = []
    if terms.product == "female_special" and facts.member_gender != "female":
        found.append(
            (
                "NOT_APPLICABLE",
                "女职工特殊疾病保障仅适用于女职工 / This product covers female members only",
            )
        )
    if terms.product in LUMP_SUM and facts.severity_class not in terms.lump_sums:
        found.append(
            (
                "NOT_APPLICABLE",
                f"病种等级“{facts.severity_class}”不在保障范围内 / "
                f"Severity class {facts.severity_class!r} is not covered by the plan",
            )
        )
    if facts.enrolled_on is None:
        found.append(("NOT_ENROLLED", "未参加本年度该项互助保障 / Not enrolled in this plan"))
    if not terms.coverage_start <= facts.admitted_on <= terms.coverage_end:
        found.append(
            (
                "OUTSIDE_COVERAGE",
                f"入院日期 {facts.admitted_on} 不在保障期 {terms.coverage_start} 至 "
                f"{terms.coverage_end} 内 / Admission on {facts.admitted_on} is outside the "
                f"coverage {terms.coverage_start} – {terms.coverage_end}",
            )
        )
    if facts.enrolled_on is not None and not facts.renewal:
        waiting_ends = facts.enrolled_on + dt.timedelta(days=terms.waiting_days)
        if facts.admitted_on < waiting_ends:
            found.append(
                (
                    "WAITING_PERIOD",
                    f"新参保人员等待期 {terms.waiting_days} 天，至 {waiting_ends} 止 / "
                    f"New enrollees wait {terms.waiting_days} days, until {waiting_ends}",
                )
            )
    if facts.claimed_on > terms.claim_deadline:
        found.append(
            (
                "LATE_CLAIM",
                f"申请已超过截止日期 {terms.claim_deadline} / The claim deadline "
                f"{terms.claim_deadline} has passed",
            )
        )
    return found


def benefit_calculate(terms: PlanTerms, facts: ClaimFacts) -> Benefit:
    """The benefit of one claim, with its reasons and an explanation of
    every step. Inpatient: eligible self-pay − deductible (first or later
    stay), cut into bands at each tier bound, each band at its ratio, the sum
    rounded half-up to 0.01 once, then limited to the cap left after the
    member's other approved or paid claims. Lump-sum products: the class's
    sum, once per member per plan year. Never negative, never above the cap."""
    lines: list[str] = []
    problems = claim_eligibility(terms, facts)
    reasons = [code for code, _ in dict.fromkeys(problems)]
    lines.extend(line for _, line in problems)
    if terms.product in LUMP_SUM:
        amount = _lump_sum(terms, facts, lines, reasons, blocked=bool(problems))
    else:
        amount = _inpatient(terms, facts, lines, reasons, blocked=bool(problems))
    reasons = list(dict.fromkeys(reasons))
    if reasons:
        amount = ZERO
    lines.append(f"互助金合计 {_yuan(amount)} 元 / Benefit: {_yuan(amount)} CNY")
    return Benefit(
        amount=round_money(amount),
        eligible=not reasons,
        reasons=tuple(reasons),
        explanation=tuple(lines),
        plan_version=terms.version,
    )


def _inpatient(
    terms: PlanTerms, facts: ClaimFacts, lines: list[str], reasons: list[str], blocked: bool
) -> Decimal:
    self_pay = max(ZERO, facts.eligible_self_pay)
    lines.append(
        f"政策范围内个人自付 {_yuan(self_pay)} 元 / Eligible self-pay: {_yuan(self_pay)} CNY"
    )
    if facts.first_stay:
        deductible = terms.deductible_first
        which = "本年度首次住院起付线 / deductible for the first stay this year"
    else:
        deductible = terms.deductible_subsequent
        which = "本年度再次住院起付线 / deductible for a later stay this year"
    base = max(ZERO, self_pay - deductible)
    lines.append(
        f"减去{which.split(' / ')[0]} {_yuan(deductible)} 元，余 {_yuan(base)} 元 / "
        f"Minus the {which.split(' / ')[1]} {_yuan(deductible)} CNY leaves {_yuan(base)} CNY"
    )
    total = ZERO
    lower = ZERO
    for tier in terms.tiers:
        upper = base if tier.up_to is None else min(base, tier.up_to)
        band = max(ZERO, upper - lower)
        if band > 0:
            paid = band * tier.ratio
            total += paid
            bound = "以上" if tier.up_to is None else f"至 {_yuan(tier.up_to)} 元"
            bound_en = "above" if tier.up_to is None else f"up to {_yuan(tier.up_to)}"
            lines.append(
                f"{_yuan(lower)} 元{bound}部分 {_yuan(band)} 元 × {_pct(tier.ratio)} = "
                f"{_yuan(paid)} 元 / Band from {_yuan(lower)} {bound_en}: {_yuan(band)} × "
                f"{_pct(tier.ratio)} = {_yuan(paid)} CNY"
            )
        if tier.up_to is None or base <= tier.up_to:
            break
        lower = tier.up_to
    total = round_money(total)
    cap = terms.annual_cap if terms.annual_cap is not None else ZERO
    remaining = max(ZERO, cap - max(ZERO, facts.already_taken))
    if blocked:
        return ZERO
    if remaining <= 0:
        reasons.append("CAP_EXHAUSTED")
        lines.append(
            f"年度封顶 {_yuan(cap)} 元已用完 / The annual cap of {_yuan(cap)} CNY is used up"
        )
        return ZERO
    if total > remaining:
        lines.append(
            f"年度封顶 {_yuan(cap)} 元，已核准 {_yuan(facts.already_taken)} 元，本次最多 "
            f"{_yuan(remaining)} 元 / Annual cap {_yuan(cap)} CNY, {_yuan(facts.already_taken)} "
            f"already approved: at most {_yuan(remaining)} CNY this time"
        )
        return remaining
    return total


def _lump_sum(
    terms: PlanTerms, facts: ClaimFacts, lines: list[str], reasons: list[str], blocked: bool
) -> Decimal:
    if blocked:
        return ZERO
    amount = terms.lump_sums[facts.severity_class]
    lines.append(
        f"病种等级 {facts.severity_class} 一次性给付 {_yuan(amount)} 元 / "
        f"Lump sum for severity class {facts.severity_class}: {_yuan(amount)} CNY"
    )
    if facts.already_taken > 0:
        reasons.append("CAP_EXHAUSTED")
        lines.append(
            "本年度已获该项给付，每人每年限一次 / Already paid under this product this year "
            "(once per member per year)"
        )
        return ZERO
    return amount
