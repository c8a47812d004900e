#!/usr/bin/env python
"""What the task-action engine costs on top of bare viewflow, in one run.

    .venv/bin/python bench/engine_vs_viewflow.py [--n 30] [--database-url URL]

(a) N relief cases through the engine: relief_submit, then claim + complete
    verify (recommend), the notice timer fired by due_work_run, claim +
    complete approve and pay: a start and 3 human task steps, and a timer.
(b) N processes of a bare viewflow 2.4 flow (bench/bareflow) of the same
    shape: a StartHandle, 3 View nodes each claimed (activation.assign) and
    completed (activation.start + execute inside task.activation()), and a
    Timer between the first two fired by viewflow's fire_due_timers;
    SelectForUpdateLock, no domain code.
    Engine and bare cases alternate, so load on the machine hits both alike.
(c) SQL queries of one task completion through the API
    (POST /api/tasks/{id}/complete/, verify → recommend) and of one inbox
    page (GET /api/tasks/?scope=inbox) with 5 and with 50 tasks in it.

Per case, per phase (start, each human step = find + claim + complete, the
timer) and, for the counted cases, per kind of query: which code sent it
(audit chain, task info, case status, domain, access checks, viewflow...).

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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_bench"
WARMUP = 2  # cases per side before measuring
COUNTED = 3  # cases per side run under CaptureQueriesContext
HUMAN_STEPS = 3  # claimed and completed tasks per case, each side


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
    from casework.core.services import member_create
    from casework.demo.seed import id_number_for, seed_org_and_users

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
    from workflows.intake import relief_submit

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


# --- where the time and the queries go ---------------------------------------

PHASES = ("start", "step", "timer")
KINDS = (
    "viewflow",
    "transaction (BEGIN, COMMIT)",
    "driver",
    "audit chain",
    "task info",
    "case status",
    "flow data",
    "access checks",
    "case start",
    "domain",
    "parameters + calendar",
    "notifications",
    "due-work sweep",
    "engine, other",
    "other",
)
# viewflow modules that only run a query someone else asked for
_VIEWFLOW_PASS_THROUGH = ("viewflow.workflow.managers", "viewflow.workflow.fields")
_SWEEP = ("workflows.due_work", "workflows.deadlines", "casework.relief.roster")
# the process's snapshot of the parameters and the calendar (read on a change)
_REFERENCE_DATA = "casework.core.reference_data"


def _project_kind(module: str, function: str, sql: str) -> str | None:
    """The kind of a query sent from project code in ``module``."""
    if module in ("__main__", __name__) or module.startswith("bench."):
        return "driver"
    if module.startswith("casework.audit"):
        return "audit chain"
    if module in _SWEEP:
        return "due-work sweep"
    if module in ("casework.core.parameters", "casework.core.calendar", _REFERENCE_DATA):
        return "parameters + calendar"
    if module == "casework.core.access":
        return "access checks"
    if module.startswith("casework.notifications"):
        return "notifications"
    if module == "workflows.base":
        return "case start"
    if module == "workflows.engine" or module.startswith("workflows.engine."):
        if function in (
            "fetch",
            "refresh",
            "rows_compiled",
            "timers_fire_due",
            "_timer_fire",
        ):
            # the engine's stand-in for viewflow's task refresh and timer
            # scan (the refresh reads the task's info and case with it)
            return "viewflow"
        if function in ("sync_status", "_status_of_open_step"):
            return "case status"
        if "workflows_taskinfo" in sql:
            return "task info"
        if function in ("case_to_check", "may_take", "manages"):
            return "access checks"
        if function == "_completion_record" and "viewflow_process" in sql:
            return "flow data"  # the last action, read by the flow's gateways
        return "engine, other"
    if module.startswith(("casework.", "workflows.")):
        return "domain"
    return None


def query_kind(sql: str) -> str:
    """Which code sent this query: the innermost frame of viewflow or of the
    project on the stack decides (Django's own frames are skipped, so a
    savepoint counts for the code that opened the atomic block)."""
    frame = sys._getframe(2)  # past this and the execute wrapper calling it
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("viewflow."):
            if not module.startswith(_VIEWFLOW_PASS_THROUGH):
                return "viewflow"
        else:
            kind = _project_kind(module, frame.f_code.co_name, sql)
            if kind:
                return kind
        frame = frame.f_back
    return "other"


class Probe:
    """Time and (when ``count``) SQL queries of one case, by phase, and its
    queries by kind."""

    def __init__(self, count: bool = False) -> None:
        self.count = count
        self.ms: dict[str, float] = defaultdict(float)
        # this process's CPU time (Python, Django, the driver): steadier than
        # the wall clock on a loaded machine, blind to the server's work
        self.cpu_ms: dict[str, float] = defaultdict(float)
        self.queries: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if not self.count:
            start, cpu = time.perf_counter(), time.process_time()
            yield
            self.ms[name] += (time.perf_counter() - start) * 1000
            self.cpu_ms[name] += (time.process_time() - cpu) * 1000
            return
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        kinds: list[str] = []

        def classify(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            kinds.append(query_kind(sql))
            return execute(sql, params, many, context)

        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(classify):
            yield
        self.queries[name] += len(ctx.captured_queries)
        self.kinds.update(kinds)
        # BEGIN / COMMIT are logged but go through no cursor
        self.kinds["transaction (BEGIN, COMMIT)"] += len(ctx.captured_queries) - len(kinds)

    @property
    def total_ms(self) -> float:
        return sum(self.ms.values())

    @property
    def total_queries(self) -> int:
        return sum(self.queries.values())


# --- (a) one relief case through the engine ---------------------------------


def engine_case(member: Any, users: dict[str, Any], probe: Probe) -> None:
    from django.utils import timezone

    from casework.core.models import Case
    from workflows import engine
    from workflows.due_work import due_work_run
    from workflows.selectors import open_tasks_of

    cw, sup, fin = users["caseworker"], users["supervisor"], users["finance"]
    today = timezone.localdate().isoformat()

    def step(case: Any, user: Any, action: str, data: dict[str, Any]) -> None:
        with probe.phase("step"):
            task = engine.task_claim(open_tasks_of(case.pk).get(), user)
            engine.task_complete(task, user, action, data)

    with probe.phase("start"):
        case = relief_submit_for(member, cw)
    step(case, cw, "recommend", {**RECOMMEND, "visit_date": today})
    with probe.phase("timer"):
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


def bare_case(user: Any, probe: Probe) -> None:
    from django.db import transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import PROCESS, STATUS
    from viewflow.workflow.timers import fire_due_timers

    from bench.bareflow.flows import BareFlow
    from bench.bareflow.models import BareProcess

    def human(process: Any, node: Any) -> None:
        with probe.phase("step"):
            task = Task.objects.get(process=process, flow_task=node, status=STATUS.NEW)
            with task.activation() as act:  # claim
                act.assign(user)
            with task.activation() as act:  # complete
                act.start(None)
                act.execute()

    with probe.phase("start"), transaction.atomic():
        process = BareFlow.start.run()
    human(process, BareFlow.first)
    with probe.phase("timer"):
        make_timer_due(process.pk)
        fired = fire_due_timers()
    assert fired == 1, f"bare: {fired} timers fired"
    human(process, BareFlow.second)
    human(process, BareFlow.third)
    status = BareProcess.objects.values_list("status", flat=True).get(pk=process.pk)
    assert status == PROCESS.DONE, f"bare process ended {status}"


# --- measuring ----------------------------------------------------------------


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
        engine_case(next(engine_members), users, Probe())
        bare_case(bare_user, Probe())

    engine_runs: list[Probe] = []
    bare_runs: list[Probe] = []
    for _ in range(n):  # alternate, so drift and load hit both sides
        engine_runs.append(Probe())
        engine_case(next(engine_members), users, engine_runs[-1])
        bare_runs.append(Probe())
        bare_case(bare_user, bare_runs[-1])

    engine_counted: list[Probe] = []
    bare_counted: list[Probe] = []
    for _ in range(COUNTED):
        engine_counted.append(Probe(count=True))
        engine_case(next(engine_members), users, engine_counted[-1])
        bare_counted.append(Probe(count=True))
        bare_case(bare_user, bare_counted[-1])
    api = api_counts(fx, members[case_members:])

    def ms(runs: list[Probe], phase: str | None = None) -> list[float]:
        if phase is None:
            return [r.total_ms for r in runs]
        per = HUMAN_STEPS if phase == "step" else 1
        return [r.ms[phase] / per for r in runs]

    def cpu(runs: list[Probe], phase: str | None = None) -> list[float]:
        if phase is None:
            return [sum(r.cpu_ms.values()) for r in runs]
        per = HUMAN_STEPS if phase == "step" else 1
        return [r.cpu_ms[phase] / per for r in runs]

    def queries(runs: list[Probe], phase: str | None = None) -> list[float]:
        if phase is None:
            return [r.total_queries for r in runs]
        per = HUMAN_STEPS if phase == "step" else 1
        return [r.queries[phase] / per for r in runs]

    def q_text(values: list[float]) -> str:
        shown = [f"{v:g}" for v in values]
        return shown[0] if len(set(shown)) == 1 else f"{min(values):g}-{max(values):g}"

    rows: list[tuple[str, str, str, float]] = []

    def time_rows(label: str, phase: str | None) -> None:
        engine, bare = ms(engine_runs, phase), ms(bare_runs, phase)
        e_mean, b_mean = statistics.fmean(engine), statistics.fmean(bare)
        e_p50, b_p50 = statistics.median(engine), statistics.median(bare)
        rows.append((f"ms {label}, mean", f"{e_mean:.1f}", f"{b_mean:.1f}", e_mean / b_mean))
        rows.append((f"ms {label}, p50", f"{e_p50:.1f}", f"{b_p50:.1f}", e_p50 / b_p50))

    def cpu_row(label: str, phase: str | None) -> None:
        engine, bare = cpu(engine_runs, phase), cpu(bare_runs, phase)
        e_mean, b_mean = statistics.fmean(engine), statistics.fmean(bare)
        ratio = e_mean / b_mean
        rows.append((f"client CPU ms {label}, mean", f"{e_mean:.1f}", f"{b_mean:.1f}", ratio))

    def query_row(label: str, phase: str | None) -> None:
        engine, bare = queries(engine_counted, phase), queries(bare_counted, phase)
        ratio = statistics.fmean(engine) / statistics.fmean(bare)
        rows.append((f"SQL queries {label}", q_text(engine), q_text(bare), ratio))

    time_rows("per case", None)
    query_row("per case", None)
    time_rows("per human step", "step")
    query_row("per human step", "step")
    cpu_row("per case", None)
    cpu_row("per human step", "step")
    time_rows("start (submit)", "start")
    query_row("start (submit)", "start")
    time_rows("timer", "timer")
    query_row("timer", "timer")

    print()
    print(
        f"engine vs bare viewflow, {vendor}, N={n} cases per side "
        f"(+{WARMUP} warm-up), a start + {HUMAN_STEPS} human steps "
        f"(find + claim + complete) + 1 timer, DEBUG={settings.DEBUG}"
    )
    print(f"{'':38}{'engine':>10}{'bare':>10}{'engine/bare':>13}")
    for label, engine_value, bare_value, ratio in rows:
        print(f"{label:38}{engine_value:>10}{bare_value:>10}{ratio:>13.2f}")

    print()
    print(f"SQL queries per case by kind (mean of {COUNTED} counted cases per side)")
    print(f"{'':38}{'engine':>10}{'bare':>10}{'extra':>13}")
    engine_kinds: Counter[str] = sum((r.kinds for r in engine_counted), Counter())
    bare_kinds: Counter[str] = sum((r.kinds for r in bare_counted), Counter())
    for kind in KINDS:
        e, b = engine_kinds[kind] / COUNTED, bare_kinds[kind] / COUNTED
        if e or b:
            print(f"  {kind:36}{e:>10g}{b:>10g}{e - b:>+13g}")

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
