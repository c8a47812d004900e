"""List pages make a fixed number of queries, whatever their length; a task
completion and a whole relief case through the engine make their pinned number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.demo.seed import seed_members
from tests.conftest import application


def _submit_many(api, members, n):
    for m in members[:n]:
        api("caseworker").relief_case(m)


def _queries(api, url):
    with CaptureQueriesContext(connection) as ctx:
        response = api("caseworker").get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


@pytest.fixture
def many_members(org):
    return seed_members([org["county"]], count=30)


def test_queue_and_case_list_queries_do_not_grow_with_the_list(api, many_members):
    _submit_many(api, many_members, 3)
    small_queue, page = _queries(api, "/api/tasks/?scope=queue")
    assert page["count"] == 3
    small_cases, _ = _queries(api, "/api/cases/")
    _submit_many(api, many_members[3:], 25)
    big_queue, page = _queries(api, "/api/tasks/?scope=queue")
    assert page["count"] == 28
    big_cases, _ = _queries(api, "/api/cases/")
    assert big_queue == small_queue
    assert big_cases == small_cases
    assert big_queue <= 8


def test_inbox_queries_do_not_grow_with_the_list(api, many_members):
    _submit_many(api, many_members, 20)
    queue = api("caseworker").get("/api/tasks/?scope=queue&page_size=50").json()["results"]
    for task in queue[:2]:
        api("caseworker").post(f"/api/tasks/{task['id']}/claim/")
    small, page = _queries(api, "/api/tasks/?scope=inbox")
    assert page["count"] == 2
    for task in queue[2:]:
        api("caseworker").post(f"/api/tasks/{task['id']}/claim/")
    big, page = _queries(api, "/api/tasks/?scope=inbox")
    assert page["count"] == 20
    assert big == small


def test_one_task_completion_makes_its_pinned_number_of_queries(
    api, member, django_assert_num_queries
):
    from tests.conftest import recommendation

    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    task = api("caseworker").open_task(number, "verify")
    # the task's read, the step and the response in one transaction (issue
    # 19): the response is rendered under the step's lock, its `viewed`
    # record written with the step's events (45 before: a transaction of
    # its own that locked the case and read the chain's head again); the
    # case's open tasks after the step come from the lock's read and the
    # tasks the step made. PostgreSQL: the events and the chain's head in
    # one statement, the last action and the task info too. Then 38 / 40:
    # the gateways' tasks, viewflow's node savepoints, the application's and
    # the figures' own statements went (see ENGINE_CASE); 24 / 29 before the
    # response took the application the step wrote (relief.selectors) and the
    # ceilings came from the process's snapshot (core.reference_data; the
    # subsistence standards too, except here: the test's own transaction
    # wrote them, so it reads them from the database); 22 / 27 before the
    # lock's read said whether the case is paid (an unpaid case reads no
    # payment for the response); 21 / 26 before the task was read only under
    # the lock (``locked_by_id``: the case's row locked by the task's id);
    # 20 / 25 before the notice timer's row went in scheduled (one INSERT,
    # no UPDATE: workflows.boundary_timers); 19 / 22 before the lock's block
    # joined the request's transaction without a savepoint of its own
    with django_assert_num_queries(17 if connection.vendor == "postgresql" else 20):
        response = api("caseworker").post(
            f"/api/tasks/{task['id']}/complete/", {"action": "recommend", **recommendation()}
        )
    assert response.status_code == 200


# the queries of one relief case through the engine, as bench/engine_vs_viewflow.py
# runs it (bench/README.md has them by kind), pinned per phase: the start, each
# human step's claim and completion, and the notice timer (the bench's BEGIN
# and COMMIT are a SAVEPOINT and a RELEASE here). Issue 16: the parameters
# and the calendar come from the process's snapshot
# (casework.core.reference_data); under the flow lock the task is read with
# the four-eyes check and the case's pending tasks, which give the status; no
# status read after the last step or at the start; no paused clock looked for
# on a new case. Issue 19: a completion takes the case's pending tasks after
# it from the lock's read and the tasks it made (no read after verify and
# approve)
ENGINE_CASE = {
    "start": 23,  # issue 19: the case number in one upsert (3 before)
    "verify claim": 10,
    # issue 19: the flows' gateways route without tasks of their own
    # (workflows.gateways: 5 queries each), the application comes with the
    # task under the lock (the flow's case_detail), the ceilings from the
    # process's snapshot (core.reference_data); the notice timer's row
    # inserted scheduled (workflows.boundary_timers: its UPDATE and, here, its
    # savepoint's two statements went)
    "verify complete": 18,
    # the due-work run's sweep of legal aid's monthly reminders (+1); issue
    # 19: the application read with the timer's task (-1)
    "timer": 25,
    "approve claim": 8,
    "approve complete": 16,
    "pay claim": 8,
    "pay complete": 22,
}
# PostgreSQL (issue 19): a step's audit events and its chain's sealed head in
# one statement (casework.audit.models.events_write: one fewer in every
# phase), and a completion's last action and task info too
# (workflows.engine.writes: one fewer in each completion)
ENGINE_CASE_POSTGRES = {
    # and no savepoints for viewflow's nodes in a step (workflows.savepoints),
    # the report's figures written with the step's audit events (one
    # statement: casework.audit.services.case_write_with_events)
    "start": 17,
    "verify claim": 8,
    "verify complete": 15,  # the notice timer's row inserted scheduled
    "timer": 23,
    "approve claim": 7,
    "approve complete": 13,
    "pay claim": 7,
    "pay complete": 17,
}


def engine_case_pins() -> dict[str, int]:
    return ENGINE_CASE_POSTGRES if connection.vendor == "postgresql" else ENGINE_CASE


def test_a_relief_case_through_the_engine_makes_its_pinned_number_of_queries(users, member):
    from viewflow.workflow.models import Task

    from casework.core import reference_data
    from tests.conftest import recommendation
    from workflows import engine
    from workflows.due_work import due_work_run
    from workflows.intake import relief_submit
    from workflows.selectors import open_tasks_of

    # the process's snapshot of the parameters and the calendar, read now
    # if no test before read it (then 2 queries more in the first phase)
    reference_data.snapshot(reference_data.PARAMETERS)
    counts: dict[str, int] = {}

    def counted(phase, run, *args):
        with CaptureQueriesContext(connection) as ctx:
            result = run(*args)
        counts[phase] = len(ctx.captured_queries)
        return result

    fields = {k: v for k, v in application(member).items() if k != "member"}
    case = counted(
        "start", lambda: relief_submit(actor=users["caseworker"], member=member, **fields)
    )
    steps = (
        ("verify", "caseworker", "recommend", recommendation()),
        ("approve", "supervisor", "approve", {"approved_amount": "3000.00"}),
        (
            "pay",
            "finance",
            "pay",
            {
                "amount": "3000.00",
                "method": "bank_transfer",
                "reference": "B-1",
                "paid_on": recommendation()["visit_date"],
            },
        ),
    )
    for name, who, action, data in steps:
        if name == "approve":
            Task.objects.filter(process_id=case.pk, flow_task_type="TIMER").update(
                scheduled=timezone.now() - dt.timedelta(seconds=1)
            )
            assert counted("timer", lambda: due_work_run().timers_fired) == 1
        user = users[who]
        task = open_tasks_of(case.pk).get()
        task = counted(f"{name} claim", engine.task_claim, task, user)
        counted(f"{name} complete", engine.task_complete, task, user, action, data)
    case.refresh_from_db()
    assert case.case_status == "closed"
    assert counts == engine_case_pins(), repr(counts)
