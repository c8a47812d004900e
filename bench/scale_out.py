#!/usr/bin/env python
"""Scale-out: two web processes and two Celery workers on one PostgreSQL
database and one Redis, running the acceptance journeys concurrently.

    .venv/bin/python bench/scale_out.py [--journeys 10] [--threads 6]

Starts two gunicorn masters (2 workers each, two ports), two Celery workers
(separate processes, one private Redis queue) and Celery beat (the due-work
job every second), then client threads run the journeys through the REST
API, every client alternating between the two web processes:

- relief: application → verify → public notice (its timer moved to now by
  the driver, fired by the due-work job on a worker) → approve → pay;
- mutual aid: claim → review → approve → pay;
- mediation: referral → assign → two sessions → settle → follow-up.

First one journey of each program runs alone (one thread: the baseline),
then ``--journeys`` of each on ``--threads`` threads. Checks at the end:
no error (no 5xx, no unexpected 4xx), every case in its final status, each
paid case paid exactly once, no task completed twice, every timer fired
once, every decision notified once and e-mailed once (a mail sink counts
the e-mails by Message-ID), every audit chain verifies, and both web
processes and both workers served work (gunicorn access logs, worker logs).
Exit status 1 on any failed check.

The database of --database-url (default
postgres://postgres@127.0.0.1:5432/casework_scale) is dropped and recreated.
"""

from __future__ import annotations

import argparse
import email
import os
import re
import secrets
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.journeys import (
    DECISIONS,
    FINAL_STATUS,
    PERSONAS,
    Errors,
    JourneyRun,
    journey_runs,
    run_journeys,
    token_login,
)
from bench.processes import Processes, access_log_counts, free_port, production_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_scale"
REDIS_BROKER = "redis://127.0.0.1:6379/6"
REDIS_CACHE = "redis://127.0.0.1:6379/7"
TASK_DONE = re.compile(r"Task ([\w.]+)\[[0-9a-f-]+\] succeeded")
WEB = ("web1", "web2")
WORKERS = ("worker1", "worker2")


# --- the checks (shared with tests/e2e/test_scale_out.py) -----------------------------


def outcome_problems(runs: list[JourneyRun]) -> list[str]:
    """What went wrong in the database: statuses, payments, tasks, timers,
    notifications, audit chains. Empty when all is well."""
    from viewflow.workflow.models import Task

    from casework.audit.models import AuditEvent
    from casework.audit.verify import audit_verify
    from casework.core.models import Case, Payment
    from casework.notifications.models import Notification

    problems = [f"{r.program} journey {r.tag}: {r.error}" for r in runs if r.error]
    cases = {
        c.case_number: c for c in Case.objects.filter(case_number__in=[r.number for r in runs])
    }
    for run in runs:
        case = cases.get(run.number)
        if run.number and case is None:
            problems.append(f"{run.number}: no such case")
        elif case and case.case_status != FINAL_STATUS[run.program]:
            problems.append(f"{run.number}: ended {case.case_status}")
    ids = [c.pk for c in cases.values()]
    by_program = {p: {c.pk for c in cases.values() if c.program == p} for p in FINAL_STATUS}

    for program in ("relief", "mutual_aid"):
        paid = Counter(
            Payment.objects.filter(case_id__in=ids, case__program=program).values_list(
                "case_id", flat=True
            )
        )
        if set(paid) != by_program[program] or any(n != 1 for n in paid.values()):
            problems.append(f"{program}: payments per case {dict(paid)} (each case exactly once)")

    completed = Counter(
        AuditEvent.objects.filter(case_id__in=ids, type="task_completed").values_list(
            "data__task", flat=True
        )
    )
    problems += [f"task {t} completed {n} times" for t, n in completed.items() if n != 1]
    done = Counter(
        Task.objects.filter(process_id__in=ids, status="DONE").values_list(
            "process_id", "flow_task"
        )
    )
    problems += [f"case {c} node {node}: done {n} times" for (c, node), n in done.items() if n > 1]
    fired = Counter(
        AuditEvent.objects.filter(case_id__in=ids, type="timer_fired").values_list(
            "case_id", flat=True
        )
    )
    if set(fired) != by_program["relief"] or any(n != 1 for n in fired.values()):
        problems.append(f"timers fired per case {dict(fired)} (each relief case exactly once)")

    keys = set(Notification.objects.filter(case_id__in=ids).values_list("key", flat=True))
    for case in cases.values():
        user_id = case.member.user_id if case.member else None
        for status in DECISIONS[case.program]:
            if f"decision:case:{case.pk}:{status}:user:{user_id}" not in keys:
                problems.append(f"{case.case_number}: no '{status}' notification")
    expected = sum(len(DECISIONS[c.program]) for c in cases.values())
    if len(keys) != expected:
        problems.append(f"{len(keys)} notifications, expected {expected}")

    verified = audit_verify(ids)
    if not verified.ok or verified.cases_checked != len(ids):
        problems.append(f"audit chains: {verified}")
    return problems


