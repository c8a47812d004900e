"""Processes for the fault tests: a private PostgreSQL server that a test may
restart (the machine's shared server must not be), a copy of the test
database on it, and the app served by ``manage.py runserver`` in a
subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("CASEWORK_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict: dict[str, Any], name: str | None = None) -> str:
    db = settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name or db['NAME']}"
    )


def libpq_args(settings_dict: dict[str, Any]) -> list[str]:
    db = settings_dict
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


def private_postgres_unavailable() -> str | None:
    """Why a private server cannot run here (None when it can): it needs the
    server binaries and root, to run them as the ``postgres`` OS user.
    CASEWORK_FAULT_SHARED_PG=1 forces the fallback on the shared server."""
    if os.environ.get("CASEWORK_FAULT_SHARED_PG"):
        return "CASEWORK_FAULT_SHARED_PG is set"
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL server binaries in {PG_BIN} (set CASEWORK_PG_BIN)"
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        return "a private PostgreSQL needs root (runuser -u postgres)"
    return None


class PrivatePostgres:
    """initdb in a temporary folder, served on a free port of 127.0.0.1 with
    trust authentication; ``restart()`` is ``pg_ctl restart -m fast``."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="casework-pg-"))
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.log = self.dir / "server.log"
        self._pg(
            "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"
        )
        self.start()

    def _pg(self, tool: str, *args: Any, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *map(str, args)],
            capture_output=True,
            text=True,
            check=check,
            timeout=60,
        )

    @property
    def options(self) -> str:
        # fsync off: the test restarts the server, it does not crash the machine
        return f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start(self) -> None:
        self._pg("pg_ctl", "-D", self.data, "-l", self.log, "-o", self.options, "-w", "start")

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self._pg(
            "pg_ctl", "-D", self.data, "-l", self.log, "-o", self.options, "-m", "fast", "-w",
            "restart",
        )  # fmt: skip

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def libpq_args(self) -> list[str]:
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]

    def close(self) -> None:
        self._pg("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def copy_database(source_args: list[str], source_db: str, target_args: list[str], target_db: str,
                  dump: Path) -> None:  # fmt: skip
    """pg_dump -Fc the source database, restore it into a new target one."""
    subprocess.run(
        ["pg_dump", *source_args, "-Fc", "-f", str(dump), source_db], check=True, timeout=120
    )
    subprocess.run(["createdb", *target_args, target_db], check=True, timeout=60)
    subprocess.run(
        ["pg_restore", *target_args, "--no-owner", "--exit-on-error", "-d", target_db, str(dump)],
        check=True,
        timeout=120,
    )


def manage_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casework.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "",  # eager: no worker behind this app
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


class AppServer:
    """``manage.py runserver --noreload`` on a free port: one thread per
    request, each with its own database connection."""

    def __init__(self, database_url: str, log: Path, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=manage_env(database_url, **env),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_answering(60)

    def status(self, path: str, timeout: float = 5) -> int | None:
        """The HTTP status of a GET, or None when nothing answers."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (OSError, urllib.error.URLError):
            return None

    def wait_until_answering(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the app server exited with {self.proc.returncode}")
            if self.status("/api/me/", timeout=2) is not None:
                return
            time.sleep(0.2)
        raise AssertionError(f"the app server did not answer within {timeout}s")

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
        self.proc.wait(timeout=10)
