#!/usr/bin/env python
"""What the task-action engine costs on top of bare viewflow, in one run.

    .venv/bin/python bench/engine_vs_viewflow.py [--n 30] [--database-url URL]

(a) N relief cases through the engine: relief_submit, then claim + complete
    verify (recommend), the notice timer fired by due_work_run, claim +
    complete approve and pay: 4 human steps and a timer.
(b) N processes of a bare viewflow 2.4 flow (bench/bareflow): a StartHandle,
    4 View nodes each claimed (activation.assign) and completed
    (activation.start + execute inside task.activation()), and a Timer
    fired by viewflow's fire_due_timers; SelectForUpdateLock, no domain code.
    Engine and bare cases alternate, so load on the machine hits both alike.
(c) SQL queries of one task completion through the API
    (POST /api/tasks/{id}/complete/, verify → recommend) and of one inbox
    page (GET /api/tasks/?scope=inbox) with 5 and with 50 tasks in it.

The database named by --database-url (default
postgres://postgres@127.0.0.1:5432/casework_bench) is dropped, created and
migrated by the script; a sqlite:////path URL works too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_bench"
WARMUP = 2  # cases per side before measuring
COUNTED = 3  # cases per side run under CaptureQueriesContext


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="cases per side (default 30)")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_URL,
        help=f"database to (re)create and use (default {DEFAULT_URL})",
    )
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    return args


# --- database and Django --------------------------------------------------


def recreate_database(url: str) -> str:
    """Drop and create the database of ``url``; returns its vendor."""
    import environ

    config = environ.Env.db_url_config(url)
    engine = config["ENGINE"]
    if engine.endswith("sqlite3"):
        path = Path(config["NAME"])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return "sqlite"
    if "postgresql" not in engine:
        raise SystemExit(f"unsupported database URL {url!r}: use postgres:// or sqlite://")
    import psycopg
    from psycopg import sql

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        name = sql.Identifier(config["NAME"])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return "postgresql"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # casework.settings plus the bare flow's app (bench/settings.py)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- fixtures ---------------------------------------------------------------


def seed(members_needed: int) -> dict[str, Any]:
    """The demo org tree and users, and ``members_needed`` members spread over
    the county and grassroots unions (distinct, valid ID numbers)."""
    from casework.core.demo import id_number_for, seed_org_and_users
    from casework.core.services import member_create

    org = seed_org_and_users()
    units = [org["county"], *org["grassroots"]]
    members = []
    for i in range(members_needed):
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=3 * i)
        members.append(
            member_create(
                name=f"测试{i:04d}",
                id_number=id_number_for(birth, i, female=i % 2 == 1),
                org_unit=units[i % len(units)],
            )
        )
    return {"users": org["users"], "members": members}


RECOMMEND = {
    "verified_annual_income": "24000.00",
    "verified_rigid_expenses": "6000.00",
    "household_size": 3,
    "recommended_amount": "3000.00",
    "notes": "入户核查属实",
}


def relief_submit_for(member: Any, actor: Any) -> Any:
    from casework.relief.services import relief_submit

    return relief_submit(
        actor=actor,
        member=member,
        aid_type="living",
        cause="illness",
        reason="家庭成员长期患病",
        household_size=3,
        household_annual_income=Decimal("24000.00"),
        rigid_expenses=Decimal("6000.00"),
        requested_amount=Decimal("3000.00"),
    )


def make_timer_due(process_id: int) -> None:
    """The bench's stand-in for the passing of time (same on both sides)."""
    from django.utils import timezone
    from viewflow.workflow.models import Task

    Task.objects.filter(process_id=process_id, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now() - dt.timedelta(seconds=1)
    )


# --- (a) one relief case through the engine ---------------------------------


def engine_case(member: Any, users: dict[str, Any]) -> None:
    from django.utils import timezone

    from casework.core.models import Case
    from workflows import engine
    from workflows.due_work import due_work_run
    from workflows.selectors import open_tasks_of

    cw, sup, fin = users["caseworker"], users["supervisor"], users["finance"]
    today = timezone.localdate().isoformat()

    def step(case: Any, user: Any, action: str, data: dict[str, Any]) -> None:
        task = engine.task_claim(open_tasks_of(case.pk).get(), user)
        engine.task_complete(task, user, action, data)

    case = relief_submit_for(member, cw)
    step(case, cw, "recommend", {**RECOMMEND, "visit_date": today})
    make_timer_due(case.pk)
    fired = due_work_run().timers_fired
    assert fired == 1, f"engine: {fired} timers fired"
    step(case, sup, "approve", {"approved_amount": "3000.00"})
    step(
        case,
        fin,
        "pay",
        {"amount": "3000.00", "method": "bank_transfer", "reference": "B-1", "paid_on": today},
    )
    status = Case.objects.values_list("case_status", flat=True).get(pk=case.pk)
    assert status == "closed", f"engine case ended {status}"


# --- (b) the same shape on bare viewflow -------------------------------------


def bare_case(user: Any) -> None:
    from django.db import transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import PROCESS, STATUS
    from viewflow.workflow.timers import fire_due_timers

    from bench.bareflow.flows import BareFlow
    from bench.bareflow.models import BareProcess

    def human(process: Any, node: Any) -> None:
        task = Task.objects.get(process=process, flow_task=node, status=STATUS.NEW)
        with task.activation() as act:  # claim
            act.assign(user)
        with task.activation() as act:  # complete
            act.start(None)
            act.execute()

    with transaction.atomic():
        process = BareFlow.start.run()
    human(process, BareFlow.first)
    human(process, BareFlow.second)
    make_timer_due(process.pk)
    fired = fire_due_timers()
    assert fired == 1, f"bare: {fired} timers fired"
    human(process, BareFlow.third)
    human(process, BareFlow.fourth)
    status = BareProcess.objects.values_list("status", flat=True).get(pk=process.pk)
    assert status == PROCESS.DONE, f"bare process ended {status}"


