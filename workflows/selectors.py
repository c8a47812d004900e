"""Task lists, scoped to the user: inbox, queue, done; and the case list,
whose overdue filter reads the tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.core.access import case_scope_q, cases_visible_to, user_roles, user_unit
from casework.core.identifiers import identifier_normalize
from casework.core.models import Case, OrgUnit

from .models import TaskInfo
from .task_states import HELD, OPEN


def _base() -> QuerySet[Task]:
    return Task.objects.filter(info__isnull=False).select_related("owner", "info", "info__case")


def tasks_inbox(user: Any) -> QuerySet[Task]:
    return _base().filter(owner=user, status__in=HELD)


def tasks_queue(user: Any) -> QuerySet[Task]:
    """Open unclaimed tasks the user may claim: their role within their
    unit's subtree, or a step that waits on them as the submitter."""
    qs = _base().filter(status=STATUS.NEW, info__open=True).exclude(info__excluded_users=user)
    if user.is_superuser:
        return qs
    q = Q(info__submitter=user)
    unit = user_unit(user)
    roles = user_roles(user)
    if unit is not None and roles:
        q |= Q(info__role__in=roles, info__unit_path__startswith=unit.path)
    # and never a task of a case the user may not see (mediation confidentiality)
    return qs.filter(q).filter(case_scope_q(user, prefix="info__case__"))


def tasks_done(user: Any) -> QuerySet[Task]:
    return _base().filter(info__completed_by=user)


def tasks_filter(
    qs: QuerySet[Task],
    *,
    program: str | None,
    overdue: bool | None,
    ordering: str | None,
    case_status: str | None = None,
) -> QuerySet[Task]:
    if program:
        qs = qs.filter(info__case__program=program)
    if case_status:
        qs = qs.filter(info__case__case_status=case_status)
    if overdue is not None:
        today = timezone.localdate()
        qs = qs.filter(info__due__lt=today) if overdue else qs.exclude(info__due__lt=today)
    if ordering == "due":
        # earliest due first (the overdue ones), tasks without a due date last
        return qs.order_by(F("info__due").asc(nulls_last=True), "id")
    if ordering == "-due":
        return qs.order_by("-info__due", "-id")
    # newest first: ids are handed out in creation order, and an index can
    # give them in that order where ``created`` (another table's column for
    # the cases, no index for the tasks' lists) cannot
    return qs.order_by("-id")


def open_tasks_of(case_id: int) -> QuerySet[Task]:
    return _base().filter(process_id=case_id, status__in=OPEN)


def cases_list(
    user: Any,
    *,
    program: str | None = None,
    status: str | None = None,
    org_unit: OrgUnit | None = None,
    overdue: bool | None = None,
    q: str | None = None,
) -> QuerySet[Case]:
    qs = cases_visible_to(user).select_related("org_unit", "member")
    if program:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(case_status=status)
    if org_unit is not None:
        qs = qs.filter(org_unit__path__startswith=org_unit.path)
    if overdue is not None:
        late = TaskInfo.objects.filter(
            open=True,
            due__lt=timezone.localdate(),
            task__status__in=OPEN,
        ).values("case_id")
        qs = qs.filter(pk__in=late) if overdue else qs.exclude(pk__in=late)
    if q:
        match = Q(member__name__icontains=q)
        number = identifier_normalize(q)  # as case and ID numbers are stored
        if number:
            match |= Q(case_number__icontains=number) | Q(member__id_number=number)
        qs = qs.filter(match)
    # newest first by id (handed out in creation order): an index on the
    # case table can give that order, ``created`` is on the parent table
    return qs.order_by("-process_ptr_id")
