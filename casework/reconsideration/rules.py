"""Which decisions may be reconsidered, and until when (pure rules)."""

from __future__ import annotations

import datetime as dt

# the final status of a decision that may be reconsidered, per program
REFUSED_STATUSES = {"relief": "rejected", "mutual_aid": "rejected", "legal_aid": "refused"}


def may_be_reconsidered(program: str, status: str) -> bool:
    return REFUSED_STATUSES.get(program) == status


def window_ends(decided_on: dt.date, window_days: int) -> dt.date:
    """The last calendar day a request may be filed."""
    return decided_on + dt.timedelta(days=window_days)
