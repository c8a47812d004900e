"""Real Celery worker and beat processes against the test's PostgreSQL
database and the Redis on 127.0.0.1. Skipped elsewhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
REDIS_URL = os.environ.get("CASEWORK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


def wait_for(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.3) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Celeries:
    """Starts worker / beat subprocesses sharing one private queue; kills
    every one of them (their whole process group) at the end."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.queue = f"casework-test-{uuid.uuid4().hex[:10]}"
        self.mail_dir = tmp / "mail"
        self.mail_dir.mkdir()
        self.procs: list[subprocess.Popen] = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_RESULT_BACKEND": "",
            "CASEWORK_CELERY_QUEUE": self.queue,
            "CASEWORK_CELERY_VISIBILITY_TIMEOUT": "3",
            "CASEWORK_DUE_WORK_SECONDS": "1",
            "EMAIL_BACKEND": "tests.e2e.mailsink.EmailBackend",
            "CASEWORK_MAILSINK_DIR": str(self.mail_dir),
            "PYTHONPATH": str(ROOT),
        }

    def _start(self, args: list[str], log: Path, **env: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [CELERY, "-A", "casework", *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def worker(self, name: str = "w1", **env: str) -> subprocess.Popen:
        return self._start(
            [
                "worker",
                "-l",
                "info",
                "-Q",
                self.queue,
                "-n",
                f"{name}-{self.queue}@%h",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            self.tmp / f"{name}.log",
            **env,
        )

    def beat(self) -> subprocess.Popen:
        return self._start(
            ["beat", "-l", "info", "--pidfile", str(self.tmp / "beat.pid"), "--max-interval", "1"],
            self.tmp / "beat.log",
        )

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def mails(self) -> list[Path]:
        return sorted(self.mail_dir.glob("*.eml"))

    def send(self, task: str, *args: Any) -> None:
        from celery import Celery

        sender = Celery("casework-test-sender", broker=REDIS_URL)
        try:
            sender.send_task(task, args=list(args), queue=self.queue)
        finally:
            sender.close()

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=10)

    def close(self) -> None:
        for proc in self.procs:
            self.kill(proc)
        try:
            import redis

            client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
            client.delete(self.queue, *client.keys(f"{self.queue}*"))
        except Exception:
            pass


@pytest.fixture
def celeries(tmp_path: Path) -> Iterator[Celeries]:
    """Needs the test marked ``django_db(transaction=True)``: the worker sees
    only committed rows."""
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://… (the worker shares the test database)")
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    runner = Celeries(tmp_path)
    try:
        yield runner
    finally:
        runner.close()
