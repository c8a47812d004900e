"""Sealed chain heads and signed checkpoints outside the database: the
nightly job and ``manage.py audit_checkpoint`` append one signed line of
every chain's head to ``AUDIT_CHECKPOINT_PATH``; ``audit_verify`` holds the
chains against the last line that verifies and names a line that does not;
a checkpoint never moves a chain back; existing chains get their sealed
heads from the migration."""

from __future__ import annotations

import importlib
import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pgtrigger
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casework.audit.checkpoint import (
    HASH_CHARS,
    NO_CASE_LABEL,
    _lines_from_the_end,
    audit_checkpoint_write,
    checkpoint_last,
)
from casework.audit.heads import head_seal_ok
from casework.audit.models import AuditEvent, ChainHead
from casework.audit.services import audit_record
from casework.audit.verify import audit_verify
from casework.core.models import Case
from tests.mediation.conftest import referral
from tests.mutual_aid.helpers import claim, enroll

HEAD_GUARDS = ("audit.ChainHead:audit_head_forward_only", "audit.ChainHead:audit_head_no_delete")


@pytest.fixture
def checkpoints(settings, tmp_path) -> Path:
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "var" / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_PATH


@pytest.fixture
def two_cases(api, members, checkpoints) -> list[Case]:
    numbers = [
        api("caseworker").relief_case(members[0])["case_number"],
        api("caseworker").relief_case(members[1])["case_number"],
    ]
    return [Case.objects.get(case_number=n) for n in numbers]


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def note(case: Case | None, text: str) -> None:
    kind = "field_changed" if case is not None else "parameter_changed"
    audit_record(case=case, actor=None, type=kind, data={"note": text})


def roll_back_head(case: Case, seq: int) -> None:
    """Put the case's head back to the sealed head it had at ``seq`` and
    drop the events after it, as someone restoring an old row would."""
    old = AuditEvent.objects.get(case=case, seq=seq).hash
    from casework.audit.heads import head_seal

    with pgtrigger.ignore(*HEAD_GUARDS, "audit.AuditEvent:audit_append_only"):
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM audit_auditevent WHERE case_id = %s AND seq > %s", [case.pk, seq]
            )
            cursor.execute(
                "UPDATE audit_chainhead SET seq = %s, hash = %s, seal = %s WHERE chain = %s",
                [seq, old, head_seal(chain=case.pk, seq=seq, last_hash=old), case.pk],
            )


