"""The database restarted under load: the app (a separate ``runserver``
process) keeps serving concurrent case submissions while its PostgreSQL
server is restarted (``pg_ctl restart -m fast``) and stopped for two
seconds; it answers again without being restarted itself, and no
half-written case is left behind.

The machine's shared PostgreSQL must not be restarted, so the test runs a
private one (initdb as the ``postgres`` OS user, which needs root) holding a
copy of the test database. Without root it falls back to killing every
backend of a scratch copy on the shared server (``pg_terminate_backend``)
again and again while the requests run."""

from __future__ import annotations

import http.client
import json
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient

from casework.demo.seed import seed_members

from .servers import (
    AppServer,
    PrivatePostgres,
    copy_database,
    database_url,
    libpq_args,
    manage_env,
    private_postgres_unavailable,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 6
MEMBERS = 400


@dataclass
class Target:
    """Where the app's database lives and how the test makes it fail."""

    url: str
    outages: Callable[[], list[tuple[float, float]]]  # runs them; returns (start, end) times
    mode: str
    cleanup: list[Callable[[], None]] = field(default_factory=list)


def _private_target(tmp_path: Path) -> Target:
    server = PrivatePostgres()
    source = connection.settings_dict
    name = "casework_restart"
    copy_database(
        libpq_args(source), source["NAME"], server.libpq_args(), name, tmp_path / "db.dump"
    )

    def outages() -> list[tuple[float, float]]:
        spans = []
        time.sleep(1.5)
        for action in ("restart", "stop-start", "restart"):
            began = time.monotonic()
            if action == "restart":
                server.restart()  # pg_ctl restart -m fast: every connection dropped
            else:
                server.stop()
                time.sleep(2.0)  # requests meanwhile find nothing listening
                server.start()
            spans.append((began, time.monotonic()))
            time.sleep(1.5)
        return spans

    return Target(server.url(name), outages, "private server restarted", [server.close])


def _shared_target(tmp_path: Path) -> Target:
    source = connection.settings_dict
    name = f"{source['NAME']}_kill_{uuid.uuid4().hex[:6]}"
    args = libpq_args(source)
    copy_database(args, source["NAME"], args, name, tmp_path / "db.dump")
    admin = database_url(source, "postgres")

    def outages() -> list[tuple[float, float]]:
        spans = []
        time.sleep(1.5)
        with psycopg.connect(admin, autocommit=True) as conn:
            for _ in range(3):
                began = time.monotonic()
                while time.monotonic() - began < 2.0:
                    conn.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [name],
                    )
                    time.sleep(0.05)
                spans.append((began, time.monotonic()))
                time.sleep(1.5)
        return spans

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Target(database_url(source, name), outages, "backends terminated", [drop])


@pytest.fixture
def copy_of_test_database(tmp_path: Path) -> Iterator[Callable[[], Target]]:
    """Call it once the data is committed: copies the test database to where
    the app will run against it."""
    made: list[Target] = []

    def make() -> Target:
        reason = private_postgres_unavailable()
        made.append(_shared_target(tmp_path) if reason else _private_target(tmp_path))
        return made[-1]

    try:
        yield make
    finally:
        for target in made:
            for undo in target.cleanup:
                undo()


def _submit(port: int, token: str, member_id: int) -> tuple[str, Any]:
    body = {
        "member": member_id,
        "aid_type": "living",
        "cause": "illness",
        "reason": "长期患病",
        "household_size": 3,
        "household_annual_income": "24000.00",
        "rigid_expenses": "6000.00",
        "requested_amount": "3000.00",
    }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(
            "POST",
            "/api/relief/applications/",
            json.dumps(body),
            {
                "Content-Type": "application/json",
                "Authorization": f"Token {token}",
                "Accept-Language": "en",
            },
        )
        response = conn.getresponse()
        payload = response.read()
    except OSError as exc:  # refused, reset, timed out
        return "no answer", type(exc).__name__
    finally:
        conn.close()
    if response.status == 201:
        return "created", json.loads(payload)["case_number"]
    if response.status >= 500:
        return "5xx", response.status
    return f"{response.status}", payload[:200]


def test_the_app_recovers_from_a_database_restart_without_half_written_cases(
    org, copy_of_test_database, tmp_path, capsys
):
    members = seed_members([org["county"], *org["grassroots"]], count=MEMBERS)
    token = (
        APIClient()
        .post("/api/auth/token/", {"username": "caseworker", "password": "demo-pass"})
        .json()["token"]
    )
    target = copy_of_test_database()  # with the members and the token
    app = AppServer(target.url, tmp_path / "app.log")
    try:
        todo: queue.Queue[int] = queue.Queue()
        for m in members:
            todo.put(m.pk)
        stop = threading.Event()
        results: list[tuple[float, str, Any]] = []
        lock = threading.Lock()

        def client() -> None:
            while not stop.is_set():
                try:
                    member_id = todo.get_nowait()
                except queue.Empty:
                    return
                kind, detail = _submit(app.port, token, member_id)
                with lock:
                    results.append((time.monotonic(), kind, detail))
                if kind in ("no answer", "5xx"):
                    time.sleep(0.05)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        spans = target.outages()
        time.sleep(1.0)
        stop.set()
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads), "a client hung"

        # the same server process answers again, without a restart
        assert app.proc.poll() is None
        after = [_submit(app.port, token, todo.get_nowait()) for _ in range(3)]
        assert [kind for kind, _ in after] == ["created"] * 3, after
    finally:
        app.close()

    kinds = Counter(kind for _, kind, _ in results)
    last_outage_end = spans[-1][1]
    created = [d for _, k, d in results if k == "created"] + [d for _, d in after]
    assert kinds["created"] > 0 and any(
        at > last_outage_end and k == "created" for at, k, _ in results
    ), "no case was created after the last outage"
    # only the outage may fail a request, and only as a 5xx or no answer
    assert set(kinds) <= {"created", "5xx", "no answer"}, kinds
    failures = [(at, k) for at, k, _ in results if k != "created"]
    assert all(any(b - 1 <= at <= e + 16 for b, e in spans) for at, _ in failures), failures

    checked = subprocess.run(
        [sys.executable, "-m", "tests.faults.case_integrity"],
        cwd=Path(__file__).resolve().parents[2],
        env=manage_env(target.url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["without_detail"] == []
    assert report["without_first_event"] == []
    assert report["without_task"] == []
    assert report["audit_ok"], report["audit_problems"]
    assert set(created) <= set(report["case_numbers"])
    # a request whose answer was lost may still have committed its case
    unanswered = report["cases"] - len(created)
    assert 0 <= unanswered <= kinds["5xx"] + kinds["no answer"]
    with capsys.disabled():
        print(
            f"\n[db restart: {target.mode}] requests {len(results) + 3}: "
            f"created {kinds['created'] + 3}, 5xx {kinds['5xx']}, no answer "
            f"{kinds['no answer']}; cases in the database {report['cases']} "
            f"({unanswered} committed without an answer); half-written 0; "
            f"audit events verified {report['events_checked']}"
        )
