#!/usr/bin/env python
"""A locust load test of the main journeys, staff mixed as real users are:
many reading their inboxes, queues and cases, some completing tasks.

    .venv/bin/python bench/load.py [--users 40] [--duration 60]
    .venv/bin/python bench/load.py --existing --database-url postgres://…/casework_big \\
        --generated-counties 20
    .venv/bin/python bench/load.py --existing --database-url … \\
        --caseworkers a,b --supervisors c --finance d --readers a,b,c,d,e

Without ``--existing`` the database of --database-url (default
postgres://postgres@127.0.0.1:5432/casework_load) is dropped, recreated,
migrated and seeded: the demo, plus ``--relief-cases`` relief cases made
through the services and the engine, spread over the verify, approve and
disburse steps and closed. With ``--existing`` it is used as it is (and
its relief tasks get worked on: the test writes); with
``--generated-counties N`` the users are those bench/generate.py makes for
its first N counties (``county-<code>-caseworker``, ``-supervisor``,
``-finance`` working; every county role and ``province-*`` reading).
Tokens come from the accounts service (no passwords needed); nothing is
measured before the locust runs.

gunicorn (``--workers`` 4, ``--threads`` each: gthread workers above 1)
serves on 127.0.0.1 with production settings (``--conn-max-age``,
``--prepared``: the engine's prepared statements).
Two locust runs (bench/locustfile.py), bounded in time:

1. baseline: one user of each kind (reader, caseworker, supervisor,
   finance) for ``--baseline-duration`` seconds: latency without load;
2. load: ``--users`` users (readers 6 : caseworkers 2 : supervisors 1 :
   finance 1) spawned at ``--spawn-rate``/s, for ``--duration`` seconds.

Prints one table per request type: count, failures, p50/p95/p99 ms, req/s
and p50 under load ÷ p50 of the baseline. Exit status 1 on any failure (a
5xx or an unexpected 4xx); a 409 when two users race for one task is
expected, counted as a success and shown on its own row.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.processes import ROOT, VENV_BIN, Processes, free_port, production_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_load"
REDIS_CACHE = "redis://127.0.0.1:6379/8"
DEMO = {
    "caseworker": "caseworker,caseworker2",
    "supervisor": "supervisor,supervisor2",
    "finance": "finance",
    "readers": "caseworker,caseworker2,supervisor,supervisor2,finance,"
    "medical_reviewer,coordinator,mediator,mediator2,auditor",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40, help="locust users (default 40)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--baseline-duration", type=int, default=20, help="default 20 s")
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
    parser.add_argument("--relief-cases", type=int, default=400, help="made in a new database")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--existing", action="store_true", help="use the database as it is")
    parser.add_argument("--caseworkers", default=DEMO["caseworker"], help="comma-separated")
    parser.add_argument("--supervisors", default=DEMO["supervisor"], help="comma-separated")
    parser.add_argument("--finance", default=DEMO["finance"], help="comma-separated")
    parser.add_argument("--readers", default=DEMO["readers"], help="comma-separated")
    parser.add_argument(
        "--generated-counties",
        type=int,
        default=0,
        help="use the users bench/generate.py made for its first N counties",
    )
    args = parser.parse_args()
    if min(args.users, args.duration, args.baseline_duration, args.workers, args.threads) < 1:
        parser.error("--users, --duration, --baseline-duration, --workers, --threads: positive")
    if args.users < 4:
        parser.error("--users must be at least 4 (one of each kind)")
    return args


# --- setup -----------------------------------------------------------------------


def seed_relief_cases(count: int) -> None:
    """``count`` relief cases through the services and the engine: 4 in 10
    waiting for verification, 3 for approval, 2 for payment, 1 closed."""
    from django.contrib.auth.models import User
    from django.utils import timezone
    from viewflow.workflow.models import Task

    from bench.engine_vs_viewflow import RECOMMEND, relief_submit_for
    from bench.journeys import journey_members
    from casework.core.models import OrgUnit
    from workflows import engine
    from workflows.selectors import open_tasks_of

    users = {u.username: u for u in User.objects.filter(is_staff=True)}
    cw, sup, fin = users["caseworker"], users["supervisor"], users["finance"]
    today = timezone.localdate().isoformat()
    units = list(OrgUnit.objects.filter(level__gte=OrgUnit.Level.COUNTY).order_by("path"))
    members = journey_members(units, count, first_serial=1, enrolled=False, logins=False)
    cases = [relief_submit_for(member, cw) for member in members]

    def step(case: Any, user: Any, action: str, **data: Any) -> None:
        engine.task_complete(open_tasks_of(case.pk).get(), user, action, data)

    for i, case in enumerate(cases):
        if i % 10 >= 4:
            step(case, cw, "recommend", **RECOMMEND, visit_date=today)
    # the notice periods end (as the days would pass) and the timers fire
    Task.objects.filter(flow_task_type="TIMER", status="SCHEDULED", process__case__in=cases).update(
        scheduled=timezone.now()
    )
    engine.timers_fire_due()
    for i, case in enumerate(cases):
        if i % 10 >= 7:
            step(case, sup, "approve", approved_amount="3000.00", comment="同意")
        if i % 10 == 9:
            step(
                case,
                fin,
                "pay",
                amount="3000.00",
                method="bank_transfer",
                reference=f"LOAD-SEED-{i}",
                paid_on=today,
            )


def prepare(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    """The database (new unless --existing) and a token per persona user."""
    if not args.existing:
        from bench.engine_vs_viewflow import recreate_database

        recreate_database(args.database_url)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    from bench.journeys import analyze
    from casework.accounts.tokens import token_for_user

    if not args.existing:
        from casework.demo.seed import seed_demo

        call_command("migrate", verbosity=0, interactive=False)
        seed_demo()
        seed_relief_cases(args.relief_cases)
        analyze()
    personas = {
        "caseworker": args.caseworkers,
        "supervisor": args.supervisors,
        "finance": args.finance,
        "readers": args.readers,
    }
    if args.generated_counties:
        personas = generated_personas(args.generated_counties)
    tokens: dict[str, dict[str, str]] = {}
    for persona, names in personas.items():
        tokens[persona] = {}
        for name in filter(None, (n.strip() for n in names.split(","))):
            user = User.objects.filter(username=name, is_active=True).first()
            if user is None:
                raise SystemExit(f"no active user {name!r} in {args.database_url}")
            tokens[persona][name] = token_for_user(user=user).key
        if not tokens[persona]:
            raise SystemExit(f"no {persona} given")
    connections.close_all()
    return tokens


def generated_personas(counties: int) -> dict[str, str]:
    """The users of bench/generate.py's first ``counties`` counties."""
    from django.contrib.auth.models import User

    names = sorted(
        User.objects.filter(
            username__startswith="county-", username__endswith="-caseworker"
        ).values_list("username", flat=True)
    )[:counties]
    prefixes = [name.removesuffix("caseworker") for name in names]
    if not prefixes:
        raise SystemExit("no county-<code>-caseworker users: not a bench/generate.py database")
    roles = ("caseworker", "supervisor", "supervisor2", "finance", "coordinator", "mediator")
    readers = [p + role for p in prefixes for role in (*roles, "auditor")]
    readers += ["province-supervisor", "province-auditor", "province-caseworker"]
    return {
        "caseworker": ",".join(p + "caseworker" for p in prefixes),
        "supervisor": ",".join(p + "supervisor" for p in prefixes),
        "finance": ",".join(p + "finance" for p in prefixes),
        "readers": ",".join(readers),
    }


