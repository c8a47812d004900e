"""Tampering with the audit trail on PostgreSQL, as someone holding the
database (but not ``AUDIT_CHAIN_KEY``) could: with the triggers on, TRUNCATE
and moving a sealed head back are refused; with them switched off
(``ALTER TABLE … DISABLE TRIGGER ALL``, as a superuser would) every kind of
damage — a row edited, a row deleted in the middle, the tail deleted, a
whole chain deleted, the table emptied, a chain rolled back to an older
sealed head before the last checkpoint — makes ``audit_verify`` fail with
exit status 1 and name the case."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from casework.audit.checkpoint import audit_checkpoint_write
from casework.audit.models import AuditEvent, ChainHead
from casework.audit.services import audit_record
from casework.core.models import Case
from tests.audit.helpers import drive_to_closed
from tests.faults.servers import ROOT, database_url, manage_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the audit triggers exist on PostgreSQL only"
    ),
]
TABLES = ("audit_auditevent", "audit_chainhead")


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_PATH


@pytest.fixture
def cases(api, members, checkpoints) -> list[Case]:
    """A closed relief case and two just submitted, all through the API."""
    numbers = [
        drive_to_closed(api, members[0]),
        api("caseworker").relief_case(members[1])["case_number"],
        api("caseworker").relief_case(members[2])["case_number"],
    ]
    return [Case.objects.get(case_number=n) for n in numbers]


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


@contextmanager
def triggers_off(*tables: str) -> Iterator[None]:
    """As a superuser could: every trigger of the tables off (the
    append-only and TRUNCATE guards, the foreign keys' too)."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check of the test's writes pending
    for table in tables or TABLES:
        sql(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    try:
        yield
    finally:
        for table in tables or TABLES:
            sql(f"ALTER TABLE {table} ENABLE TRIGGER ALL")


def verify_fails() -> str:
    """``manage.py audit_verify`` fails with exit status 1; its output."""
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("audit_verify", stdout=out)
    assert failed.value.returncode == 1  # what manage.py exits with
    return out.getvalue()


def broken_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("BROKEN ")]


def head(case: Case) -> tuple[int, str, str]:
    return ChainHead.objects.values_list("seq", "hash", "seal").get(case=case)


def last_seq(case: Case) -> int:
    return AuditEvent.objects.filter(case=case).order_by("-seq").values_list("seq", flat=True)[0]


def note(case: Case, text: str) -> None:
    audit_record(case=case, actor=None, type="field_changed", data={"note": text})


# --- with the triggers on -----------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_truncate_of_the_audit_trail_is_refused_with_the_triggers_on(cases, table):
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses for another reason
    with pytest.raises(DatabaseError, match="cannot be truncated"), transaction.atomic():
        sql(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.filter(case=cases[0]).exists()
    assert ChainHead.objects.filter(case=cases[0]).exists()
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "audit chain OK" in out.getvalue()


def test_a_sealed_head_cannot_be_deleted_or_moved_back_with_the_triggers_on(cases):
    first = cases[0]
    seq, _, _ = head(first)
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        sql("DELETE FROM audit_chainhead WHERE chain = %s", [first.pk])
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        sql("UPDATE audit_chainhead SET seq = seq - 1 WHERE chain = %s", [first.pk])
    assert head(first)[0] == seq


def test_a_clean_database_verifies_ok_with_counts(cases, checkpoints):
    audit_checkpoint_write()
    out = StringIO()
    call_command("audit_verify", stdout=out)  # no exception: exit status 0
    output = out.getvalue()
    assert f"cases checked: 3, events checked: {AuditEvent.objects.count()}" in output
    assert "checkpoint of " in output and ": 3 chains" in output
    assert "audit chain OK" in output


# --- with the triggers off: each kind of damage is named --------------------------


def test_an_edited_row_is_named(cases):
    closed = cases[0]
    with triggers_off():
        sql(
            "UPDATE audit_auditevent SET data = %s::jsonb WHERE case_id = %s AND seq = 4",
            [json.dumps({"approved_amount": "30000.00"}), closed.pk],
        )
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {closed.case_number} seq 4: row edited: content does not match its hash"
    ]


def test_a_row_deleted_in_the_middle_is_named(cases):
    closed = cases[0]
    with triggers_off():
        assert sql("DELETE FROM audit_auditevent WHERE case_id = %s AND seq = 5", [closed.pk]) == 1
    lines = broken_lines(verify_fails())
    assert len(lines) == 1
    assert lines[0].startswith(f"BROKEN {closed.case_number} seq 6: row deleted in the middle")


def test_a_deleted_tail_is_named(cases):
    closed = cases[0]
    top = last_seq(closed)
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s AND seq > %s", [closed.pk, top - 3])
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {closed.case_number} seq {top - 2}: tail deleted: the chain ends at seq "
        f"{top - 3}, its sealed head is at seq {top}"
    ]


def test_a_deleted_tail_stays_named_after_the_app_writes_again(cases):
    """New events link onto the sealed head, not onto what is left: the
    hole stays a hole."""
    closed = cases[0]
    top = last_seq(closed)
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s AND seq > %s", [closed.pk, top - 2])
    note(closed, "written after the tail was cut")
    assert last_seq(closed) == top + 1
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {closed.case_number} seq {top + 1}: row deleted in the middle: "
        f"seq {top + 1} where {top - 1} was expected"
    ]


def test_a_deleted_chain_is_named(cases):
    submitted = cases[1]
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s", [submitted.pk])
    lines = broken_lines(verify_fails())
    seq = head(submitted)[0]
    assert lines == [
        f"BROKEN {submitted.case_number} seq 1: chain deleted: no events, "
        f"the sealed head is at seq {seq}"
    ]


