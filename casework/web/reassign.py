"""Reassigning a task from its page: who may do it, and whom to offer.

The engine decides (``workflows.engine.task_reassign``): a supervisor or
coordinator may give an open task to anyone the engine would let take the
step. The page only shows the form to those the engine would allow, with a
list of the users it would accept, read in one query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from workflows import engine
from workflows.task_states import TAKEABLE


def may_reassign(user: Any, task: Any) -> bool:
    """The engine's rule: a manager role (or superuser), and the task open."""
    if task.status not in TAKEABLE:
        return False
    return engine.manages(user, task)


def _ancestor_paths(path: str) -> list[str]:
    """``/1/3/7/`` → ``["/1/", "/1/3/", "/1/3/7/"]``: the units whose subtree
    holds the unit at ``path``."""
    ids = [part for part in path.split("/") if part]
    return ["/" + "/".join(ids[: n + 1]) + "/" for n in range(len(ids))]


def reassign_candidates(task: Any) -> QuerySet[Any]:
    """Active users with one of the step's roles whose unit's subtree holds
    the case's unit, minus the four-eyes exclusions and the current holder:
    the users ``engine.may_take`` accepts (submitters aside). One query."""
    step = engine.step_of(task)
    info = task.info
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=step.roles,
            profile__org_unit__path__in=_ancestor_paths(info.case.org_unit.path),
        )
        .exclude(pk__in=info.excluded_users.values("pk"))
        .exclude(pk=task.owner_id or 0)
        .distinct()
        .order_by("username")
    )
