"""A case as the case list, the case page and the API's case responses show it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from casework.audit.viewed import personal_data_viewed
from casework.core.case_data import case_data
from casework.core.models import Case
from casework.core.privacy import CATEGORIES, case_revealed
from workflows.selectors import open_tasks_read

from .task import task_summary
from .times import local_time


def as_json(value: Any) -> Any:
    """Money and other decimals as strings (``"1200.00"``), recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    return value


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "case_number": case.case_number,
        "program": case.program,
        "status": case.case_status,
        "org_unit": {
            "id": case.org_unit_id,
            "name": case.org_unit.name,
            "code": case.org_unit.code,
        },
        "member": {"id": case.member.pk, "name": case.member.name} if case.member else None,
        "created": local_time(case.created),
        "closed": local_time(case.closed),
    }


def case_detail(case: Case, user: Any, *, via: str, also: Iterable[str] = ()) -> dict[str, Any]:
    """The case as ``user`` may see it (the programs' builders apply the
    privacy policy). What it shows of the protected categories — with
    ``also``, what the rest of the response shows — is recorded in the
    who-viewed log under ``via``: every response that carries a case does."""
    revealed = {*case_revealed(case, user), *also}
    personal_data_viewed(
        case=case, actor=user, what=[c for c in CATEGORIES if c in revealed], via=via
    )
    tasks = [task_summary(t) for t in open_tasks_read(case.pk)]
    dues = [t["due"] for t in tasks if t["due"]]
    return {
        **case_summary(case),
        "data": as_json(case_data(case, user)),
        "open_tasks": tasks,
        "deadline": min(dues) if dues else None,
    }
