"""Task lists, scoped to the user: inbox, queue, done; and the case list,
whose overdue filter reads the tasks."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.core.access import case_scope_q, cases_visible_to, user_roles, user_unit
from casework.core.compiled import rows_compiled
from casework.core.identifiers import identifier_normalize
from casework.core.models import Case, Member, OrgUnit
from casework.core.roles import MEDIATOR, MEMBER
from casework.core.text_search import HasTextOf

from .engine.access import DEFAULT_MANAGERS, PROGRAM_MANAGERS
from .list_sorts import CASE_SORTS, TASK_SORTS
from .models import TaskInfo
from .task_states import HELD, OPEN, TAKEABLE


def _base() -> QuerySet[Task]:
    return Task.objects.filter(info__isnull=False).select_related(
        # the case's member, unit and referral: the lists' member column
        # and what decides who sees it (casework.presenters.lists)
        "owner",
        "info",
        "info__case",
        "info__case__member",
        "info__case__org_unit",
        "info__case__mediation",
    )


def tasks_inbox(user: Any) -> QuerySet[Task]:
    return _base().filter(owner=user, status__in=HELD)


def tasks_queue(user: Any, *, walked: bool = False) -> QuerySet[Task]:
    """Open unclaimed tasks the user may claim: their role within their
    unit's subtree, or a step that waits on them as the submitter.
    ``walked``: the list will be read by due date or newest first (``_status_in``)."""
    new = _status_in((STATUS.NEW,)) if walked else Q(status=STATUS.NEW)
    qs = _base().filter(new, info__open=True)
    qs = qs.exclude(info__excluded_users=user)
    if user.is_superuser:
        return qs
    q = Q(info__submitter=user)
    unit = user_unit(user)
    roles = user_roles(user)
    if unit is not None and roles:
        q |= Q(info__role__in=roles, info__unit_path__startswith=unit.path)
    # and never a task of a case the user may not see (mediation confidentiality)
    return qs.filter(q).filter(case_scope_q(user, prefix="info__case__"))


def unit_bound_scope(user: Any) -> str | None:
    """The path of the user's unit when every case they see lies in its
    subtree (staff without a mediator's or a member's own cases), else
    None. A task's ``unit_path`` is its case's unit's path (written with
    the task), so such a user's tasks are those under it: a narrowing the
    lists' indexes can read, the case scope still applied on top."""
    unit = user_unit(user)
    roles = user_roles(user)
    if user.is_superuser or unit is None or not roles or roles & {MEDIATOR, MEMBER}:
        return None
    return str(unit.path)


def tasks_done(user: Any) -> QuerySet[Task]:
    return _base().filter(info__completed_by=user)


def programs_managed(user: Any) -> frozenset[str]:
    """The programs whose tasks the user may release and reassign
    (``engine.manages``): a supervisor's, a coordinator's; all for superusers."""
    programs = frozenset(Case.Program.values)
    if user.is_superuser:
        return programs
    roles = user_roles(user)
    return frozenset(p for p in programs if roles & PROGRAM_MANAGERS.get(p, DEFAULT_MANAGERS))


def _status_in(statuses: tuple[str, ...]) -> Q:
    """The task's status among ``statuses``, read per row from the open
    tasks' index (a scalar subquery on the task itself), for an open-task
    list read by due date or newest first. As a plain filter beside ``info.open`` the
    planner takes the open tasks and the open infos for independent
    few-in-millions and expects a few dozen rows of their join where there
    are thousands: it joins them all and sorts them (the province's open
    tasks: 115 ms); this way it walks the open infos along the due-date
    index and stops at the page (0.4 ms); newest first, along the task
    ids (the province's queue: 28,953 → 422 buffers). In an order by a
    column of the case the plain filter's misjudgement is the better one:
    the list is gathered and sorted, not walked along the cases' index or
    their table read whole."""
    # "IN (… LIMIT 1)": a subquery per row the planner keeps as it is
    return Q(pk__in=_task_if("pk", statuses))


def tasks_managed(user: Any, *, walked: bool = False) -> QuerySet[Task]:
    """The open tasks, claimed or not, of the cases the user sees in the
    programs they manage: what a supervisor or coordinator may reassign.
    ``walked``: the list will be read by due date or newest first (``_status_in``)."""
    takeable = _status_in(TAKEABLE) if walked else Q(status__in=TAKEABLE)
    qs = _base().filter(takeable, info__open=True)
    qs = qs.filter(info__case__program__in=programs_managed(user))
    return qs.filter(case_scope_q(user, prefix="info__case__"))


TWO_LETTERS = re.compile(r"[A-Z]{2}")


