"""An action declared ``overdue_only`` (the supervisor's lapse of a relief
supplement) is refused until its task is past due, then taken."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.conftest import application
from workflows.models import TaskInfo
from workflows.relief import ReliefFlow


def test_lapse_is_declared_for_an_overdue_supplement_only():
    action = ReliefFlow.steps["supplement"].action("lapse")
    assert action.overdue_only
    assert not ReliefFlow.steps["supplement"].action("resubmit").overdue_only


def test_a_supervisor_lapses_a_supplement_only_once_it_is_overdue(api, member):
    caseworker, supervisor = api("caseworker"), api("supervisor")
    number = caseworker.post("/api/relief/applications/", application(member)).json()["case_number"]
    caseworker.complete(number, "verify", "return", reason="请补充收入证明")

    early = supervisor.complete(number, "supplement", "lapse", reason="逾期未补")
    assert early.status_code == 409, early.content
    assert early.json()["error"]["code"] == "not_overdue"
    assert caseworker.get(f"/api/cases/{number}/").json()["status"] == "awaiting_supplement"

    TaskInfo.objects.filter(case__case_number=number, node="supplement").update(
        due=timezone.localdate() - dt.timedelta(days=1)
    )
    late = supervisor.complete(number, "supplement", "lapse", reason="逾期未补")
    assert late.status_code == 200, late.content
    assert caseworker.get(f"/api/cases/{number}/").json()["status"] == "lapsed"
