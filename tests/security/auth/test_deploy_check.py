"""With the production settings of the README, ``check --deploy`` finds
nothing to warn about in security."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "AUDIT_CHAIN_KEY": secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": "casework.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://casework.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def start_deploy_check(**env: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # set for the whole test session by the browser tests (Playwright's loop), never in deployment
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(env)
    return subprocess.Popen(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def checks() -> dict[str, tuple[int, str]]:
    """Both runs at once (each takes seconds to start Django)."""
    running = {
        "production": start_deploy_check(**PRODUCTION),
        "development": start_deploy_check(DEBUG="true"),
    }
    results = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=180)
        results[name] = (process.returncode, output)
    return results


def security_issues(output: str) -> list[str]:
    return re.findall(r"\(security\.[WE]\d+\)[^\n]*", output)


def test_check_deploy_is_clean_with_the_production_settings(checks):
    code, output = checks["production"]
    assert code == 0, output
    assert security_issues(output) == [], output
    # our own warnings other than the holiday calendar's would show here too
    assert set(re.findall(r"\((casework\.[WE]\d+)\)", output)) <= {"casework.W001"}, output


def test_check_deploy_warns_about_the_development_defaults(checks):
    """The check above can fail: the development settings are not fit for
    production and the check says so."""
    code, output = checks["development"]
    issues = " ".join(security_issues(output))
    for warning in ("security.W009", "security.W018", "security.W012", "security.W016"):
        assert warning in issues, output
