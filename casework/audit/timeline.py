"""A case's timeline: its audit chain as one user may read it, for the API
(``GET /api/cases/{n}/timeline/``) and the case page alike. Every event's
data goes through the case page's policy (``casework.core.privacy.case_view``)
by the classes of its fields (``casework.core.classification``); the
timeline says which protected categories it showed, and the caller logs
them with the rest of its response (``personal_data_viewed``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from casework.core.classification import data_shown
from casework.core.models import Case
from casework.core.privacy import CATEGORIES, case_view

from . import registry
from .models import AuditEvent


@dataclass(frozen=True)
class TimelineEvent:
    seq: int
    at: dt.datetime
    actor: str
    type: str
    label: str  # the registry's label, translated
    step: str  # the step's title for task events, else ""
    data: dict[str, Any]  # as the reader may see it
    hash: str


@dataclass
class Timeline:
    events: list[TimelineEvent] = field(default_factory=list)
    # the protected categories the events showed (for the who-viewed log)
    revealed: list[str] = field(default_factory=list)


def case_timeline(case: Case, user: Any, *, with_viewed: bool) -> Timeline:
    """The case's events in order, each as ``user`` may see it. The
    ``viewed`` events (the who-viewed log) only ``with_viewed``: auditors
    read them, and the case page shows them apart."""
    view = case_view(case, user)
    steps = case.flow_class.steps
    qs = AuditEvent.objects.filter(case=case).order_by("seq")
    if not with_viewed:
        qs = qs.exclude(type=registry.VIEWED.code)
    timeline = Timeline()
    revealed: set[str] = set()
    for e in qs:
        data, found = data_shown(case.program, view, e.data or {})
        revealed |= found
        step = steps.get(data.get("node") or "") if isinstance(data.get("node"), str) else None
        timeline.events.append(
            TimelineEvent(
                seq=e.seq,
                at=e.at,
                actor=e.actor_name,
                type=e.type,
                label=_label(e.type),
                step=str(step.title) if step else "",
                data=data,
                hash=e.hash,
            )
        )
    timeline.revealed = [c for c in CATEGORIES if c in revealed]
    return timeline


def _label(code: str) -> str:
    try:
        return str(registry.get(code).label)
    except LookupError:
        return code
