#!/usr/bin/env python
"""Task completions per second through the API under gunicorn, against
pgbench's TPS measured in the same run.

    .venv/bin/python bench/completions.py [--tasks 800] [--clients 8] [--workers 4]

1. Recreates its database (default
   postgres://postgres@127.0.0.1:5432/casework_load_completions), migrates,
   seeds the demo, submits ``--tasks`` relief cases through the services and
   has the demo caseworker claim every verify task (engine.task_claim).
2. Starts ``gunicorn casework.wsgi --workers 4`` (``--threads``: gthread
   workers) on 127.0.0.1 with production settings (DEBUG off, own SECRET_KEY
   and AUDIT_CHAIN_KEY, Redis cache, ``--conn-max-age``, ``--prepared``),
   logs in through ``POST /api/auth/token/`` and has ``--clients`` threads
   complete the tasks (``POST /api/tasks/{id}/complete/``, action
   ``recommend``: the case moves to its public notice), each task once.
   Counts completions/s, latency and errors, and the server's transactions
   (pg_stat_database.xact_commit) per completion.
3. Counts the SQL queries of one completion in-process (the same request
   through Django's test client under CaptureQueriesContext).
4. ``pgbench -i -s 10`` on ``--pgbench-database`` (casework_pgbench), then
   ``pgbench -c 4 -j 2 -T 20 -n`` (TPC-B-like: 4 clients, like the 4 web
   workers), and prints one table with the ratio completions/s ÷ pgbench TPS.

Exit status 1 when any completion failed. Every process it starts is
killed at the end, also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.journeys import token_login
from bench.processes import Processes, free_port, production_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_load_completions"
PGBENCH_DB = "casework_pgbench"
REDIS_CACHE = "redis://127.0.0.1:6379/5"
COUNTED = 5  # completions counted and timed in-process after the run


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=800, help="tasks to complete (default 800)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (> 1: gthread; default 1, sync)"
    )
    parser.add_argument("--conn-max-age", type=int, default=0, help="CONN_MAX_AGE of the app")
    parser.add_argument(
        "--prepared",
        choices=("true", "false"),
        default="true",
        help="ENGINE_PREPARED_STATEMENTS of the app (default true, as in production)",
    )
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--pgbench-scale", type=int, default=10)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument(
        "--pgbench-database", default=PGBENCH_DB, help=f"made anew (default {PGBENCH_DB})"
    )
    args = parser.parse_args()
    if min(args.tasks, args.clients, args.workers, args.threads, args.pgbench_seconds) < 1:
        parser.error("--tasks, --clients, --workers, --threads, --pgbench-seconds: at least 1")
    return args


# --- setup ---------------------------------------------------------------------------


def prepare(url: str, count: int) -> tuple[list[int], list[int]]:
    """The database with ``count`` + COUNTED claimed verify tasks; returns
    the task ids for the run and for counting queries."""
    from bench.engine_vs_viewflow import recreate_database

    recreate_database(url)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    from bench.engine_vs_viewflow import relief_submit_for
    from bench.journeys import analyze, journey_members
    from casework.core.models import OrgUnit
    from casework.demo.seed import seed_demo
    from workflows import engine
    from workflows.selectors import open_tasks_of

    call_command("migrate", verbosity=0, interactive=False)
    seed_demo()
    caseworker = User.objects.get(username="caseworker")
    units = list(OrgUnit.objects.filter(level__gte=OrgUnit.Level.COUNTY).order_by("path"))
    task_ids = []
    for member in journey_members(
        units, count + COUNTED, first_serial=1, enrolled=False, logins=False
    ):
        case = relief_submit_for(member, caseworker)
        task_ids.append(engine.task_claim(open_tasks_of(case.pk).get(), caseworker).pk)
    analyze()
    connections.close_all()
    return task_ids[:count], task_ids[count:]


def recommendation() -> dict[str, Any]:
    from django.utils import timezone

    return {
        "action": "recommend",
        "visit_date": timezone.localdate().isoformat(),
        "verified_annual_income": "24000.00",
        "verified_rigid_expenses": "6000.00",
        "household_size": 3,
        "recommended_amount": "3000.00",
        "notes": "入户核查属实",
    }


# --- measuring -----------------------------------------------------------------------


def xact_commits(url: str) -> int:
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres"
    ) as conn:
        row = conn.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
    return int(row[0]) if row else 0


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used so far by the machine's processes,
    by kind: the app's gunicorn processes, PostgreSQL's, this client (its
    threads), the rest; from /proc (Linux; empty elsewhere). Processes that
    end between two readings are lost: keep ``--conn-max-age`` above 0."""
    out = dict.fromkeys(("app", "postgres", "client", "other"), 0.0)
    proc = Path("/proc")
    if not proc.is_dir():
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        name, fields = stat.split(" (", 1)[1].rsplit(")", 1)
        values = fields.split()
        used = (int(values[11]) + int(values[12])) / tick  # utime, stime
        if int(entry.name) == os.getpid():
            kind = "client"
        elif b"gunicorn" in command:
            kind = "app"
        elif name.startswith("postgres"):
            kind = "postgres"
        else:
            kind = "other"
        out[kind] += used
    return out