# --- locust ---------------------------------------------------------------------------


def locust_run(
    procs: Processes, name: str, base: str, users: int, rate: float, seconds: int, env: dict
) -> dict[str, dict[str, str]]:
    """One headless locust run; its stats rows by "type name"."""
    prefix = procs.log_dir / name
    proc = procs.start(
        name,
        [
            str(VENV_BIN / "locust"),
            "--headless",
            "--only-summary",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(rate),
            "-t",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        env,
    )
    proc.wait(timeout=seconds + 120)
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        raise SystemExit(f"locust wrote no stats:\n{procs.log(name)[-3000:]}")
    with path.open() as stats:
        return {f"{row['Type']} {row['Name']}": row for row in csv.DictReader(stats)}


def failure_lines(procs: Processes, name: str) -> list[str]:
    path = procs.log_dir / f"{name}_failures.csv"
    if not path.exists():
        return []
    with path.open() as failures:
        return [
            f"{row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error'][:160]}"
            for row in csv.DictReader(failures)
        ]


def report(args: argparse.Namespace, base_rows: dict, load_rows: dict) -> int:
    """The table; returns the number of failed requests under load."""
    print()
    kind = f"gthread workers x {args.threads} threads" if args.threads > 1 else "sync workers"
    print(
        f"load: gunicorn {args.workers} {kind}, CONN_MAX_AGE={args.conn_max_age}, "
        f"ENGINE_PREPARED_STATEMENTS={args.prepared}; {args.users} locust users "
        f"(readers 6 : caseworkers 2 : supervisors 1 : finance 1) for {args.duration} s; "
        f"baseline: 1 user of each kind for {args.baseline_duration} s; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    header = f"{'request':56}{'count':>7}{'fail':>6}{'p50':>6}{'p95':>6}{'p99':>6}{'req/s':>7}"
    print(f"{header}{'base p50':>9}{'ratio':>7}")
    failures = 0
    for key in sorted(k for k in load_rows if not k.endswith("Aggregated")):
        row = load_rows[key]
        failures += 0 if key.startswith("409 ") else int(row["Failure Count"])
        base = base_rows.get(key)
        base_p50 = float(base["50%"]) if base and base["50%"] not in ("", "N/A") else 0
        ratio = f"{float(row['50%']) / base_p50:.2f}" if base_p50 else "-"
        print(
            f"{key[:56]:56}{row['Request Count']:>7}{row['Failure Count']:>6}{row['50%']:>6}"
            f"{row['95%']:>6}{row['99%']:>6}{float(row['Requests/s']):>7.1f}"
            f"{(f'{base_p50:.0f}' if base_p50 else '-'):>9}{ratio:>7}"
        )
    total = next((r for k, r in load_rows.items() if k.endswith("Aggregated")), None)
    if total:
        print(
            f"{'all requests':56}{total['Request Count']:>7}{total['Failure Count']:>6}"
            f"{total['50%']:>6}{total['95%']:>6}{total['99%']:>6}"
            f"{float(total['Requests/s']):>7.1f}"
        )
    print("(ms; '409 expected conflict' rows: two users raced for one task, not failures)")
    return failures


def main() -> int:
    args = parse_args()
    env = production_env(
        args.database_url,
        CACHE_URL=REDIS_CACHE,
        CONN_MAX_AGE=str(args.conn_max_age),
        ENGINE_PREPARED_STATEMENTS=args.prepared,
        # threads > 1 make gunicorn's workers gthread ones
        GUNICORN_CMD_ARGS=f"--threads {args.threads}",
    )
    if not args.existing:  # a chain key of its own; an existing database keeps its own
        env["AUDIT_CHAIN_KEY"] = secrets.token_urlsafe(32)
    os.environ.update(env)
    print(f"preparing {args.database_url}", flush=True)
    tokens = prepare(args)
    from django.utils import timezone

    workdir = Path(tempfile.mkdtemp(prefix="casework-load-"))
    (workdir / "tokens.json").write_text(json.dumps(tokens))
    locust_env = {
        **os.environ,
        "LOAD_TOKENS_FILE": str(workdir / "tokens.json"),
        "LOAD_TODAY": timezone.localdate().isoformat(),
    }
    with Processes(workdir / "logs", exit_on_sigterm=True) as procs:
        base = procs.gunicorn("web", free_port(), args.workers, env)
        print(f"gunicorn up; locust baseline {args.baseline_duration} s", flush=True)
        base_rows = locust_run(
            procs, "baseline", base, 4, 4, args.baseline_duration,
            {**locust_env, "LOAD_BASELINE": "1"},
        )  # fmt: skip
        print(f"locust load: {args.users} users, {args.duration} s", flush=True)
        load_rows = locust_run(
            procs, "load", base, args.users, args.spawn_rate, args.duration, locust_env
        )
        failures = report(args, base_rows, load_rows)
        details = failure_lines(procs, "baseline") + failure_lines(procs, "load")
        server_errors = procs.log("web").count("Traceback")
    for line in details[:20]:
        print(f"  failure: {line}")
    if server_errors:
        print(f"  the server logged {server_errors} tracebacks (see {workdir / 'logs'})")
    print(f"logs and locust CSVs: {workdir / 'logs'}")
    return 1 if failures or details or server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
