"""Case and member lists, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from workflows.task_states import OPEN

from .access import cases_visible_to, members_visible_to
from .identifiers import identifier_normalize
from .models import Case, Member, OrgUnit


def members_list(user: Any, *, q: str = "") -> QuerySet[Member]:
    """The members ``user`` may see, by name; ``q`` finds a name containing
    it or an ID number containing it however it is typed (full-width,
    lowercase x, spaces or invisible characters)."""
    qs = members_visible_to(user).select_related("org_unit").order_by("name", "pk")
    if q:
        match = Q(name__icontains=q)
        number = identifier_normalize(q)
        if number:
            match |= Q(id_number__icontains=number)
        qs = qs.filter(match)
    return qs


def cases_list(
    user: Any,
    *,
    program: str | None = None,
    status: str | None = None,
    org_unit: OrgUnit | None = None,
    overdue: bool | None = None,
    q: str | None = None,
) -> QuerySet[Case]:
    from workflows.models import TaskInfo

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
