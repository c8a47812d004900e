"""The pure rules of a nomination list (no database): its totals, the
household duplicates of a household tier, the members named twice, and
whether a day lies in the nomination window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    """What the rules need of one recipient."""

    member: int
    tier: str
    cash: Decimal
    goods_value: Decimal
    per_household: bool = False
    household: str = ""


def list_total(lines: Iterable[Line]) -> tuple[Decimal, Decimal]:
    """(cash, goods value) of the lines."""
    cash, goods = ZERO, ZERO
    for line in lines:
        cash += line.cash
        goods += line.goods_value
    return cash, goods


def household_duplicates(lines: Iterable[Line]) -> list[str]:
    """The households named more than once in a per-household tier (a
    household is granted once, whoever of it is nominated)."""
    seen: set[tuple[str, str]] = set()
    twice: list[str] = []
    for line in lines:
        if not (line.per_household and line.household):
            continue
        key = (line.tier, line.household.strip().casefold())
        if key in seen and line.household not in twice:
            twice.append(line.household)
        seen.add(key)
    return twice


def members_twice(members: Iterable[int]) -> list[int]:
    """Members named more than once on one list."""
    seen: set[int] = set()
    twice: list[int] = []
    for member in members:
        if member in seen and member not in twice:
            twice.append(member)
        seen.add(member)
    return twice


def in_window(day: dt.date, opens_on: dt.date, closes_on: dt.date) -> bool:
    return opens_on <= day <= closes_on


def fits_budget(total: Decimal, budget: Decimal, approved: Decimal) -> bool:
    """Whether a list's total fits what is left of the budget."""
    return total <= budget - approved
