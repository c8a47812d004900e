"""The program facts shown on a case (``data`` of GET /api/cases/{n}/).
Each program registers its builder from its AppConfig.ready(); a builder
gets the viewing user, so confidential fields can depend on who looks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Case

Builder = Callable[[Case, Any], dict[str, Any]]
_BUILDERS: dict[str, Builder] = {}
# links to other cases another program keeps on the case row (``Case.data``),
# shown whatever the case's program: the reconsideration asked for it, and
# the case it was reopened from after one
LINKS = ("reconsideration", "reopened_from")


def register(program: str, builder: Builder) -> None:
    _BUILDERS[program] = builder


def case_data(case: Case, user: Any) -> dict[str, Any]:
    builder = _BUILDERS.get(case.program)
    data = builder(case, user) if builder else {}
    stored = case.data or {}
    return {**data, **{key: stored[key] for key in LINKS if key in stored}}
