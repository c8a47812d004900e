"""What a program's service hands the engine to open a case: the member,
the unit, the first status, the program's own records (``details``) and what
the case-created event says (``summary``). The service checks and refuses;
the workflows layer (``workflows.intake``) starts the flow with it, so no
service imports the engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Case, Member, OrgUnit


@dataclass(frozen=True)
class CaseIntake:
    program: str
    member: Member | None
    org_unit: OrgUnit
    status: str
    details: Callable[[Case], None]
    summary: dict[str, Any] = field(default_factory=dict)
