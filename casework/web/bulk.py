"""Claiming and reassigning several tasks at once, from the task lists.

Each task goes through the engine on its own (``engine.task_claim``,
``engine.task_reassign``: its own lock and transaction), exactly as the
task page does it, so one refusal — a task someone else took in between,
a step the person may not take, a task closed meanwhile — refuses that
task only and is reported with its reason; the others are done."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from casework.core.errors import ApplicationError, InvalidInput
from workflows import engine

# at most this many tasks in one go (four pages of a list)
MAX_TASKS = 100


@dataclass
class BulkOutcome:
    """The tasks done, and each refused one as ``(what, why)``."""

    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def task_ids_read(values: Iterable[str]) -> list[int]:
    """The ticked tasks' ids (once each, in order); refuses none, too many
    or anything not an id."""
    ids: list[int] = []
    for value in values:
        if not value.isdigit():
            raise InvalidInput("bad task id", fields={"task": [_("Tick the tasks again.")]})
        if int(value) not in ids:
            ids.append(int(value))
    if not ids:
        raise InvalidInput("no task", fields={"task": [_("Tick at least one task.")]})
    if len(ids) > MAX_TASKS:
        raise InvalidInput(
            "too many tasks",
            fields={"task": [_("At most %(n)d tasks at once.") % {"n": MAX_TASKS}]},
        )
    return ids


def _each(user: Any, task_ids: list[int], step: Callable[[Any], Any]) -> BulkOutcome:
    outcome = BulkOutcome()
    for task_id in task_ids:
        what = f"#{task_id}"
        try:
            task = engine.task_for_user(user, task_id)
            what = f"{task.info.case.case_number} {engine.step_of(task).title}"
            step(task)
        except ApplicationError as exc:
            outcome.refused.append((what, str(exc.message)))
        else:
            outcome.done.append(what)
    return outcome


def tasks_claim(*, user: Any, task_ids: list[int]) -> BulkOutcome:
    """Claim each task for ``user``, as the task page's claim does."""
    return _each(user, task_ids, lambda task: engine.task_claim(task, user))


def tasks_reassign(*, actor: Any, task_ids: list[int], to_user: Any) -> BulkOutcome:
    """Give each task to ``to_user``, as the task page's reassign does (the
    engine refuses a non-manager, and a holder who may not take the step)."""
    return _each(actor, task_ids, lambda task: engine.task_reassign(task, actor, to_user))


def _unit_and_ancestors(path: str) -> set[str]:
    """``/1/3/7/`` → ``{"/1/", "/1/3/", "/1/3/7/"}``."""
    return {path[: i + 1] for i, char in enumerate(path) if char == "/" and i > 0}


def reassign_choices(tasks: Iterable[Any]) -> QuerySet[Any]:
    """Whom to offer for the listed tasks: active users with a role one of
    their steps takes, in a unit whose subtree holds one of their cases (the
    engine checks each task against the one chosen). One query."""
    roles: set[str] = set()
    paths: set[str] = set()
    for task in tasks:
        roles |= set(engine.step_of(task).roles)
        paths |= _unit_and_ancestors(task.info.case.org_unit.path)
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles, profile__org_unit__path__in=paths)
        .distinct()
        .order_by("username")
    )
