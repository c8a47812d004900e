"""Shared fixtures: the demo org tree and users (as seed_demo makes them),
members, and an API client per persona."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from casework.core.models import Member
from casework.demo.seed import seed_members, seed_org_and_users


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _restores_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("serialized_rollback"))


def _order(item: pytest.Item) -> int:
    """0: the tests inside a rolled-back transaction; 1: those that restore
    the migrations' rows before they run (``serialized_rollback``); 2: the
    other tests that flush the database."""
    if not _flushes_the_database(item):
        return 0
    return 1 if _restores_the_database(item) else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that flush the database (real threads, a live server, a
    real worker) after all others. pytest-django orders by the ``django_db``
    marker only, so a test that gets the database through a fixture would
    run after them and find the migrations' rows (parameters, roles) gone.
    Those that restore the migrations' rows (``serialized_rollback``) go
    first among them: a plain flush runs ``post_migrate`` again, which makes
    the content types anew under other ids, and restoring the saved rows on
    top of those fails on their unique names."""
    items.sort(key=_order)


TESTS = Path(__file__).resolve().parent
# markers by where a test lives (pyproject.toml declares them)
MARKED_FOLDERS = {
    "browser": TESTS / "browser",
    "fuzz": TESTS / "security" / "fuzz",
}
# the tests that take more than about 5 s on their own (pytest --durations):
# a folder, a file, or a file::test (its name with its parameters)
SLOW = (
    "tests/e2e",  # real Celery workers and web processes (PostgreSQL)
    "tests/faults",  # killed workers, a restarted database, dropped uploads (PostgreSQL)
    "tests/backup",  # pg_dump and pg_restore (PostgreSQL)
    "tests/races/test_race_trials_postgres.py",
    "tests/security/access/test_access_walk.py",  # every role × every URL and method
    "tests/web/i18n/test_page_walk.py",  # every role's pages in both languages
    "tests/api/test_schema.py::test_schema_is_valid_and_lists_every_endpoint",
    "tests/web/work/test_case_page.py::"
    "test_every_step_of_every_flow_renders_its_task_page_and_case_page",
    "tests/web/work/test_query_counts.py::test_home_and_case_list_read_as_much_for_3_rows_as_for_30",
    "tests/reports/test_documents.py::test_case_documents_render_attach_and_audit",
    "tests/core/test_payments.py::"
    "test_the_payment_migrations_merge_both_programs_tables_and_split_them_back",
    "tests/audit/test_chain.py::"
    "test_any_json_data_still_verifies_after_the_round_trip_through_the_database",
)


def _skips_without_postgres(item: pytest.Item) -> bool:
    return any(
        "PostgreSQL" in str(mark.kwargs.get("reason", "")) for mark in item.iter_markers("skipif")
    )


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark each test for ``-m`` from where it lives and how it skips
    (``browser``, ``fuzz``, ``postgres``, ``slow``), so the files need no
    markers of their own and a new test in those folders is marked too."""
    path = Path(str(item.path))
    for name, folder in MARKED_FOLDERS.items():
        if folder in path.parents:
            item.add_marker(name)
    if _skips_without_postgres(item) and not item.get_closest_marker("postgres"):
        item.add_marker("postgres")
    where = path.relative_to(TESTS.parent).as_posix()
    if any(
        entry in (where, f"{where}::{item.name}") or where.startswith(f"{entry}/") for entry in SLOW
    ):
        item.add_marker("slow")


# the TRUNCATE guards of the audit tables (casework.audit.models)
AUDIT_TRUNCATE_GUARDS = (
    "audit.AuditEvent:audit_no_truncate",
    "audit.ChainHead:audit_head_no_truncate",
)


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_truncate_guards() -> Iterator[None]:
    """After a transactional test Django empties the database with one
    TRUNCATE of every table, which the audit tables refuse on PostgreSQL:
    that flush, and nothing else, ignores their guards."""
    import pgtrigger
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with pgtrigger.ignore(*AUDIT_TRUNCATE_GUARDS):
            original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(scope="session", autouse=True)
def _audit_checkpoints_of_their_own(tmp_path_factory) -> Iterator[None]:
    """The tests, and the app processes they start, hold the audit chains
    against a checkpoint file of their own (none: it is never written),
    never the development server's. A test that writes checkpoints points
    ``AUDIT_CHECKPOINT_PATH`` at its own ``tmp_path``."""
    from django.test import override_settings

    path = tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"
    before = os.environ.get("AUDIT_CHECKPOINT_PATH")
    os.environ["AUDIT_CHECKPOINT_PATH"] = str(path)
    with override_settings(AUDIT_CHECKPOINT_PATH=path):
        yield
    if before is None:
        del os.environ["AUDIT_CHECKPOINT_PATH"]
    else:
        os.environ["AUDIT_CHECKPOINT_PATH"] = before


@pytest.fixture
def org(db) -> dict[str, Any]:
    return seed_org_and_users()


@pytest.fixture
def users(org) -> dict[str, Any]:
    return org["users"]


@pytest.fixture
def web(users):
    """``web("caseworker")`` (a demo username or a user) → a test client
    logged in as them, reading the English pages; ``web(who, "zh-hans")``
    the Chinese ones. One client per user and language."""
    cache: dict[tuple[str, str], Client] = {}

    def make(who: Any, language: str = "en") -> Client:
        user = users[who] if isinstance(who, str) else who
        key = (user.username, language)
        if key not in cache:
            client = Client(headers={"accept-language": language})
            client.force_login(user)
            cache[key] = client
        return cache[key]

    return make


@pytest.fixture
def county(org):
    return org["county"]


@pytest.fixture
def grassroots(org):
    """The grassroots unit of caseworker2 (农投供水) and the other two."""
    return org["grassroots"]


@pytest.fixture
def members(org) -> list[Member]:
    return seed_members([org["county"], *org["grassroots"]], count=12)


@pytest.fixture
def member(members) -> Member:
    """A member at the county federation."""
    return next(m for m in members if m.org_unit.level == 3)


@pytest.fixture
def other_unit_member(members, grassroots) -> Member:
    """A member of a grassroots union that is not caseworker2's."""
    return next(m for m in members if m.org_unit_id == grassroots[1].pk)


