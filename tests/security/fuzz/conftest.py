"""The world the fuzzer runs in: the demo's cases of the three programs,
notifications, finished exports, and what exists, by parameter name."""

from __future__ import annotations

from typing import Any

import pytest

from .valid import ROLES


@pytest.fixture
def world(org, settings, tmp_path) -> dict[str, Any]:
    from django.utils import timezone
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from casework.core.models import Case, Member, OrgUnit, Parameter
    from casework.demo.seed import (
        seed_mediation_demo,
        seed_member_login,
        seed_members,
        seed_mutual_aid_demo,
        seed_relief_cases,
    )
    from casework.mutual_aid.models import Plan
    from casework.notifications.models import Notification
    from casework.notifications.services import notify
    from casework.reports.models import ExportJob
    from casework.reports.services import export_job_create
    from casework.reports.tasks import export_job
    from workflows import engine

    settings.MEDIA_ROOT = tmp_path / "media"
    members = seed_members([org["county"], *org["grassroots"]], count=80)
    users = dict(org["users"])
    users["member"] = seed_member_login(members[1], org["county"])
    seed_relief_cases(members, users)
    seed_mutual_aid_demo(org, members)
    seed_mediation_demo(org, members)
    for kind, params in (
        (ExportJob.Kind.SUMMARY, {"year": timezone.localdate().year}),
        (ExportJob.Kind.CASES, {}),
    ):
        export_job.delay(export_job_create(actor=users["supervisor"], kind=kind, params=params).pk)
    for i, case in enumerate(Case.objects.order_by("pk")[:3]):
        notify(
            key=f"fuzz:{i}",
            recipients=[users[role] for role in ROLES],
            kind="task_assigned",
            subject="fuzz",
            case=case,
        )

    # who may take each open task, and which step it is
    tasks = list(Task.objects.filter(flow_task_type="HUMAN").order_by("pk"))
    task_nodes = {t.pk: t.info.node for t in tasks}
    task_roles = {
        t.pk: [
            role
            for role in ROLES
            if t.status in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
            and engine.may_take(users[role], t) is None
        ]
        for t in tasks
    }
    member_ids = sorted(Member.objects.values_list("pk", flat=True))
    case_numbers = sorted(Case.objects.values_list("case_number", flat=True))
    pools: dict[str, list[Any]] = {
        # path parameters
        "case_number": case_numbers,
        "mediation_case_number": [n for n in case_numbers if n.startswith("MD-")],
        "task_id": [t.pk for t in tasks],
        "member_id": member_ids[:40],
        "plan_id": sorted(Plan.objects.values_list("pk", flat=True)),
        "notification_id": sorted(Notification.objects.values_list("pk", flat=True))[:40],
        "job_id": sorted(ExportJob.objects.values_list("pk", flat=True)),
        "key": sorted(Parameter.objects.values_list("key", flat=True)),
        # ids and names in bodies and queries
        "member": member_ids[:60],
        "plan": sorted(Plan.objects.values_list("pk", flat=True)),
        "org_unit": sorted(OrgUnit.objects.values_list("pk", flat=True)),
        "user": sorted(users),
        "mediator": ["mediator", "mediator2"],
    }
    assert all(pools.values()), {k: v for k, v in pools.items() if not v}
    return {
        "users": {role: users[role].pk for role in ROLES},
        "pools": pools,
        "task_nodes": task_nodes,
        "task_roles": task_roles,
    }
