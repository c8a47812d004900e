"""Everything the beat schedule runs periodically, in one service: due
viewflow timers, the deadline sweep (reminders and escalations) and the
yearly roster reviews. Safe to run beside itself: timers fire under their
flow lock, each reminder or escalation is taken once by a conditional update
with unique keys, and a roster entry is locked while its review is opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from casework.core.models import Case
from casework.relief.models import RosterEntry
from casework.relief.statuses import RosterReviewStatus

from . import deadlines, engine
from .legal_aid_reminders import aid_close_reminders_send


@dataclass
class DueWorkReport:
    timers_fired: int = 0
    reminders_sent: int = 0
    escalations_sent: int = 0
    roster_reviews_opened: int = 0
    aid_close_reminders_sent: int = 0

    def lines(self) -> list[str]:
        return [
            f"timers fired: {self.timers_fired}",
            f"reminders sent: {self.reminders_sent}",
            f"escalations sent: {self.escalations_sent}",
            f"roster reviews opened: {self.roster_reviews_opened}",
            f"legal-aid closing reminders sent: {self.aid_close_reminders_sent}",
        ]


def due_work_run() -> DueWorkReport:
    return DueWorkReport(
        timers_fired=engine.timers_fire_due(),
        roster_reviews_opened=roster_reviews_open(),
        reminders_sent=deadlines.reminders_send(),
        escalations_sent=deadlines.escalations_send(),
        aid_close_reminders_sent=aid_close_reminders_send(),
    )


def roster_reviews_open(today: dt.date | None = None) -> int:
    """Open a review case for every active roster entry whose review is due
    and has none open. Safe beside another run: the entry row is locked
    while it is checked and the case started."""
    today = today or timezone.localdate()
    opened = 0
    due = RosterEntry.objects.filter(status=RosterEntry.Status.ACTIVE, review_due__lte=today)
    for entry_id in list(due.order_by("review_due", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            entry = (
                RosterEntry.objects.select_for_update()
                .select_related("member", "case__org_unit")
                .get(pk=entry_id)
            )
            if entry.status != RosterEntry.Status.ACTIVE or entry.review_due > today:
                continue
            if Case.objects.filter(
                program="roster_review", data__roster_entry=entry.pk, closed__isnull=True
            ).exists():
                continue

            def details(case: Case, entry: RosterEntry = entry) -> None:
                case.data = {"roster_entry": entry.pk}
                case.save(update_fields=["data"])

            engine.case_start(
                program="roster_review",
                actor=None,
                member=entry.member,
                org_unit=entry.case.org_unit,
                status=RosterReviewStatus.REVIEW_DUE,
                details=details,
                summary={
                    "roster_entry": entry.pk,
                    "category": entry.category,
                    "review_due": entry.review_due.isoformat(),
                },
            )
            opened += 1
    return opened
