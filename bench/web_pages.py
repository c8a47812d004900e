#!/usr/bin/env python
"""Every role's web pages at demo size on the embedded SQLite database.

    .venv/bin/python bench/web_pages.py [--database PATH] [--fresh] [--runs 20]

Times, for each demo user (casework/demo/people.py, and the member), every
list page of their menu (inbox, queue, done, team, the case list, members,
public notice, notifications, the member's own cases) and one task page per
step they work (the first open task of each step in their inbox, else their
queue), plus one case page per program, through Django's test client logged
in as that user (the whole server side: middleware, session, view,
selectors, template; no network, no static files). Each page is requested
once with its SQL queries counted, ``WARMUP`` times untimed, then ``--runs``
times: printed are the median CPU time of this process (SQLite runs in
it, so that is the page's whole cost, and other work on the machine barely
moves it), the median and p95 wall-clock ms, the queries, and p95 as a
ratio of the baseline measured in the same run — ``GET /api/me/`` of the
same user (an authenticated request that reads one row). Target: every page
under 100 ms (issue 15).

The database is a SQLite file made with ``migrate`` and ``seed_demo`` the
first time (or with ``--fresh``); the run only reads it, apart from the
sessions of the logins and the ``viewed`` audit events the case and task
pages write, as they do for a person.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "/tmp/casework_web_bench.sqlite3"
TARGET_MS = 100.0
PROVINCE_TARGET_MS = 20.0  # issue 19, at province scale (--database-url)
WARMUP = 3
LIST_PAGES = (
    ("inbox", "/work/?scope=inbox"),
    ("queue", "/work/?scope=queue"),
    ("done", "/work/?scope=done"),
    ("team", "/work/?scope=team"),  # a manager's only
    ("cases", "/cases/"),
    ("cases, sorted by number", "/cases/?sort=-number"),
    ("members", "/members/"),
    ("public notice", "/notice/"),
    ("notifications", "/notifications/"),
)
MEMBER_PAGES = (("my cases", "/my/"), ("notifications", "/notifications/"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DB, help="SQLite file (made if missing)")
    parser.add_argument("--fresh", action="store_true", help="remake the database first")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database of bench/generate.py: time the list pages of its county "
        "and province user (as bench/api_pages.py picks them) instead of the demo",
    )
    return parser.parse_args()


def setup(path: str, fresh: bool) -> None:
    sys.path.insert(0, str(ROOT))
    if fresh and os.path.exists(path):
        os.remove(path)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import logging

    import django
    from django.core.management import call_command
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    request_finished.disconnect(close_old_connections)  # one connection, as a worker keeps
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.db import connection

    if MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    ):
        print(f"making the demo database {path} (migrate, seed_demo)…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", verbosity=0)


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # read now: the log is reset by later requests
    for _ in range(WARMUP):
        client.get(url)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {
        "status": response.status_code,
        "cpu": statistics.median(cpu),
        "p50": statistics.median(times),
        "p95": times[max(0, int(len(times) * 0.95) - 1)],
        "queries": queries,
    }


def task_pages(user: Any) -> list[tuple[str, str]]:
    """One task page per step the user works: the first open task of each
    step in their inbox, else in their queue (as they would open it)."""
    from workflows import engine
    from workflows.selectors import tasks_inbox, tasks_queue

    seen: dict[str, tuple[str, str]] = {}
    for scope, tasks in (("inbox", tasks_inbox(user)), ("queue", tasks_queue(user))):
        for task in tasks.order_by("pk")[:200]:
            flow = task.flow_task.flow_class.__name__.removesuffix("Flow")
            name = f"{flow}.{task.flow_task.name}"
            if engine.step_of(task) is not None and name not in seen:
                seen[name] = (scope, f"/work/tasks/{task.pk}/")
    return [(f"task {name} ({scope})", url) for name, (scope, url) in seen.items()]


def case_pages(user: Any, tasks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One case page per program, of a case the user has a task on."""
    from viewflow.workflow.models import Task

    out: dict[str, str] = {}
    for _, url in tasks:
        task = Task.objects.select_related("process").get(pk=int(url.strip("/").split("/")[-1]))
        case = task.process.case
        out.setdefault(case.program, f"/cases/{case.case_number}/")
    return [(f"case {program}", url) for program, url in out.items()]


def member_pages(user: Any) -> list[tuple[str, str]]:
    from casework.core.models import Case
    from casework.web.views.member_answer import answerable_task

    pages = list(MEMBER_PAGES)
    cases = Case.objects.filter(member__user=user).order_by("pk")
    by_program: dict[str, str] = {}
    for case in cases:
        by_program.setdefault(case.program, case.case_number)
        if answerable_task(case, user) is not None and "answer" not in by_program:
            by_program["answer"] = case.case_number
            pages.append(("my answer to a return", f"/my/cases/{case.case_number}/answer/"))
    pages += [
        (f"my case {program}", f"/my/cases/{number}/")
        for program, number in by_program.items()
        if program != "answer"
    ]
    return pages


def users() -> list[Any]:
    from django.contrib.auth import get_user_model

    from casework.demo.people import USERS

    names = [username for username, *_ in USERS] + ["member"]
    by_name = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return [by_name[n] for n in names if n in by_name]


