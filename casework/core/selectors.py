"""Case lists, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from viewflow.workflow.status import STATUS

from .access import cases_visible_to
from .models import Case, OrgUnit


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
            case=OuterRef("pk"),
            due__lt=timezone.localdate(),
            task__status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        qs = qs.filter(Exists(late)) if overdue else qs.exclude(Exists(late))
    if q:
        qs = qs.filter(
            Q(case_number__icontains=q) | Q(member__name__icontains=q) | Q(member__id_number=q)
        )
    return qs.order_by("-created", "-pk")