def test_a_deleted_chain_with_its_head_is_named(cases):
    submitted = cases[2]
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s", [submitted.pk])
        sql("DELETE FROM audit_chainhead WHERE chain = %s", [submitted.pk])
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {submitted.case_number} seq 1: chain deleted: no events and no sealed head"
    ]


def test_a_chain_deleted_with_its_head_and_begun_anew_by_the_app_is_named(cases):
    """The app's next event starts a new chain at seq 1 with a fresh head:
    every link verifies, but the chain has no record of the case's creation."""
    closed = cases[0]
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s", [closed.pk])
        sql("DELETE FROM audit_chainhead WHERE chain = %s", [closed.pk])
    note(closed, "after the chain was deleted")
    assert last_seq(closed) == 1
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {closed.case_number} seq 1: chain replaced: it holds no record of the "
        "case's creation"
    ]


def test_a_forged_shorter_head_is_named(cases):
    """Without the key a shorter head cannot be sealed."""
    closed = cases[0]
    top = last_seq(closed)
    older = AuditEvent.objects.get(case=closed, seq=top - 1).hash
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s AND seq = %s", [closed.pk, top])
        sql(
            "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE chain = %s",
            [top - 1, older, closed.pk],
        )
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {closed.case_number} seq {top - 1}: head forged: its seal does not verify"
    ]


@pytest.mark.parametrize("tables", [("audit_auditevent",), TABLES])
def test_an_emptied_table_is_named_for_every_case(cases, tables):
    with triggers_off():
        sql(f"TRUNCATE {', '.join(tables)}")
    output = verify_fails()
    lines = broken_lines(output)
    for case in cases:
        assert any(
            line.startswith(f"BROKEN {case.case_number} seq 1: chain deleted") for line in lines
        )
    assert lines[-1] == "BROKEN table emptied: not one of the 3 cases has an audit event"
    assert "cases checked: 3, events checked: 0" in output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manage_py_audit_verify_exits_1_naming_the_cases_of_an_emptied_table(
    api, members, checkpoints
):
    numbers = [
        api("caseworker").relief_case(members[0])["case_number"],
        api("caseworker").relief_case(members[1])["case_number"],
    ]
    with triggers_off():
        sql("TRUNCATE audit_auditevent")
    url = database_url(connection.settings_dict)
    verified = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        cwd=ROOT,
        env=manage_env(url, AUDIT_CHECKPOINT_PATH=str(checkpoints)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 1, verified.stdout + verified.stderr
    for number in numbers:
        assert f"BROKEN {number} seq 1: chain deleted" in verified.stdout
    assert "table emptied" in verified.stdout


def test_a_chain_rolled_back_to_an_older_sealed_head_before_the_last_checkpoint_is_named(
    cases, checkpoints
):
    closed = cases[0]
    old_seq, old_hash, old_seal = head(closed)  # a genuinely sealed head
    note(closed, "one")
    note(closed, "two")
    audit_checkpoint_write()  # the checkpoint saw the chain at old_seq + 2
    note(closed, "after the checkpoint")
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s AND seq > %s", [closed.pk, old_seq])
        sql(
            "UPDATE audit_chainhead SET seq = %s, hash = %s, seal = %s WHERE chain = %s",
            [old_seq, old_hash, old_seal, closed.pk],
        )
    lines = broken_lines(verify_fails())
    assert len(lines) == 1
    assert lines[0].startswith(
        f"BROKEN {closed.case_number} seq {old_seq + 2}: rolled back before the last checkpoint: "
        f"the head is at seq {old_seq}"
    )


def test_a_chain_rolled_back_and_grown_again_past_the_checkpoint_is_named(cases, checkpoints):
    """The rolled-back chain grows past the checkpointed seq with other
    events: the event at that seq is not the one checkpointed."""
    closed = cases[0]
    old_seq, old_hash, old_seal = head(closed)
    note(closed, "the approval that is later denied")
    audit_checkpoint_write()
    with triggers_off():
        sql("DELETE FROM audit_auditevent WHERE case_id = %s AND seq > %s", [closed.pk, old_seq])
        sql(
            "UPDATE audit_chainhead SET seq = %s, hash = %s, seal = %s WHERE chain = %s",
            [old_seq, old_hash, old_seal, closed.pk],
        )
    note(closed, "another story")
    note(closed, "and more")
    lines = broken_lines(verify_fails())
    assert lines == [
        f"BROKEN {closed.case_number} seq {old_seq + 1}: rolled back before the last "
        f"checkpoint: seq {old_seq + 1} is not the event checkpointed on "
        f"{json.loads(checkpoints.read_text())['at']}"
    ]


def test_a_case_deleted_with_its_chain_is_named_from_the_checkpoint(cases, checkpoints):
    submitted = cases[2]
    audit_checkpoint_write()
    with triggers_off(*TABLES, "core_case"):
        sql("DELETE FROM audit_auditevent WHERE case_id = %s", [submitted.pk])
        sql("DELETE FROM audit_chainhead WHERE chain = %s", [submitted.pk])
        sql("DELETE FROM core_case WHERE process_ptr_id = %s", [submitted.pk])
    lines = broken_lines(verify_fails())
    assert len(lines) == 1
    assert lines[0].startswith(
        f"BROKEN {submitted.case_number} seq {head_seq_in(checkpoints, submitted)}: "
        "case gone from the database"
    )


def head_seq_in(path, case: Case) -> int:
    return json.loads(path.read_text().splitlines()[-1])["heads"][case.case_number][0]
