"""Running casework for real, as in production: gunicorn and Celery
subprocesses against one database, for the load benchmarks and
tests/e2e/test_scale_out.py.

- ``production_env``: the environment of a production-like process (DEBUG
  off, its own secret key, plain HTTP on the loopback);
- ``Processes``: starts gunicorn / Celery subprocesses, each in its own
  process group, and kills every one of them at the end, even on error;
- ``access_log_counts``: requests per gunicorn worker and status class.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
GUNICORN = str(VENV_BIN / "gunicorn")
CELERY = str(VENV_BIN / "celery")
# the worker's pid first, so requests can be counted per web process and worker
ACCESS_LOG_FORMAT = '%(p)s %(s)s %(m)s "%(U)s" "%(q)s" %(L)s'
READY_PROBE = "/api/me/?ready"  # left out of the access log counts


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like casework process: DEBUG off,
    secrets of its own, the loopback as host over plain HTTP (in production a
    TLS proxy sits in front; here nothing does, so no HTTPS redirect)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casework.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Processes:
    """Subprocesses each in a new session (process group), logging to files
    in ``log_dir``; ``close()`` kills every group. A context manager, and
    with ``exit_on_sigterm`` SIGTERM to the driver becomes SystemExit so
    ``close()`` still runs."""

    def __init__(self, log_dir: Path, exit_on_sigterm: bool = False) -> None:
        self.log_dir = log_dir
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.procs: dict[str, subprocess.Popen] = {}
        if exit_on_sigterm:  # a script's main thread, not under pytest
            signal.signal(signal.SIGTERM, _exit_on_sigterm)

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=(self.log_dir / f"{name}.out").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        return proc

    def gunicorn(
        self, name: str, port: int, workers: int, env: dict[str, str], wait: bool = True
    ) -> str:
        """Start ``gunicorn casework.wsgi`` on 127.0.0.1:port; returns its
        base URL (once it answers, with ``wait``). Its access log is
        ``<name>.access``."""
        self.start(
            name,
            [
                GUNICORN,
                "casework.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--access-logfile",
                str(self.log_dir / f"{name}.access"),
                "--access-logformat",
                ACCESS_LOG_FORMAT,
            ],
            env,
        )
        base = f"http://127.0.0.1:{port}"
        if wait:
            self.wait_serving(name, base)
        return base

    def wait_serving(self, name: str, base: str) -> None:
        self.wait_until(name, lambda: _answers(base + READY_PROBE), 90, "gunicorn to answer")

    def celery_worker(self, name: str, queue: str, env: dict[str, str]) -> None:
        self.start(
            name,
            [
                CELERY,
                "-A",
                "casework",
                "worker",
                "-l",
                "info",
                "-Q",
                queue,
                "-n",
                f"{name}@%h",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
            ],
            env,
        )

    def celery_beat(self, env: dict[str, str]) -> None:
        pidfile = self.log_dir / "beat.pid"
        pidfile.unlink(missing_ok=True)
        self.start(
            "beat",
            [CELERY, "-A", "casework", "beat", "-l", "info", "--max-interval", "1"]
            + ["--pidfile", str(pidfile)],
            env,
        )

    def log(self, name: str, suffix: str = "out") -> str:
        path = self.log_dir / f"{name}.{suffix}"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_until(self, name: str, check: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited ({what}):\n{self.log(name)[-3000:]}")
            if check():
                return
            time.sleep(0.2)
        raise RuntimeError(f"timed out after {timeout}s waiting for {what} ({name})")

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 10
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code in (200, 401, 403)
    except requests.RequestException:
        return False


def access_log_counts(text: str) -> dict[str, dict[str, int]]:
    """Requests per worker pid and per status class in one access log
    (written with ACCESS_LOG_FORMAT), the readiness probes left out."""
    by_pid: dict[str, int] = {}
    by_status: dict[str, int] = {}
    probe_path, probe_query = READY_PROBE.split("?")
    for line in text.splitlines():
        parts = line.split(" ", 5)
        if len(parts) < 5 or not parts[1].isdigit():
            continue
        if parts[3] == f'"{probe_path}"' and parts[4] == f'"{probe_query}"':
            continue
        pid = parts[0].strip("<>")
        by_pid[pid] = by_pid.get(pid, 0) + 1
        klass = parts[1][0] + "xx"
        by_status[klass] = by_status.get(klass, 0) + 1
    return {"pids": by_pid, "statuses": by_status}
