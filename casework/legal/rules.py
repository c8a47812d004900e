"""Pure rules of the legal services: the days a weekly duty rule falls on,
and when a consultation needs a follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

# a weekly rule spans at most about a year: a longer range is a typing slip
MAX_RULE_DAYS = 400


def weekdays_between(weekday: int, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every date from ``start`` to ``end`` (inclusive) falling on
    ``weekday`` (ISO: 1 = Monday … 7 = Sunday)."""
    day = start + dt.timedelta(days=(weekday - start.isoweekday()) % 7)
    while day <= end:
        yield day
        day += dt.timedelta(days=7)


def needs_follow_up(outcome: str, follow_up_on: dt.date | None) -> bool:
    """``later``, or any promised follow-up date, opens the follow-up task."""
    return outcome == "later" or follow_up_on is not None
