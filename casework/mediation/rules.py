"""Pure mediation rules: which parameter sets a referral's time limit, and
the deadline it gives (API.md "Mediation deadline")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# referral type (and procedure, for entrusted referrals) → the parameter
# holding its time limit in calendar days
DAYS_PARAMETER = {
    ("delegated", ""): "mediation.delegated_days",
    ("delegated", "ordinary"): "mediation.delegated_days",
    ("delegated", "simple"): "mediation.delegated_days",
    ("entrusted", "ordinary"): "mediation.entrusted_ordinary_days",
    ("entrusted", "simple"): "mediation.entrusted_simple_days",
    ("union", ""): "mediation.union_days",
}
EXTENSION_PARAMETER = "mediation.extension_days"


def days_parameter(referral_type: str, procedure: str) -> str:
    return DAYS_PARAMETER[(referral_type, procedure)]


def deadline_of(received_on: dt.date, base_days: int, extension_days: int = 0) -> dt.date:
    """The last day of mediation: counted in calendar days from the day the
    studio signed for the materials."""
    return received_on + dt.timedelta(days=base_days + extension_days)


def extendable(referral_type: str) -> bool:
    """A union mediation has its 15 days and no more (第十四条); a court
    referral may be extended once."""
    return referral_type != "union"


def deadline_passed(deadline: dt.date, today: dt.date) -> bool:
    """A deadline has passed when today is later than it."""
    return today > deadline


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline (0 on the day itself, negative once passed)."""
    return (deadline - today).days


def court_consent_required(referral_type: str) -> bool:
    """An entrusted referral (the court has filed the case) needs the court's
    consent to extend; a delegated one only the parties'."""
    return referral_type == "entrusted"


def deadline_fires_at(deadline: dt.date) -> dt.datetime:
    """The deadline runs to the end of its day: its timer fires at the first
    due-work run after midnight."""
    return timezone.make_aware(dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time.min))
