"""The province generator (``bench/gen``) at a tiny scale, written with COPY
into the test database: the rows are in proportion and consistent enough
that the real engine, the selectors and the API carry on from them."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient
from stdnum.cn import ric
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from bench.gen.load import generate
from casework.audit.verify import audit_verify
from casework.core.models import Case, CaseNumberCounter, Member
from casework.relief.models import ReliefApplication
from workflows import engine
from workflows.models import TaskInfo
from workflows.selectors import open_tasks_of, tasks_inbox, tasks_queue

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the generator writes with PostgreSQL COPY; set DATABASE_URL=postgres://...",
    ),
    # the generator writes through its own connections: commit for real, and
    # restore the migrations' rows after the flush
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCALE = 0.0005  # 1,000 members, 500 cases
END = dt.date(2026, 11, 26)


@pytest.fixture
def generated():
    s = connection.settings_dict
    dsn = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    if s.get("PASSWORD"):
        dsn = dsn.replace(f"{s['USER']}@", f"{s['USER']}:{s['PASSWORD']}@")
    connection.close()
    # four months, so that a good share of the cases is still open
    return generate(
        dsn,
        scale=SCALE,
        seed=7,
        start=END - dt.timedelta(days=120),
        end=END,
        drop_indexes=False,
        workers=1,
        log=lambda line: None,
    )


def _rows_are_in_proportion() -> None:
    assert Member.objects.count() == 1000
    cases = Case.objects.count()
    assert 495 <= cases <= 505
    tasks = Task.objects.count()
    assert 5 * cases <= tasks <= 12 * cases
    human = Task.objects.filter(flow_task_type="HUMAN").count()
    assert TaskInfo.objects.count() == human
    # ``open`` (the partial indexes of the lists) is true exactly for open tasks
    open_states = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]
    assert TaskInfo.objects.filter(open=True).exclude(task__status__in=open_states).count() == 0
    assert TaskInfo.objects.filter(open=False, task__status__in=open_states).count() == 0
    # every case has its process row, its chain and a start task
    assert Task.objects.filter(flow_task_type="START").count() == cases
    per_program = Counter(Case.objects.values_list("program", flat=True))
    assert per_program["mutual_aid"] > per_program["relief"] > per_program["mediation"] > 0
    # the case-number counters continue after the generated numbers
    last = Case.objects.filter(program="relief").order_by("-case_number").first()
    year = int(last.case_number.split("-")[1])
    assert CaseNumberCounter.objects.get(prefix="RL", year=year).last == int(
        last.case_number.split("-")[2]
    )


def _every_program_has_open_and_final_states() -> None:
    statuses: dict[str, set[str]] = {}
    for program, status in Case.objects.values_list("program", "case_status"):
        statuses.setdefault(program, set()).add(status)
    assert {"closed", "rejected", "submitted", "awaiting_approval"} <= statuses["relief"]
    assert {"closed", "rejected", "submitted", "approved"} <= statuses["mutual_aid"]
    assert len(statuses["mediation"]) >= 3
    # an ended case has no open task; an open case has exactly its waiting step
    open_cases = Case.objects.filter(closed__isnull=True)
    for case in open_cases[:50]:
        assert open_tasks_of(case.pk).count() == 1, case.case_number
    for case in Case.objects.filter(closed__isnull=False)[:50]:
        assert open_tasks_of(case.pk).count() == 0, case.case_number


def _id_numbers_are_unique_and_valid() -> None:
    numbers = list(Member.objects.values_list("id_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert all(ric.is_valid(n) for n in numbers)


def _a_sample_of_audit_chains_verifies() -> None:
    ids = list(Case.objects.values_list("pk", flat=True))
    sample = random.Random(1).sample(ids, 60)
    result = audit_verify(case_ids=sample)
    assert result.ok, result.problems[:3]
    assert result.cases_checked == 60
    assert result.events_checked > 60 * 4


def _the_engine_carries_on_a_generated_relief_case() -> None:
    task = (
        Task.objects.filter(
            flow_task="workflows/relief.ReliefFlow.verify", status=STATUS.NEW, info__isnull=False
        )
        .select_related("info__case__org_unit")
        .first()
    )
    assert task is not None
    case = task.info.case
    county_code = case.org_unit.code.rsplit("-", 1)[0]
    user = get_user_model().objects.get(username=f"county-{county_code}-caseworker")
    assert task in tasks_queue(user)
    engine.task_claim(task, user)
    assert Task.objects.get(pk=task.pk).owner == user
    assert task.pk in set(tasks_inbox(user).values_list("pk", flat=True))
    app = ReliefApplication.objects.get(case=case)
    engine.task_complete(
        Task.objects.get(pk=task.pk),
        user,
        "recommend",
        {
            "visit_date": dt.date.today().isoformat(),
            "verified_annual_income": str(app.household_annual_income),
            "verified_rigid_expenses": str(app.rigid_expenses),
            "household_size": app.household_size,
            "recommended_amount": str(app.requested_amount),
            "notes": "入户核查属实",
        },
    )
    case.refresh_from_db()
    assert case.case_status == "public_notice"
    assert open_tasks_of(case.pk).get().info.node == "public_notice"
    # the engine's new links continue the generated chain
    assert audit_verify(case_ids=[case.pk]).ok


def _the_api_claims_and_completes_a_generated_payment() -> None:
    task = (
        Task.objects.filter(
            flow_task="workflows/mutual_aid.MutualAidFlow.pay",
            status=STATUS.NEW,
            info__isnull=False,
        )
        .select_related("info__case__org_unit")
        .first()
    )
    assert task is not None
    case = task.info.case
    county_code = case.org_unit.code.rsplit("-", 1)[0]
    client = APIClient()
    client.force_authenticate(
        get_user_model().objects.get(username=f"county-{county_code}-finance")
    )
    response = client.post(f"/api/tasks/{task.pk}/claim/")
    assert response.status_code == 200, response.content
    amount = str(case.mutual_aid.approved_amount)
    response = client.post(
        f"/api/tasks/{task.pk}/complete/",
        {
            "action": "pay",
            "amount": amount,
            "method": "bank_transfer",
            "reference": "TEST-PAY-1",
            "paid_on": dt.date.today().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.case_status == "closed"
    assert audit_verify(case_ids=[case.pk]).ok


def _report_figures_cover_relief_and_mutual_aid() -> None:
    from casework.core.models import Case
    from casework.reports.models import CaseFigures

    reported = Case.objects.filter(program__in=["relief", "mutual_aid"]).count()
    assert reported and CaseFigures.objects.count() == reported


def test_the_generated_province_is_consistent_and_workable(generated):
    """One generation (the flush after each transactional test is the slow
    part), every check on it; each helper names what it proves."""
    assert [p.name for p in generated][-1] == "sequences, VACUUM ANALYZE"
    _report_figures_cover_relief_and_mutual_aid()
    _rows_are_in_proportion()
    _every_program_has_open_and_final_states()
    _id_numbers_are_unique_and_valid()
    _a_sample_of_audit_chains_verifies()
    _the_engine_carries_on_a_generated_relief_case()
    _the_api_claims_and_completes_a_generated_payment()