@pytest.fixture
def own_unit_member(members, grassroots) -> Member:
    """A member of caseworker2's grassroots union."""
    return next(m for m in members if m.org_unit_id == grassroots[0].pk)


class Api:
    """A logged-in API client for one persona, with JSON helpers."""

    def __init__(self, user: Any) -> None:
        self.user = user
        # the site's default language is Chinese; the API tests read English messages
        self.client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        self.client.force_authenticate(user)

    def get(self, url: str, **params: Any):
        return self.client.get(url, params, format="json")

    def post(self, url: str, data: Any = None, **kwargs: Any):
        return self.client.post(
            url, data if data is not None else {}, format=kwargs.pop("format", "json"), **kwargs
        )

    def patch(self, url: str, data: Any):
        return self.client.patch(url, data, format="json")

    # workflow helpers
    def open_task(self, case_number: str, name: str) -> dict:
        case = self.get(f"/api/cases/{case_number}/").json()
        matches = [t for t in case["open_tasks"] if t["name"] == name]
        assert matches, f"no open {name} task on {case_number}: {case['open_tasks']}"
        return matches[0]

    def complete(self, case_number: str, name: str, action: str, **fields: Any):
        task = self.open_task(case_number, name)
        return self.post(f"/api/tasks/{task['id']}/complete/", {"action": action, **fields})

    def relief_case(self, member: Member, **overrides: Any) -> dict:
        """Submit ``application(member, **overrides)`` as this persona and
        return the created case; anything but a 201 fails with the body."""
        response = self.post("/api/relief/applications/", application(member, **overrides))
        assert response.status_code == 201, (response.status_code, response.json())
        return response.json()


@pytest.fixture
def api(users):
    """``api("caseworker")`` → an Api for that demo user."""
    cache: dict[str, Api] = {}

    def make(username: str) -> Api:
        if username not in cache:
            cache[username] = Api(users[username])
        return cache[username]

    return make


def application(member: Member, **overrides: Any) -> dict[str, Any]:
    """A relief application that verifies as ``deep`` hardship by default:
    (24000 − 6000) / 12 / 3 = 500.00 < 1062."""
    data = {
        "member": member.pk,
        "aid_type": "living",
        "cause": "illness",
        "reason": "长期患病",
        "household_size": 3,
        "household_annual_income": "24000.00",
        "rigid_expenses": "6000.00",
        "requested_amount": "3000.00",
    }
    data.update(overrides)
    return data


def recommendation(**overrides: Any) -> dict[str, Any]:
    data = {
        "visit_date": timezone.localdate().isoformat(),
        "verified_annual_income": "24000.00",
        "verified_rigid_expenses": "6000.00",
        "household_size": 3,
        "recommended_amount": "3000.00",
        "notes": "入户核查属实",
    }
    data.update(overrides)
    return data


def end_public_notice(case_number: str) -> None:
    """Let the notice period run out: move its timer to now and run the
    due-work service, as the scheduler would after the period."""
    from viewflow.workflow.models import Task

    from casework.core.models import Case
    from workflows.due_work import due_work_run

    case = Case.objects.get(case_number=case_number)
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now() - dt.timedelta(seconds=1)
    )
    assert due_work_run().timers_fired == 1


__all__ = ["Api", "application", "recommendation", "end_public_notice", "Decimal"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # the demo users' passwords are hashed on every test; PBKDF2 is slow on purpose
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