def case_search_q(q: str, prefix: str = "") -> Q:
    """A case matching the search text: the member's name containing it, or
    the case number containing it / the member's ID number equal to it, both
    as stored (``identifier_normalize``: spaces, full-width digits and a
    lowercase x do not matter; stored case numbers are upper-case). One
    subquery, each half through its own index: the members' cases (the
    members found through the name index, ``casework.core.text_search``)
    and the case numbers (pg_trgm)."""
    found = Q(HasTextOf("name", q)) & Q(name__icontains=q)
    number = identifier_normalize(q)
    if number:
        found |= Q(id_number=number)
    members = Member.objects.filter(found).values("pk")
    cases = Case.objects.order_by().filter(member_id__in=members).values("pk")
    if number:
        # a case number is ``XX-2026-000123`` (``case_number_allocate``): its
        # only two letters in a row are its first two, so text that starts
        # with two letters is found at the start (the b-tree index's range,
        # where the trigram index reads every number sharing "-2026-")
        starts = TWO_LETTERS.match(number) is not None
        lookup = "case_number__startswith" if starts else "case_number__contains"
        by_number = Case.objects.order_by().filter(**{lookup: number}).values("pk")
        cases = cases.union(by_number)
    return Q(**{f"{prefix}pk__in": cases})


def _open_due() -> Subquery:
    """A case's deadline: the earliest due date of its open tasks."""
    return Subquery(
        TaskInfo.objects.filter(case_id=OuterRef("pk"), open=True, task__status__in=OPEN)
        .exclude(due=None)
        .order_by("due")
        .values("due")[:1]
    )


# the API's ``ordering`` of the task list, as sort orders
_TASK_ORDERINGS = {"due": "due", "-due": "-due", "created": "-created"}