def verify_output(*args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit_verify", *args, stdout=out)
    except CommandError as failed:
        assert failed.returncode == 1
        return False, out.getvalue()
    return True, out.getvalue()


# --- sealed heads ------------------------------------------------------------------


def test_every_event_moves_its_chains_sealed_head_in_the_same_transaction(two_cases):
    for case in two_cases:
        last = AuditEvent.objects.filter(case=case).order_by("-seq").first()
        head = ChainHead.objects.get(case=case)
        assert (head.chain, head.seq, head.hash) == (case.pk, last.seq, last.hash)
        assert head_seal_ok(chain=case.pk, seq=head.seq, last_hash=head.hash, seal=head.seal)


def test_a_case_of_every_program_verifies_against_its_head_and_a_checkpoint(
    api, members, checkpoints
):
    """A mutual-aid claim's chain begins with its benefit assessment, not
    with its creation: still whole."""
    api("caseworker").relief_case(members[0])
    enroll(members[1])
    claimed = api("caseworker").post("/api/mutual-aid/claims/", claim(members[1]))
    assert claimed.status_code == 201, claimed.json()
    referred = api("coordinator").post("/api/mediation/referrals/", referral())
    assert referred.status_code == 201, referred.json()
    first = AuditEvent.objects.get(case__case_number=claimed.json()["case_number"], seq=1)
    assert first.type == "mutual_aid_benefit_assessed"
    audit_checkpoint_write()
    result = audit_verify()
    assert (result.ok, result.problems) == (True, [])
    assert result.cases_checked == 3 and result.checkpoint_chains == 3


def test_the_chain_outside_any_case_has_a_sealed_head_too(db, checkpoints):
    note(None, "a parameter")
    note(None, "another")
    head = ChainHead.objects.get(chain=0)
    assert (head.case_id, head.seq) == (None, 2)
    assert audit_verify().ok
    checkpoint = audit_checkpoint_write()
    assert checkpoint.heads[NO_CASE_LABEL][0] == 2


def test_the_migration_seals_the_head_of_every_chain_already_written(two_cases):
    note(None, "a parameter")
    before = set(ChainHead.objects.values_list("chain", "case_id", "seq", "hash", "seal"))
    with pgtrigger.ignore(*HEAD_GUARDS), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_chainhead")
    assert not audit_verify().ok
    migration = importlib.import_module("casework.audit.migrations.0004_chain_heads")
    migration.seal_existing_chains(apps, SimpleNamespace(connection=connection))
    after = set(ChainHead.objects.values_list("chain", "case_id", "seq", "hash", "seal"))
    assert after == before and len(after) == 3
    assert audit_verify().ok


# --- checkpoints ---------------------------------------------------------------------


def test_the_nightly_task_writes_a_signed_checkpoint_of_every_chain_head(two_cases, checkpoints):
    from casework.audit.tasks import audit_checkpoint_nightly

    report = audit_checkpoint_nightly()
    assert report["chains"] == 2 and report["path"] == str(checkpoints)
    [line] = lines(checkpoints)  # the folder was made for it
    heads = ChainHead.objects.values_list("case__case_number", "seq", "hash")
    assert line["heads"] == {number: [seq, h[:HASH_CHARS]] for number, seq, h in heads}
    assert set(line) == {"v", "at", "heads", "sig"}
    read = checkpoint_last()
    assert read.problems == [] and read.checkpoint is not None
    assert read.checkpoint.at == line["at"] == report["at"]


def test_the_beat_schedule_writes_a_checkpoint_nightly_after_the_verification():
    from casework.celery import app

    schedule = app.conf.beat_schedule
    checkpoint = schedule["nightly-audit-checkpoint"]
    assert checkpoint["task"] == "casework.audit.tasks.audit_checkpoint_nightly"
    verify = schedule["nightly-audit-verify"]["schedule"]
    assert (checkpoint["schedule"].hour, verify.hour) == ({2}, {2})
    assert min(checkpoint["schedule"].minute) > min(verify.minute)


def test_the_checkpoint_command_appends_one_line_each_run(two_cases, checkpoints):
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    note(two_cases[0], "more")
    call_command("audit_checkpoint", stdout=out)
    assert "2 chains appended to" in out.getvalue()
    first, second = lines(checkpoints)
    number = two_cases[0].case_number
    assert second["heads"][number][0] == first["heads"][number][0] + 1
    ok, output = verify_output()
    assert ok and f"checkpoint of {second['at']}: 2 chains" in output


def test_a_checkpoint_keeps_a_chain_rolled_back_since_the_one_before(two_cases, checkpoints):
    """A checkpoint written after a rollback does not bless it: the verifier
    keeps naming the chain."""
    case = two_cases[0]
    seq = ChainHead.objects.get(case=case).seq
    note(case, "checkpointed")
    audit_checkpoint_write()
    roll_back_head(case, seq)
    audit_checkpoint_write()
    assert lines(checkpoints)[-1]["heads"][case.case_number][0] == seq + 1
    result = audit_verify()
    assert result.first_broken is not None
    assert result.first_broken["case_number"] == case.case_number
    assert "rolled back before the last checkpoint" in result.first_broken["problem"]


def test_a_rollback_before_the_last_checkpoint_is_named(two_cases, checkpoints):
    case = two_cases[1]
    seq = ChainHead.objects.get(case=case).seq
    note(case, "one")
    note(case, "two")
    audit_checkpoint_write()
    roll_back_head(case, seq)
    ok, output = verify_output()
    assert not ok
    assert (
        f"BROKEN {case.case_number} seq {seq + 2}: rolled back before the last checkpoint" in output
    )


def test_a_checkpoint_with_a_bad_signature_is_named_and_the_one_before_is_used(
    two_cases, checkpoints
):
    case = two_cases[0]
    audit_checkpoint_write()
    audit_checkpoint_write()
    *before, last = lines(checkpoints)
    last["heads"][case.case_number][0] += 5  # claims the chain was longer
    checkpoints.write_text("".join(json.dumps(x) + "\n" for x in [*before, last]))
    result = audit_verify()
    assert result.checkpoint_at == before[-1]["at"]
    assert result.problems == [
        f"checkpoint of {last['at']} in {checkpoints}: the signature does not verify"
    ]
    ok, output = verify_output()
    assert not ok and "the signature does not verify" in output


def test_a_line_cut_short_is_named_and_the_next_checkpoint_stands_on_its_own_line(
    two_cases, checkpoints
):
    audit_checkpoint_write()
    with checkpoints.open("a") as file:
        file.write('{"v": 1, "at": "2026-')  # a write cut off by a crash
    assert audit_verify().problems == [f"checkpoint file {checkpoints}: a line is not a checkpoint"]
    audit_checkpoint_write()
    assert audit_verify().ok
    assert len(checkpoints.read_text().splitlines()) == 3


def test_audit_verify_holds_the_chains_against_a_checkpoint_file_given(
    two_cases, checkpoints, tmp_path
):
    """Verifying a restored dump against the checkpoint kept with it: the
    chains are as far as that checkpoint; the newer default one calls them
    rolled back."""
    case = two_cases[0]
    seq = ChainHead.objects.get(case=case).seq
    with_the_dump = tmp_path / "dump-checkpoint.jsonl"
    audit_checkpoint_write(path=with_the_dump)
    note(case, "after the dump")
    audit_checkpoint_write()
    roll_back_head(case, seq)  # the database is the dump again
    assert verify_output()[0] is False
    ok, output = verify_output("--checkpoint", str(with_the_dump))
    assert ok, output
    with pytest.raises(CommandError, match="no checkpoint file at"):
        call_command("audit_verify", "--checkpoint", str(tmp_path / "missing.jsonl"))


def test_no_checkpoint_file_is_no_problem(two_cases, checkpoints):
    ok, output = verify_output()
    assert ok and "no checkpoint to hold the chains against" in output


def test_long_lines_are_read_whole_from_the_end_of_the_file(tmp_path):
    path = tmp_path / "lines"
    path.write_bytes(b"first line\n\nsecond, a longer line\nthird\n")
    assert list(_lines_from_the_end(path, block=4)) == [
        b"third",
        b"second, a longer line",
        b"first line",
    ]