def province_pages(user: Any) -> list[tuple[str, str]]:
    """The list pages of a province database's user: each list on page 1 and
    on its last numbered page (page 20: the count stops at 500 rows,
    ``casework.web.list_pages``), the lists that come newest first also
    deep by keyset (``after=`` the 1,250th and the 10,000th row, as "next"
    goes on past page 20), the case list with each filter and sort, member
    search."""
    from urllib.parse import quote

    from bench.api_pages import _member_terms
    from workflows.selectors import cases_list, programs_managed, tasks_done

    scopes = ["inbox", "queue", "done", *(["team"] if programs_managed(user) else [])]
    out = []
    for scope in scopes:
        out += [(scope, f"/work/?scope={scope}"), (f"{scope} p20", f"/work/?scope={scope}&page=20")]
    out.append(("queue by case number", "/work/?scope=queue&sort=number"))
    done = tasks_done(user).order_by("-id").values_list("pk", flat=True)
    cases = cases_list(user).values_list("pk", flat=True)
    for depth in (1_250, 10_000):
        if (done_id := done[depth : depth + 1].first()) is not None:
            out.append((f"done after={depth:,} rows", f"/work/?scope=done&after={done_id}"))
    out += [
        ("done, newest first", "/work/?scope=done&sort=-created"),
        ("cases", "/cases/"),
        ("cases p20", "/cases/?page=20"),
        ("cases after=1,250 rows", f"/cases/?after={cases[1_250]}"),
        ("cases after=10,000 rows", f"/cases/?after={cases[10_000]}"),
        ("cases relief submitted", "/cases/?program=relief&status=submitted"),
        ("cases overdue", "/cases/?overdue=true"),
        ("cases sorted by due", "/cases/?sort=due"),
        ("cases sorted by due, latest", "/cases/?sort=-due"),
        ("cases by due, p20", "/cases/?sort=due&page=20"),
        ("cases sorted by number", "/cases/?sort=-number"),
        ("cases sorted by status, reversed", "/cases/?sort=-status"),
        ("cases q=case number", "/cases/?q=" + cases_list(user)[500].case_number),
    ]
    name, id_number = _member_terms(user)
    out += [
        ("members", "/members/"),
        ("members p20", "/members/?page=20"),
        ("members q=name", f"/members/?q={quote(name)}"),
        ("members q=ID number", f"/members/?q={id_number}"),
        ("cases q=member name", f"/cases/?q={quote(name)}"),
    ]
    return out


def province_main(args: argparse.Namespace) -> None:
    """The list pages at province size (``--database-url``)."""
    sys.path.insert(0, str(ROOT))
    from bench.api_pages import pick_user
    from bench.api_pages import setup as setup_postgres

    setup_postgres(args.database_url)
    from django.test import Client

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"database: {args.database_url}, {WARMUP} warm-up + {args.runs} timed per page; "
        f"load average {load} on {os.cpu_count()} CPUs; "
        f"target p95 ≤ {PROVINCE_TARGET_MS:.0f} ms (issue 19)"
    )
    print(
        f"{'user':<34} {'page':<30} {'status':>6} {'cpu ms':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'×base':>6} {'queries':>7}"
    )
    over: list[str] = []
    for level, who in ((3, "county"), (1, "province")):
        user = pick_user(level)
        client = Client()
        client.force_login(user)
        label = f"{who}: {user.username}"[:34]
        base = measure(client, "/api/me/", args.runs)
        rows = [("baseline GET /api/me/", base)]
        rows += [(page, measure(client, url, args.runs)) for page, url in province_pages(user)]
        for page, row in rows:
            print(
                f"{label:<34} {page:<30} {row['status']:>6} {row['cpu']:>7.1f} {row['p50']:>8.1f} "
                f"{row['p95']:>8.1f} {row['p95'] / base['p95']:>6.1f} {row['queries']:>7}"
            )
            if row["p95"] > PROVINCE_TARGET_MS:
                over.append(f"{who} {page} {row['p95']:.0f}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"pages over {PROVINCE_TARGET_MS:.0f} ms: {len(over)} ({'; '.join(over) or 'none'}); "
        f"load average {load}"
    )


def main() -> None:
    args = parse_args()
    if args.database_url:
        province_main(args)
        return
    setup(args.database, args.fresh)
    from django.test import Client

    from workflows.selectors import programs_managed

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"database: sqlite {args.database}, {WARMUP} warm-up + {args.runs} timed per page; "
        f"load average {load} on {os.cpu_count()} CPUs (other work slows every figure alike)"
    )
    print(
        f"{'user':<18} {'page':<40} {'status':>6} {'cpu ms':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'×base':>6} {'queries':>7}  target"
    )
    worst: tuple[float, str] = (0.0, "")
    over = 0
    for user in users():
        client = Client()
        client.force_login(user)
        base = measure(client, "/api/me/", args.runs)
        print(
            f"{user.username:<18} {'baseline GET /api/me/':<40} {base['status']:>6} "
            f"{base['cpu']:>7.1f} {base['p50']:>8.1f} {base['p95']:>8.1f} {1.0:>6.1f} "
            f"{base['queries']:>7}"
        )
        if user.username == "member":
            pages = member_pages(user)
        else:
            tasks = task_pages(user)
            lists = [p for p in LIST_PAGES if p[0] != "team" or programs_managed(user)]
            pages = [*lists, *tasks, *case_pages(user, tasks)]
        for page, url in pages:
            row = measure(client, url, args.runs)
            if row["status"] in (403, 404):  # not in this role's menu
                continue
            ok = "ok" if row["p95"] < TARGET_MS else "OVER"
            if row["status"] != 200:
                ok = f"HTTP {row['status']}"
            else:
                worst = max(worst, (row["p95"], f"{user.username} {page}"))
                over += row["p95"] >= TARGET_MS
            print(
                f"{user.username:<18} {page:<40} {row['status']:>6} {row['cpu']:>7.1f} "
                f"{row['p50']:>8.1f} "
                f"{row['p95']:>8.1f} {row['p95'] / base['p95']:>6.1f} {row['queries']:>7}  {ok}"
            )
    print(f"worst p95: {worst[0]:.1f} ms ({worst[1]}); pages at or over {TARGET_MS:.0f} ms: {over}")


if __name__ == "__main__":
    main()