def wait_for_emails(runs: list[JourneyRun], timeout: float) -> None:
    """Until every notification of the journeys' cases has been e-mailed."""
    from casework.notifications.models import Notification

    unsent = Notification.objects.filter(
        case__case_number__in=[r.number for r in runs], emailed_at__isnull=True
    ).exclude(email_to="")
    deadline = time.monotonic() + timeout
    while unsent.exists() and time.monotonic() < deadline:
        time.sleep(0.5)


def mail_problems(runs: list[JourneyRun], mail_dir: Path) -> list[str]:
    """Every notification with an address e-mailed exactly once: one file in
    the mail sink per notification, found by its Message-ID."""
    from casework.notifications.models import Notification

    notes = Notification.objects.filter(case__case_number__in=[r.number for r in runs]).exclude(
        email_to=""
    )
    wanted = {f"casework.notification.{pk}@" for pk in notes.values_list("pk", flat=True)}
    sent: Counter[str] = Counter()
    for path in mail_dir.glob("*.eml"):
        message_id = email.message_from_bytes(path.read_bytes())["Message-ID"] or ""
        sent[message_id.strip("<>").split("@")[0] + "@"] += 1
    problems = [f"{m} e-mailed {sent[m]} times" for m in sorted(wanted) if sent[m] != 1]
    problems += [f"{m}: e-mail of no journey notification" for m in sorted(set(sent) - wanted)]
    if not wanted:
        problems.append("no notification was e-mailed")
    return problems


