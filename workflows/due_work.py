"""Everything the beat schedule runs periodically, in one service: due
viewflow timers now; deadline sweeps, reminders and escalations join it as
the processes need them. Safe to run beside itself."""

from __future__ import annotations

from dataclasses import dataclass

from . import engine


@dataclass
class DueWorkReport:
    timers_fired: int = 0

    def lines(self) -> list[str]:
        return [f"timers fired: {self.timers_fired}"]


def due_work_run() -> DueWorkReport:
    return DueWorkReport(timers_fired=engine.timers_fire_due())
