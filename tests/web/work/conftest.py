"""Logged-in browsers (Django's test client) for the staff personas, and
cases put where a page test needs them, through the API like a user would."""

from __future__ import annotations

from typing import Any

import pytest
from viewflow.workflow.models import Task

from casework.core.models import Case
from tests.conftest import application, end_public_notice, recommendation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def open_task_id(case_number: str, node: str) -> int:
    task = (
        Task.objects.filter(
            process__case__case_number=case_number,
            info__node=node,
            status__in=["NEW", "ASSIGNED", "STARTED"],
        )
        .order_by("-pk")
        .first()
    )
    assert task is not None, f"no open {node} task on {case_number}"
    return task.pk


def case_status(case_number: str) -> str:
    return Case.objects.get(case_number=case_number).case_status


@pytest.fixture
def relief_case(api):
    """``relief_case(member, until=None)`` → the number of a relief case
    submitted by the caseworker; ``until="approve"``: recommended and its
    public notice over, waiting for approval."""

    def make(member: Any, until: str | None = None, **overrides: Any) -> str:
        response = api("caseworker").post("/api/relief/applications/", application(member))
        assert response.status_code == 201, response.json()
        number = response.json()["case_number"]
        if until == "approve":
            done = api("caseworker").complete(
                number, "verify", "recommend", **recommendation(**overrides)
            )
            assert done.status_code == 200, done.json()
            end_public_notice(number)
            assert case_status(number) == "awaiting_approval"
        return number

    return make


@pytest.fixture
def demo_cases(org) -> None:
    """The demo's cases of the three programs (every step of each flow
    open or done somewhere), plus an agreement in follow-up, a case going
    back to the court, and a yearly roster review."""
    import datetime as dt

    from django.utils import timezone

    from casework.demo.seed import (
        seed_mediation_demo,
        seed_members,
        seed_mutual_aid_demo,
        seed_relief_cases,
    )
    from workflows import engine
    from workflows.due_work import roster_reviews_open

    members = seed_members([org["county"], *org["grassroots"]], count=80)
    seed_relief_cases(members, org["users"])
    seed_mutual_aid_demo(org, members)
    seed_mediation_demo(org, members)
    mediating = [
        t for t in Task.objects.filter(info__node="mediate", status="ASSIGNED").order_by("pk")
    ]
    assert len(mediating) >= 2
    later = (timezone.localdate() + dt.timedelta(days=15)).isoformat()
    for task, action, data in (
        (
            mediating[0],
            "settle",
            {"agreed_amount": "5000.00", "terms": "分期", "performance_due": later},
        ),
        (mediating[1], "fail", {"reason": "差距大", "disputed_points": ["加班费"]}),
    ):
        engine.task_complete(task, task.owner, action, data)
    assert roster_reviews_open(timezone.localdate() + dt.timedelta(days=800)) >= 1
