"""Everything the beat schedule runs periodically, in one service: due
viewflow timers, the deadline sweep (reminders and escalations) and the
yearly roster reviews. Safe to run beside itself: timers fire under their
flow lock, each reminder or escalation is taken once by a conditional update
with unique keys, and a roster entry is locked while its review is opened."""

from __future__ import annotations

from dataclasses import dataclass

from . import deadlines, engine


@dataclass
class DueWorkReport:
    timers_fired: int = 0
    reminders_sent: int = 0
    escalations_sent: int = 0
    roster_reviews_opened: int = 0

    def lines(self) -> list[str]:
        return [
            f"timers fired: {self.timers_fired}",
            f"reminders sent: {self.reminders_sent}",
            f"escalations sent: {self.escalations_sent}",
            f"roster reviews opened: {self.roster_reviews_opened}",
        ]


def due_work_run() -> DueWorkReport:
    from casework.relief.roster import roster_reviews_open

    return DueWorkReport(
        timers_fired=engine.timers_fire_due(),
        roster_reviews_opened=roster_reviews_open(),
        reminders_sent=deadlines.reminders_send(),
        escalations_sent=deadlines.escalations_send(),
    )
