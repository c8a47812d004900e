"""Backup and restore on PostgreSQL, as the README describes it: ``pg_dump
-Fc`` of a database with cases in several states, ``pg_restore`` into a new
database, and the app pointed at the copy: ``manage.py audit_verify``
passes, no case is half there, and a restored case takes its next step."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from casework.audit.checkpoint import audit_checkpoint_write
from casework.audit.services import audit_record
from casework.core.models import Case
from tests.conftest import application, end_public_notice, recommendation
from tests.faults.servers import ROOT, copy_database, database_url, libpq_args, manage_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def restored_name() -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:6]}"
    try:
        yield name
    finally:
        admin = database_url(connection.settings_dict, "postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=manage_env(url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def cases_in_several_states(api, members) -> dict[str, str]:
    def submit(member) -> str:
        response = api("caseworker").post("/api/relief/applications/", application(member))
        assert response.status_code == 201, response.json()
        return response.json()["case_number"]

    def approve(number: str) -> None:
        api("caseworker").complete(number, "verify", "recommend", **recommendation())
        end_public_notice(number)
        done = api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
        assert done.json()["case"]["status"] == "approved"

    made = {"submitted": submit(members[0])}
    claimed = submit(members[1])
    task = api("caseworker").open_task(claimed, "verify")
    api("caseworker").post(f"/api/tasks/{task['id']}/claim/")
    made["verifying"] = claimed
    notice = submit(members[2])
    api("caseworker").complete(notice, "verify", "recommend", **recommendation())
    made["public_notice"] = notice
    made["approved"] = submit(members[3])
    approve(made["approved"])
    made["closed"] = submit(members[4])
    approve(made["closed"])
    api("finance").complete(made["closed"], "disburse", "pay", **pay())
    withdrawn = submit(members[5])
    api("caseworker").post(f"/api/cases/{withdrawn}/withdraw/", {"reason": "申请人撤回"})
    made["withdrawn"] = withdrawn
    for state, number in made.items():
        assert Case.objects.get(case_number=number).case_status == state, state
    return made


def pay() -> dict[str, str]:
    return {
        "amount": "3000.00",
        "method": "bank_transfer",
        "reference": "BANK-RESTORED-1",
        "paid_on": timezone.localdate().isoformat(),
    }


def test_a_restored_backup_verifies_and_its_cases_continue(api, members, restored_name, tmp_path):
    made = cases_in_several_states(api, members)
    # the checkpoint file lives outside the database: copied with the dump
    with_the_dump = tmp_path / "casework-checkpoints.jsonl"
    audit_checkpoint_write(path=with_the_dump)
    source = connection.settings_dict
    copy_database(
        libpq_args(source), source["NAME"], libpq_args(source), restored_name,
        tmp_path / "casework.dump",
    )  # fmt: skip
    url = database_url(source, restored_name)

    verified = run(url, "manage.py", "audit_verify", "--checkpoint", str(with_the_dump))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "audit chain OK" in verified.stdout
    assert "checkpoint of " in verified.stdout and f": {len(made)} chains" in verified.stdout

    # the original moved on after the dump and was checkpointed again: held
    # against that checkpoint, the copy is a rollback, named case by case
    newer = tmp_path / "newer-checkpoints.jsonl"
    audit_record(case=Case.objects.get(case_number=made["closed"]), actor=None, type="viewed")
    audit_checkpoint_write(path=newer)
    rolled_back = run(url, "manage.py", "audit_verify", "--checkpoint", str(newer))
    assert rolled_back.returncode == 1
    assert f"BROKEN {made['closed']} seq " in rolled_back.stdout
    assert "rolled back before the last checkpoint" in rolled_back.stdout

    whole = json.loads(run(url, "-m", "tests.faults.case_integrity").stdout)
    assert whole["cases"] == len(made)
    assert whole["without_detail"] == whole["without_first_event"] == whole["without_task"] == []

    # the approved case is paid on the copy, the submitted one verified
    paid = run(
        url, "-m", "tests.backup.continue_case",
        made["approved"], "disburse", "finance", "pay", json.dumps(pay()),
    )  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    assert json.loads(paid.stdout) == {"status": "closed", "open_tasks": []}
    checked = run(
        url, "-m", "tests.backup.continue_case",
        made["submitted"], "verify", "caseworker", "recommend", json.dumps(recommendation()),
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["status"] == "public_notice"

    again = run(url, "manage.py", "audit_verify", "--checkpoint", str(with_the_dump))
    assert again.returncode == 0 and "audit chain OK" in again.stdout, again.stdout
    # the copy is a database of its own: the original did not move
    assert Case.objects.get(case_number=made["approved"]).case_status == "approved"