# --- measuring ----------------------------------------------------------------


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def counted(run: Callable[[], Any]) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = run()
    return len(ctx.captured_queries), result


def api_counts(fx: dict[str, Any], members: list[Any]) -> dict[str, int]:
    """Queries of one completion and of inbox pages (5 and 50 tasks)."""
    from django.utils import timezone
    from rest_framework.test import APIClient

    from workflows import engine
    from workflows.selectors import open_tasks_of, tasks_inbox

    cw = fx["users"]["caseworker"]
    client = APIClient()
    client.force_authenticate(cw)
    assert not tasks_inbox(cw).exists(), "the caseworker's inbox should start empty"

    def fill_inbox(batch: list[Any]) -> list[int]:
        ids = []
        for member in batch:
            case = relief_submit_for(member, cw)
            task = engine.task_claim(open_tasks_of(case.pk).get(), cw)
            ids.append(task.pk)
        return ids

    def inbox_page(expected: int) -> int:
        queries, response = counted(
            lambda: client.get("/api/tasks/", {"scope": "inbox", "page_size": 100})
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == expected == len(body["results"]), (expected, body["count"])
        return queries

    out: dict[str, int] = {}
    task_ids = fill_inbox(members[:5])
    out["inbox_5"] = inbox_page(5)
    task_ids += fill_inbox(members[5:50])
    out["inbox_50"] = inbox_page(50)

    # one completion of a claimed verify task (the response renders the case)
    today = timezone.localdate().isoformat()
    queries, response = counted(
        lambda: client.post(
            f"/api/tasks/{task_ids[0]}/complete/",
            {"action": "recommend", **RECOMMEND, "visit_date": today},
            format="json",
        )
    )
    assert response.status_code == 200, response.content
    assert response.json()["case"]["status"] == "public_notice"
    out["complete"] = queries

    # one claim of an open task (for reference)
    case = relief_submit_for(members[50], cw)
    task_id = open_tasks_of(case.pk).get().pk
    queries, response = counted(lambda: client.post(f"/api/tasks/{task_id}/claim/"))
    assert response.status_code == 200, response.content
    out["claim"] = queries
    return out


def main() -> None:
    args = parse_args()
    vendor = recreate_database(args.database_url)
    print(f"database: {args.database_url} ({vendor}), recreated and migrated", flush=True)
    setup_django(args.database_url)

    from django.conf import settings

    n = args.n
    case_members = WARMUP + n + COUNTED
    fx = seed(case_members + 51)
    members = fx["members"]
    users = fx["users"]
    bare_user = users["caseworker"]
    engine_members = iter(members[:case_members])

    # warm-up: imports, caches, the first counter row
    for _ in range(WARMUP):
        engine_case(next(engine_members), users)
        bare_case(bare_user)

    engine_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(n):  # alternate, so drift and load hit both sides
        member = next(engine_members)
        engine_ms.append(timed(lambda m=member: engine_case(m, users)))
        bare_ms.append(timed(lambda: bare_case(bare_user)))

    engine_q: list[int] = []
    bare_q: list[int] = []
    for _ in range(COUNTED):
        member = next(engine_members)
        engine_q.append(counted(lambda m=member: engine_case(m, users))[0])
        bare_q.append(counted(lambda: bare_case(bare_user))[0])
    api = api_counts(fx, members[case_members:])

    def queries(values: list[int]) -> str:
        return str(values[0]) if len(set(values)) == 1 else f"{min(values)}-{max(values)}"

    engine_mean, bare_mean = statistics.fmean(engine_ms), statistics.fmean(bare_ms)
    rows = [
        ("ms per case, mean", f"{engine_mean:.1f}", f"{bare_mean:.1f}", engine_mean / bare_mean),
        (
            "ms per case, p50",
            f"{statistics.median(engine_ms):.1f}",
            f"{statistics.median(bare_ms):.1f}",
            statistics.median(engine_ms) / statistics.median(bare_ms),
        ),
        (
            "SQL queries per case",
            queries(engine_q),
            queries(bare_q),
            statistics.fmean(engine_q) / statistics.fmean(bare_q),
        ),
    ]
    print()
    print(
        f"engine vs bare viewflow, {vendor}, N={n} cases per side "
        f"(+{WARMUP} warm-up), 4 human steps (claim + complete) + 1 timer, "
        f"DEBUG={settings.DEBUG}"
    )
    print(f"{'':34}{'engine':>10}{'bare':>10}{'engine/bare':>13}")
    for label, engine_value, bare_value, ratio in rows:
        print(f"{label:34}{engine_value:>10}{bare_value:>10}{ratio:>13.2f}")
    print()
    print(f"{'SQL queries, engine API':34}")
    print(f"{'  one completion (verify/recommend)':40}{api['complete']:>4}")
    print(f"{'  one claim':40}{api['claim']:>4}")
    print(f"{'  inbox page, 5 tasks':40}{api['inbox_5']:>4}")
    print(f"{'  inbox page, 50 tasks':40}{api['inbox_50']:>4}")
    if api["inbox_50"] != api["inbox_5"]:
        print("  WARNING: the inbox page's query count grows with its length (N+1)")


if __name__ == "__main__":
    main()
