"""The program tables the case paths write, with their COPY columns."""

from __future__ import annotations

from .mediation import REFERRAL_COLUMNS
from .mutual_aid import CLAIM_COLUMNS
from .relief import RELIEF_COLUMNS

PROGRAM_TABLES: dict[str, tuple[str, ...]] = {
    "relief_reliefapplication": RELIEF_COLUMNS,
    # one payment table for every program that pays (casework.core.Payment)
    "core_payment": (
        "id",
        "case_id",
        "member_id",
        "amount",
        "method",
        "reference",
        "paid_on",
        "paid_by_id",
        "recorded_at",
    ),
    "mutual_aid_claim": CLAIM_COLUMNS,
    "mediation_referral": REFERRAL_COLUMNS,
    "mediation_mediationsession": (
        "id",
        "referral_id",
        "held_on",
        "place",
        "attendees",
        "notes",
        "next_step",
        "recorded_by_id",
        "recorded_at",
    ),
}