def served_by(
    access_logs: dict[str, str], worker_logs: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Requests per web process (and per gunicorn worker pid) and Celery
    tasks per worker, from their logs; problems if one of them did nothing,
    a request answered 5xx or a worker logged an error."""
    served: dict[str, Any] = {}
    problems = []
    for name, text in access_logs.items():
        counts = access_log_counts(text)
        served[name] = counts
        if sum(counts["pids"].values()) == 0:
            problems.append(f"{name} served no request")
        if counts["statuses"].get("5xx"):
            problems.append(f"{name}: {counts['statuses']['5xx']} responses 5xx")
    for name, text in worker_logs.items():
        tasks = Counter(TASK_DONE.findall(text))
        served[name] = dict(tasks)
        if not tasks:
            problems.append(f"{name} ran no task")
        if "ERROR" in text:
            problems.append(f"{name} logged an error")
    return served, problems


def conflict_problems(served: dict[str, Any], runs: list[JourneyRun]) -> list[str]:
    """The web processes answered 4xx exactly once per raced payment (its
    losing copy's 409) and nothing else 4xx."""
    raced = sum(1 for r in runs if r.program in ("relief", "mutual_aid"))
    answered = sum(served[name]["statuses"].get("4xx", 0) for name in WEB)
    if answered == raced:
        return []
    return [f"{answered} answers 4xx, expected {raced} (one 409 per raced payment)"]


@contextmanager
def closing_queue(queue: str) -> Iterator[None]:
    """Deletes the run's queue (and kombu's bindings of it) from Redis at
    the end, whatever happens."""
    import redis

    try:
        yield
    finally:
        client = redis.Redis.from_url(REDIS_BROKER, socket_timeout=2)
        keys = client.keys(f"{queue}*") + client.keys(f"_kombu.binding*.{queue}")
        if keys:
            client.delete(*keys)


def worker_ready(procs: Processes, name: str) -> bool:
    return " ready." in procs.log(name)


# --- the benchmark -------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=10, help="per program (default 10)")
    parser.add_argument("--threads", type=int, default=6, help="client threads (default 6)")
    parser.add_argument("--web-workers", type=int, default=2, help="per web process (default 2)")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.journeys < 1 or args.threads < 1 or args.web_workers < 1:
        parser.error("--journeys, --threads and --web-workers must be at least 1")
    return args


def setup(url: str, members_needed: int) -> list[Any]:
    from bench.engine_vs_viewflow import recreate_database

    recreate_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from bench.journeys import analyze, journey_members
    from casework.core.models import OrgUnit
    from casework.demo.seed import seed_demo

    call_command("migrate", verbosity=0, interactive=False)
    seed_demo()
    units = list(OrgUnit.objects.filter(level__gte=OrgUnit.Level.COUNTY).order_by("path"))
    members = journey_members(units, members_needed, first_serial=1)
    analyze()
    connections.close_all()
    return members


def main() -> int:
    args = parse_args()
    run_tag = uuid.uuid4().hex[:6]
    queue = f"casework-scale-{run_tag}"
    workdir = Path(tempfile.mkdtemp(prefix="casework-scale-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    env = production_env(
        args.database_url,
        AUDIT_CHAIN_KEY=secrets.token_urlsafe(32),
        CELERY_BROKER_URL=REDIS_BROKER,
        CELERY_RESULT_BACKEND="",
        CACHE_URL=REDIS_CACHE,
        CASEWORK_CELERY_QUEUE=queue,
        CASEWORK_DUE_WORK_SECONDS="1",
        EMAIL_BACKEND="tests.e2e.mailsink.EmailBackend",
        CASEWORK_MAILSINK_DIR=str(mail_dir),
    )
    os.environ.update(env)  # the driver's Django: same database, key and broker
    print(f"database {args.database_url}: recreated, migrated, demo seeded", flush=True)
    members = iter(setup(args.database_url, 3 * (args.journeys + 1)))
    baseline = journey_runs(members, 1, run_tag)
    runs = journey_runs(members, args.journeys, run_tag, first=len(baseline))
    errors = Errors()
    with Processes(workdir / "logs", exit_on_sigterm=True) as procs, closing_queue(queue):
        bases = [procs.gunicorn(n, free_port(), args.web_workers, env, wait=False) for n in WEB]
        for name in WORKERS:
            procs.celery_worker(name, queue, env)
        procs.celery_beat(env)
        for name, base in zip(WEB, bases, strict=True):
            procs.wait_serving(name, base)
        for name in WORKERS:
            procs.wait_until(name, partial(worker_ready, procs, name), 90, "worker ready")
        tokens = {p: token_login(bases[0], p, "demo-pass") for p in PERSONAS}
        print(f"processes up ({', '.join(procs.procs)}), logs in {procs.log_dir}", flush=True)

        alone = run_journeys(baseline, bases, tokens, 1, errors)
        together = run_journeys(runs, bases, tokens, args.threads, errors)
        wait_for_emails(baseline + runs, 60)
        served, problems = served_by(
            {name: procs.log(name, "access") for name in WEB},
            {name: procs.log(name) for name in WORKERS},
        )
    problems = errors.items + problems + conflict_problems(served, baseline + runs)
    problems += outcome_problems(baseline + runs) + mail_problems(baseline + runs, mail_dir)
    report(args, baseline, runs, alone, together, served, problems)
    return 1 if problems else 0


def report(
    args: argparse.Namespace,
    baseline: list[JourneyRun],
    runs: list[JourneyRun],
    alone: float,
    together: float,
    served: dict[str, Any],
    problems: list[str],
) -> None:
    per_min_alone = len(baseline) / alone * 60
    per_min = len(runs) / together * 60
    print()
    print(
        f"scale-out: 2 web processes x {args.web_workers} gunicorn workers, 2 Celery workers "
        f"+ beat, one PostgreSQL, one Redis; {len(runs)} journeys on {args.threads} threads; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':34}{'journeys':>9}{'wall s':>9}{'per min':>9}{'ratio':>8}")
    print(
        f"{'baseline: 1 of each, 1 thread':34}{len(baseline):>9}{alone:>9.1f}{per_min_alone:>9.1f}"
    )
    print(
        f"{f'concurrent: {args.threads} threads':34}{len(runs):>9}{together:>9.1f}"
        f"{per_min:>9.1f}{per_min / per_min_alone:>8.2f}"
    )
    for program in FINAL_STATUS:
        times = [r.seconds for r in runs if r.program == program]
        print(f"  {program:32}mean {sum(times) / len(times):.1f} s per journey")
    print()
    for name in WEB:
        pids = served[name]["pids"]
        spread = ", ".join(f"pid {p}: {n}" for p, n in sorted(pids.items()))
        print(f"{name:10} {sum(pids.values()):>5} requests ({spread}) {served[name]['statuses']}")
    for name in WORKERS:
        tasks = ", ".join(f"{t.rsplit('.', 1)[-1]}: {n}" for t, n in sorted(served[name].items()))
        print(f"{name:10} {sum(served[name].values()):>5} tasks ({tasks})")
    print()
    raced = sum(1 for r in baseline + runs if r.program in ("relief", "mutual_aid"))
    print(f"every payment sent twice at once, one copy per web process: {raced} races")
    print("checks: no error, final statuses, each race 200 + 409, paid once, tasks done once,")
    print("        timers fired once, notifications and e-mails once, audit chains verify,")
    print("        both web processes and both workers served")
    if problems:
        print(f"FAILED ({len(problems)}):")
        for problem in problems[:50]:
            print(f"  - {problem}")
    else:
        print("all passed")


if __name__ == "__main__":
    sys.exit(main())
