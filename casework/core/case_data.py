"""The program facts shown on a case (``data`` of GET /api/cases/{n}/).
Each program registers its builder from its AppConfig.ready(); a builder
gets the viewing user, so confidential fields can depend on who looks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Case

Builder = Callable[[Case, Any], dict[str, Any]]
_BUILDERS: dict[str, Builder] = {}


def register(program: str, builder: Builder) -> None:
    _BUILDERS[program] = builder


def case_data(case: Case, user: Any) -> dict[str, Any]:
    builder = _BUILDERS.get(case.program)
    return builder(case, user) if builder else {}
