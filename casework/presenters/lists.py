"""A row of the task and case lists as the pages show it: the API's summary
(``task_summary``, ``case_summary``) with the member's name as the privacy
policy lets the user see it in a list.

Lists never show an ID number or a phone (``casework.core.privacy``), so a
list reveals nothing the who-viewed log records and logs nothing. The name
of a mediation case's worker is mediation content: only those who may read
the mediation (``mediation_content_visible``) see it; anyone else (a
mediator the case was taken from, in their done list) sees it withheld."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Lookup, QuerySet
from django.db.models.expressions import Col
from viewflow.workflow.models import Task

from casework.core.access import MEDIATION, mediation_content_visible
from casework.core.compiled import rows_compiled
from casework.core.models import Case
from workflows.engine.prepared import prepared

from .case import case_summary
from .task import task_summary

WITHHELD = "withheld"


def member_listed(case: Case, user: Any) -> dict[str, Any] | None:
    """``{"id", "name"}`` of the case's member, ``{"withheld": True}`` when
    the policy hides the worker of a mediation, None without a member. The
    case's referral is read with the list (no query per row)."""
    member = case.member
    if member is None:
        return None
    if case.program == MEDIATION:
        referral = getattr(case, "mediation", None)
        mediator_id = referral.mediator_id if referral is not None else None
        if not mediation_content_visible(user, case, mediator_id=mediator_id):
            return {WITHHELD: True}
    return {"id": member.pk, "name": member.name}


def task_row(task: Any, user: Any) -> dict[str, Any]:
    case = task.info.case
    return {
        **task_summary(task),
        "case_status": case.case_status,
        "member": member_listed(case, user),
    }


def case_row(case: Case, user: Any) -> dict[str, Any]:
    return {
        **case_summary(case),
        "member": member_listed(case, user),
        "due": getattr(case, "due", None),  # the deadline, when the list read it
    }


# past this many rows skipped, a page reads the ids of the rows it skips
# (one narrow query on the list's own indexes) and then its own rows with
# their joins: an OFFSET over the full rows joins every skipped row first
DEEP = 100
# the lists whose rows come with their joins: their pages read ids first
_IDS_FIRST = (Task, Case)


def rows_sliced(rows: Any, bottom: int, top: int) -> list[Any]:
    """Rows ``bottom``…``top`` of a list, in its order. A task list reads
    its page's ids first on every page: a task row comes with its case,
    process, member, unit, referral and owner, and the planner joins all of
    them for every matching task before it sorts (the province queue:
    57 → 34 ms, done 15 → 10 ms); a case list too (its process, member,
    unit and referral: the county's 705 late cases, 13 → 6 ms of SQL). Then the
    page's rows by their ids (``_rows_of``)."""
    if not isinstance(rows, QuerySet) or (bottom < DEEP and rows.model not in _IDS_FIRST):
        return list(rows[bottom:top])
    return rows_of_ids(rows, list(rows.values_list("pk", flat=True)[bottom:top]))


def rows_of_ids(rows: QuerySet[Any], ids: list[Any]) -> list[Any]:
    """The rows of ``ids``, which the list's own query picked, in that
    order (``_rows_of``)."""
    if not ids:  # nothing to read
        return []
    by_id = {row.pk: row for row in _rows_of(rows, ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def counted_by_ids(rows: Any) -> bool:
    """Whether a list is best counted by reading the ids of its first rows
    in its order (a task list: its query gathers, checks and sorts the
    scope's open tasks, for the count and again for the page). Not a case
    list: its count reads along another index than its page (a county's
    cases: 1 ms), where 501 ids in the page's order walked the province's
    cases by status (19 ms)."""
    return isinstance(rows, QuerySet) and rows.model is Task


def _related_paths(tree: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for name, below in tree.items():
        paths += _related_paths(below, f"{prefix}{name}__") if below else [f"{prefix}{name}"]
    return paths


class _AnyOf(Lookup):
    """``column = ANY(%s)``: one parameter for any number of values, so one
    statement for every page (PostgreSQL)."""

    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _rows_of(rows: QuerySet[Any], ids: list[Any]) -> list[Any]:
    """The rows of ``ids``, which the list's own query just picked, with the
    list's related objects. A plain list (no annotations, no deferred
    fields) is read by id alone, a statement prepared on PostgreSQL
    (``workflows.engine.prepared``): its filters chose the ids already, and
    planning the nine-table join with them again cost 5 ms where running
    it costs 0.9 (the province queue, ``EXPLAIN (ANALYZE, SUMMARY)``). A
    row that changed between the two reads shows as it is now: a task
    claimed meanwhile, which the claim then refuses."""
    query = rows.query
    related = query.select_related
    if query.annotations or query.deferred_loading[0] or not isinstance(related, dict):
        return list(rows.order_by().filter(pk__in=ids))
    paths = tuple(_related_paths(related))
    plain = rows.model._base_manager.select_related(*paths).using(rows.db)
    if connection.vendor != "postgresql" or rows.db != connection.alias:
        return list(plain.filter(pk__in=ids))
    pk = rows.model._meta.pk

    def by_ids(values: dict[str, Any]) -> QuerySet[Any]:
        return plain.filter(_AnyOf(Col(pk.model._meta.db_table, pk), values["ids"]))

    # composed once per list (``rows_compiled``): the ORM's composing of the
    # eight tables' columns cost more than PostgreSQL spent running it
    with prepared():
        return rows_compiled(("list rows", rows.model, paths), by_ids, {"ids": ids})


def rows_counted(rows: Any) -> Any:
    """What a pager counts: the list itself, or for a list read in parts
    (``workflows.selectors.CasesByDue``, ``core.selectors.MembersByName``)
    the queryset it reads them from (``counted``)."""
    return getattr(rows, "counted", rows)


def newest_first(rows: Any) -> bool:
    """Whether a list comes newest first by id and nothing else, the order
    a keyset page ("after id") can continue."""
    if not isinstance(rows, QuerySet):
        return False
    pk = rows.model._meta.pk
    return tuple(rows.query.order_by) in {("-pk",), (f"-{pk.name}",), (f"-{pk.attname}",)}