def tasks_filter(
    qs: QuerySet[Task],
    *,
    program: str | None,
    overdue: bool | None,
    ordering: str | None,
    case_status: str | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> QuerySet[Task]:
    """The task list filtered; ``sort`` (a key of ``TASK_SORTS``) or the
    API's ``ordering`` orders it, newest first by default."""
    if program:
        qs = qs.filter(info__case__program=program)
    if case_status:
        qs = qs.filter(info__case__case_status=case_status)
    if q:
        qs = qs.filter(case_search_q(q, prefix="info__case__"))
    if overdue is not None:
        today = timezone.localdate()
        qs = qs.filter(info__due__lt=today) if overdue else qs.exclude(info__due__lt=today)
    # "due": earliest due first (the overdue ones), tasks without a due date
    # last. Newest first: ids are handed out in creation order, and an index
    # can give them in that order where ``created`` (another table's column
    # for the cases, no index for the tasks' lists) cannot
    key = sort or _TASK_ORDERINGS.get(ordering or "", "-created")
    return qs.order_by(*TASK_SORTS[key])


def _task_if(task: str, statuses: tuple[str, ...]) -> Subquery:
    """The id of the task ``task`` (an outer column) names when its status
    is among ``statuses``, else NULL: read per row (a scalar subquery, see
    ``_late_cases``) from the open tasks' index alone (``casework_task_open``:
    id and status of the open ones), not from the wide task row. A task
    info compares it with its task id rather than testing it for NULL: the
    planner then expects few rows, as it did from the status, and gathers
    the late cases first rather than walking all cases by id."""
    own = Task.objects.filter(pk=OuterRef(task), status__in=statuses).order_by().values("pk")
    return Subquery(own[:1])


def _open_due_infos() -> QuerySet[TaskInfo]:
    """The open tasks' infos with a due date."""
    return (
        TaskInfo.objects.order_by()
        .filter(open=True, due__isnull=False)
        .annotate(open_task=_task_if("task_id", OPEN))
        .filter(open_task=F("task_id"))
    )


class CasesByDue:
    """The cases of a list (``cases_list``'s) in deadline order — earliest
    first, or latest with ``descending`` — the cases without one last, by
    id, read a page at a time without sorting the whole list. The cases
    with a deadline are walked along the open tasks' due-date index (of
    the user's subtree, ``unit_bound_scope``), each at its earliest open
    task (no open task of the case due before it); the others along the
    case table's own index. A page's ids: the first ``top`` rows of each
    half, the two put one after the other and the page cut from them, in
    one query; then the page's rows. What a pager counts is ``counted``,
    the list itself."""

    def __init__(self, rows: QuerySet[Case], *, descending: bool, subtree: str | None) -> None:
        self.counted = rows
        self.descending = descending
        self.subtree = subtree

    def _ids(self, bottom: int, top: int) -> list[int]:
        rows = self.counted.order_by()
        infos = _open_due_infos()
        earlier = infos.filter(case_id=OuterRef("case_id")).filter(
            Q(due__lt=OuterRef("due")) | Q(due=OuterRef("due"), task_id__lt=OuterRef("task_id"))
        )
        if self.subtree is not None:  # only the subtree's tasks (an index gives them)
            infos = infos.filter(unit_path__startswith=self.subtree)
        way = "-" if self.descending else ""
        first = (
            infos.filter(case_id__in=rows.values("pk"))
            .exclude(Exists(earlier))
            .annotate(row_id=F("case_id"), part=Value(0), due_key=F("due"))
            .values("row_id", "part", "due_key")
            .order_by(f"{way}due", f"{way}case_id")
        )[:top]
        then = (
            rows.exclude(Exists(_open_due_infos().filter(case_id=OuterRef("pk"))))
            .annotate(row_id=F("pk"), part=Value(1), due_key=Cast(Value(None), DateField()))
            .values("row_id", "part", "due_key")
            .order_by(f"{way}pk")
        )
        sql_first, params_first = first.query.sql_with_params()
        sql_then, params_then = then.query.sql_with_params()
        order = "DESC" if self.descending else "ASC"
        # the undated cases read only when the dated ones leave the page short
        # (a one-time filter; a LIMIT the planner knows: a cost it can estimate)
        sql = (
            f"WITH dated AS ({sql_first}) SELECT row_id FROM (SELECT * FROM dated UNION ALL "
            f"SELECT * FROM ({sql_then} LIMIT %s) AS undated "
            f"WHERE (SELECT COUNT(*) FROM dated) < %s) AS listed "
            f"ORDER BY part, due_key {order}, row_id {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            params = [*params_first, *params_then, top, top, top - bottom, bottom]
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def __getitem__(self, part: slice) -> list[Case]:
        bottom = part.start or 0
        ids = self._ids(bottom, part.stop) if part.stop > bottom else []
        found = self.counted.annotate(due=_open_due()).order_by().filter(pk__in=ids)
        by_id = {case.pk: case for case in found}
        return [by_id[pk] for pk in ids if pk in by_id]


def cases_paged(rows: QuerySet[Case], sort: str | None, user: Any) -> QuerySet[Case] | CasesByDue:
    """What a list page reads the pages of ``cases_list(user, …, sort=sort)``
    from: the list itself, or in deadline order a ``CasesByDue`` (a
    deadline is computed per case: ordered by it, the whole list is read
    and sorted for each page)."""
    if sort in ("due", "-due"):
        return CasesByDue(rows, descending=sort == "-due", subtree=unit_bound_scope(user))
    return rows


def open_tasks_of(case_id: int) -> QuerySet[Task]:
    """With what summaries and the check before a step read (not the lists'
    nine-table join: 2–4 ms for PostgreSQL to plan)."""
    rows = Task.objects.select_related("owner", "info__case__org_unit")
    return rows.filter(process_id=case_id, status__in=OPEN, info__isnull=False)


def open_tasks_read(case_id: int) -> list[Task]:
    """``open_tasks_of``, its SQL composed once per process
    (``core.compiled``): every response that carries a case lists them, and
    composing the query cost more than running it."""
    return rows_compiled(
        "selectors.open_tasks_of", lambda v: open_tasks_of(v["case"]), {"case": case_id}
    )


def _late_cases(user: Any) -> QuerySet[Any, Any]:
    """The ids of the cases with an open task past its due date, of the
    user's subtree when their scope is bound to it (``unit_bound_scope``;
    the case scope is applied on top). The task's status is read per row (a
    scalar subquery): as a join, the planner expects a few dozen rows, joins
    every case of thousands and sorts them; this way it walks the cases
    newest first along the open tasks' index and stops at the page."""
    late = TaskInfo.objects.annotate(open_task=_task_if("task_id", OPEN)).filter(
        open=True,
        due__lt=timezone.localdate(),
        open_task__isnull=False,
    )
    subtree = unit_bound_scope(user)
    if subtree is not None:  # only the subtree's tasks (an index gives them)
        late = late.filter(unit_path__startswith=subtree)
    return late.values("case_id")


def cases_list(
    user: Any,
    *,
    program: str | None = None,
    status: str | None = None,
    org_unit: OrgUnit | None = None,
    overdue: bool | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> QuerySet[Case]:
    """The cases the user sees, filtered. With ``sort`` (a key of
    ``CASE_SORTS``) each case carries its deadline (``due``) and comes in
    that order; newest first otherwise."""
    # the referral: whose the mediation is decides who sees its worker's name
    qs = cases_visible_to(user).select_related("org_unit", "member", "mediation")
    if program:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(case_status=status)
    if org_unit is not None:
        qs = qs.filter(org_unit__path__startswith=org_unit.path)
    if overdue is not None:
        # not late: each case checked along its open tasks (an anti-join the
        # walk of the newest cases stops at the page; "NOT IN" hashed every
        # late task first, 46 → 6 ms for the province)
        late = _late_cases(user)
        qs = (
            qs.filter(pk__in=late)
            if overdue
            else qs.exclude(Exists(late.filter(case_id=OuterRef("pk"))))
        )
    if q:
        qs = qs.filter(case_search_q(q))
    if sort:
        return qs.annotate(due=_open_due()).order_by(*CASE_SORTS[sort])
    # newest first by id (handed out in creation order): an index on the
    # case table can give that order, ``created`` is on the parent table
    return qs.order_by("-process_ptr_id")