def complete_all(
    base: str, token: str, task_ids: list[int], clients: int
) -> tuple[float, list[float], list[str]]:
    """Every task completed once by ``clients`` threads; returns the wall
    time, the latencies (ms) of the successes and the errors."""
    todo: queue.Queue[int] = queue.Queue()
    for task_id in task_ids:
        todo.put(task_id)
    body = recommendation()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        while True:
            try:
                task_id = todo.get_nowait()
            except queue.Empty:
                return
            start = time.perf_counter()
            try:
                response = session.post(
                    f"{base}/api/tasks/{task_id}/complete/", json=body, timeout=120
                )
                ok, detail = response.status_code == 200, response.text[:200]
                ok = ok and response.json()["case"]["status"] == "public_notice"
            except (requests.RequestException, ValueError, KeyError) as exc:
                ok, detail = False, repr(exc)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors.append(f"task {task_id}: {detail}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies, errors


def in_process(task_ids: list[int], token: str) -> tuple[list[int], list[float]]:
    """The same request in-process (Django's test client, no HTTP, no
    gunicorn, one at a time): its SQL queries and its time in ms."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    counts, times = [], []
    for task_id in task_ids:
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                f"/api/tasks/{task_id}/complete/",
                recommendation(),
                content_type="application/json",
                HTTP_HOST="127.0.0.1",
            )
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"in-process completion failed: {response.status_code}")
        counts.append(len(ctx.captured_queries))
    connection.close()
    return counts, times


def pgbench(url: str, database: str, scale: int, seconds: int) -> float:
    """TPC-B-like TPS of ``pgbench -c 4 -j 2`` on a fresh casework_pgbench."""
    import environ

    config = environ.Env.db_url_config(url)
    conn = ["-h", config["HOST"], "-p", str(config["PORT"] or 5432), "-U", config["USER"]]
    subprocess.run(["dropdb", *conn, "--if-exists", "--force", database], check=True)
    subprocess.run(["createdb", *conn, database], check=True)
    subprocess.run(
        ["pgbench", *conn, "-i", "-q", "-s", str(scale), database],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        ["pgbench", *conn, "-c", "4", "-j", "2", "-T", str(seconds), "-n", database],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    if not match:
        raise SystemExit(f"no TPS in pgbench's output:\n{out}")
    return float(match.group(1))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    args = parse_args()
    env = production_env(
        args.database_url,
        AUDIT_CHAIN_KEY=secrets.token_urlsafe(32),
        CACHE_URL=REDIS_CACHE,
        CONN_MAX_AGE=str(args.conn_max_age),
        ENGINE_PREPARED_STATEMENTS=args.prepared,
        # threads > 1 make gunicorn's workers gthread ones
        GUNICORN_CMD_ARGS=f"--threads {args.threads}",
    )
    os.environ.update(env)  # the driver's Django: same database and chain key
    print(f"preparing {args.tasks} claimed verify tasks in {args.database_url}", flush=True)
    task_ids, counted_ids = prepare(args.database_url, args.tasks)

    with Processes(
        Path(tempfile.mkdtemp(prefix="casework-completions-")), exit_on_sigterm=True
    ) as procs:
        base = procs.gunicorn("web", free_port(), args.workers, env)
        token = token_login(base, "caseworker", "demo-pass")
        print(f"gunicorn up ({args.workers} workers), completing with {args.clients} clients")
        before, cpu_before = xact_commits(args.database_url), cpu_seconds()
        wall, latencies, errors = complete_all(base, token, task_ids, args.clients)
        xacts = xact_commits(args.database_url) - before
        cpu_after = cpu_seconds()
    queries, solo_ms = in_process(counted_ids, token)
    print(f"pgbench -s {args.pgbench_scale} -c 4 -j 2 -T {args.pgbench_seconds}", flush=True)
    tps = pgbench(
        args.database_url, args.pgbench_database, args.pgbench_scale, args.pgbench_seconds
    )

    per_second = len(latencies) / wall
    print()
    kind = f"gthread workers x {args.threads} threads" if args.threads > 1 else "sync workers"
    print(
        f"task completions through the API: gunicorn {args.workers} {kind}, "
        f"{args.clients} client threads, {os.cpu_count()} cores (clients on the same cores), "
        f"CONN_MAX_AGE={args.conn_max_age}, ENGINE_PREPARED_STATEMENTS={args.prepared}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    rows = [
        ("completions", f"{len(latencies)} in {wall:.1f} s"),
        ("completions/s", f"{per_second:.1f}"),
        ("latency p50 / p95 / max, ms", _latency(latencies)),
        ("errors", str(len(errors))),
        ("SQL queries per completion", "/".join(str(q) for q in sorted(set(queries)))),
        ("in-process ms per completion (alone, p50)", f"{statistics.median(solo_ms):.0f}"),
        ("server transactions per completion", f"{xacts / max(1, len(task_ids)):.1f}"),
        (f"pgbench TPS (TPC-B-like, -s {args.pgbench_scale}, 4 clients)", f"{tps:.0f}"),
        ("ratio completions/s ÷ pgbench TPS", f"{per_second / tps:.3f}"),
        ("pgbench transactions per completion", f"{tps / per_second:.1f}"),
    ]
    if cpu_after:
        per = 1000 / len(task_ids)
        used = {kind: (cpu_after[kind] - cpu_before[kind]) * per for kind in cpu_after}
        rows.append(
            (
                "CPU ms per completion: app/PostgreSQL/client/other",
                "/".join(f"{used[kind]:.1f}" for kind in ("app", "postgres", "client", "other")),
            )
        )
    for label, value in rows:
        print(f"  {label:50}{value:>20}")
    for error in errors[:10]:
        print(f"  error: {error}")
    return 1 if errors else 0


def _latency(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} / {percentile(values, 95):.0f} / {max(values):.0f}"


if __name__ == "__main__":
    sys.exit(main())
