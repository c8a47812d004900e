"""A step's transaction: the flow lock, and the task read once under it with
its info, case (unit and member), the head of the case's audit chain,
whether the four-eyes rule keeps the user off it, and (for a claim, release
or reassignment, which move no other task) the case's other pending tasks.

The transaction is the flow lock's own (viewflow's ``SelectForUpdateLock``
opens it); only the visibility check before the lock reads outside it. A
task known by its id alone (the API's completion, ``locked_by_id``) is not
read before the lock: its case's row is locked by the task's id, and the
visibility checked on the read under the lock. The
one case object read under the lock serves the whole step (viewflow's
activations, the services, the status) and carries the case's audit chain
open for the step (``case_chain``): the step's events go to the chain in
one INSERT when the lock's block ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.lock import lock_scope
from viewflow.workflow.models import Task

from casework.audit.services import case_chain, chain_head_loaded
from casework.core.access import can_see_case
from casework.core.compiled import rows_compiled
from casework.core.errors import NotFound
from casework.core.models import Case, Payment

from ..models import TaskInfo
from ..task_states import PENDING
from .access import case_to_check
from .prepared import prepared

# what a step reads of its task, fetched with it in one query
_TASK_RELATED = (
    "owner",
    "info",
    "process__case__org_unit",
    "process__case__member",
    "process__case__audit_head",
)


def fetch(
    task_id: int, user: Any = None, pending_of: int | None = None, detail: str | None = None
) -> Task:
    """The task with its owner, info and case (unit and member) and the
    head of the case's audit chain in one query, under the flow lock; its
    info holds that same case object. With ``user``: whether the four-eyes
    rule keeps them off the task (``info.excludes``, read by ``may_take``).
    With ``pending_of`` (the task's case): the case's pending tasks by id,
    read in the same query, in ``task.pending`` (the task among them when
    it is pending). ``detail``: the case's program record to read with it
    (the flow's ``case_detail``, e.g. ``relief``), which its services then
    take from the case."""
    values: dict[str, Any] = {"task": task_id}
    if user is not None:
        values["user"] = user.pk
    if pending_of is not None:
        values["case"] = pending_of
    shape = ("engine.fetch", detail, user is not None, pending_of is not None)
    rows = rows_compiled(shape, lambda v: _task_rows(v, detail), values)
    by_id = {row.pk: row for row in rows}
    if task_id not in by_id:
        raise Task.DoesNotExist(f"task {task_id}")
    task = _joined(by_id[task_id], user)
    if pending_of is not None:
        task.pending = [row for row in by_id.values() if row.status in PENDING]
    return task


def _task_rows(values: dict[str, Any], detail: str | None) -> QuerySet[Task]:
    """The query ``fetch`` runs (composed once per shape: ``rows_compiled``)."""
    related = (*_TASK_RELATED, f"process__case__{detail}") if detail else _TASK_RELATED
    # whether the case is paid: a case read under its lock with none reads no payment again
    paid = Payment.objects.filter(case_id=OuterRef("process_id"), item=0)
    tasks = Task.objects.select_related(*related).annotate(case_paid=Exists(paid))
    if "user" in values:
        excluded = TaskInfo.excluded_users.through.objects.filter(
            taskinfo_id=OuterRef("pk"), user_id=values["user"]
        )
        tasks = tasks.annotate(user_excluded=Exists(excluded))
    if "case" not in values:
        return tasks.filter(pk=values["task"])
    rows = tasks.filter(Q(pk=values["task"]) | Q(process_id=values["case"], status__in=PENDING))
    return rows.order_by("pk")


def _joined(task: Task, user: Any) -> Task:
    """Hang the one case object read with ``task`` on it and on its info
    (with its payment known missing when it has none)."""
    case = task.process.coerced  # the case row came with the query
    task.process = case
    if not task.case_paid:
        case.payment_remember(None)
    info = getattr(task, "info", None)  # a timer has none
    if info is not None:
        info.case = case
        if user is not None:
            info.excludes = {user.pk: task.user_excluded}
    return task


def refresh(task: Task, user: Any = None, pending: bool = False) -> None:
    """Re-read ``task`` in place, as viewflow's ``refresh_from_db`` does, but
    with what the step reads of it (``fetch``)."""
    detail = getattr(task.flow_task.flow_class, "case_detail", None)
    fresh = fetch(task.pk, user, task.process_id if pending else None, detail)
    for field in Task._meta.concrete_fields:
        setattr(task, field.attname, getattr(fresh, field.attname))
    task.owner = fresh.owner
    task.process = fresh.process
    info = getattr(fresh, "info", None)
    if info is not None:
        task.info = info
    if pending:  # the task itself in the list: its moves show in it
        task.pending = [task if row is fresh else row for row in fresh.pending]


@contextmanager
def locked(task: Task, user: Any, pending: bool = False) -> Iterator[Any]:
    """Open the task's activation (flow lock + fresh row) after checking the
    user may see the case at all. The flow lock is the case row's lock, so
    the audit chain writes under it without locking again. The lock's
    atomic block is the step's transaction, its statements prepared on
    PostgreSQL (``prepared``). ``pending``: see ``fetch``."""
    with prepared():
        if not can_see_case(user, case_to_check(task)):
            raise _not_found(task.pk)
        with task.flow_task.flow_class.lock(task.process_id):
            refresh(task, user, pending)
            with _activation_opened(task) as act:
                yield act


@contextmanager
def locked_by_id(task_id: int, user: Any, pending: bool = False) -> Iterator[Any]:
    """``locked`` for a human task known by its id alone (the API's
    completion): one statement finds the task's case and takes its row's
    lock, the flow lock of every case flow (``CaseFlowMixin.lock_impl``);
    the task is read once, under it, and the user's sight of the case
    checked on that read (404 as from ``locked``, nothing written). Its
    block joins the caller's transaction without a savepoint of its own (two
    statements fewer): a refusal rolls the whole transaction back, as the
    API's request does anyway."""
    with prepared(), transaction.atomic(savepoint=False):
        found = rows_compiled("engine.case_locked", _case_of_task, {"task": task_id})
        if not found:
            raise _not_found(task_id)
        flow_class = found[0].flow_class
        with lock_scope(_ROW_HELD, flow_class, found[0].pk):
            task = fetch(task_id, user, found[0].pk if pending else None, flow_class.case_detail)
            if not can_see_case(user, task.process):
                raise _not_found(task_id)
            with _activation_opened(task) as act:
                yield act


def _case_of_task(values: dict[str, Any]) -> QuerySet[Case]:
    """The case of a human task, its row locked (its process's flow with it)."""
    cases = Case.objects.filter(task__pk=values["task"], task__info__isnull=False)
    return cases.select_for_update(of=("self",)).only("pk", "flow_class").order_by()


class _RowHeld:
    """The flow lock's place in ``lock_scope`` once the open transaction
    holds the case row's lock (``locked_by_id``)."""

    @contextmanager
    def __call__(self, flow_class: Any, process_pk: int) -> Iterator[None]:
        yield


_ROW_HELD = _RowHeld()


@contextmanager
def _activation_opened(task: Task) -> Iterator[Any]:
    """The task's activation, its case's audit chain open for the step (the
    head came with the case, read under the flow lock)."""
    case = task.process
    with case_chain(case, head=chain_head_loaded(case)):
        yield task.flow_task.activation_class(task)


def _not_found(task_id: int) -> NotFound:
    return NotFound(_("task %(task)s not found") % {"task": task_id})
