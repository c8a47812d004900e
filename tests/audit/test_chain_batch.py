"""Events recorded under a case's lock (``chain_lock_held``) are written
when the block ends, in one INSERT linked onto the chain's head: the chain
stays gapless and verifies, an event taken back by a savepoint rollback is
dropped, and the order of recording is the order of the chain."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from casework.audit.models import AuditEvent
from casework.audit.services import audit_record, chain_lock_held
from casework.audit.verify import audit_verify
from casework.core.models import Case
from tests.conftest import application, recommendation

TABLE = '"audit_auditevent"'
HEADS = '"audit_chainhead"'


@pytest.fixture
def case(api, member) -> Case:
    response = api("caseworker").post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()
    return Case.objects.get(case_number=response.json()["case_number"])


def chain(case: Case) -> list[tuple[int, str, str]]:
    return list(
        AuditEvent.objects.filter(case=case)
        .order_by("seq")
        .values_list("seq", "type", "data__note", named=False)
    )


def note(case: Case, text: str) -> AuditEvent:
    return audit_record(case=case, actor=None, type="field_changed", data={"note": text})


def notes(case: Case) -> list[str]:
    return [n for _, kind, n in chain(case) if kind == "field_changed" and n]


def test_a_blocks_events_are_written_when_it_ends_in_one_insert(case):
    before = AuditEvent.objects.filter(case=case).count()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx, chain_lock_held(case.pk):
            first, second = note(case, "one"), note(case, "two")
            assert first.seq is None
            assert len(ctx.captured_queries) == 0  # nothing written yet
        assert AuditEvent.objects.filter(case=case).count() == before + 2
    audit_statements = [
        q["sql"] for q in ctx.captured_queries if TABLE in q["sql"] or HEADS in q["sql"]
    ]
    # the sealed head read once, one INSERT of the events, the head moved on
    assert len(audit_statements) == 3
    assert audit_statements[0].startswith("SELECT") and HEADS in audit_statements[0]
    assert audit_statements[1].startswith(f"INSERT INTO {TABLE}")
    assert audit_statements[2].startswith(f"INSERT INTO {HEADS}")
    assert (first.seq, second.seq) == (before + 1, before + 2)
    assert second.prev_hash == first.hash
    assert [e.pk for e in AuditEvent.objects.filter(case=case).order_by("-seq")[:2]] == [
        second.pk,
        first.pk,
    ]
    assert audit_verify([case.pk]).ok


def test_an_event_in_a_rolled_back_savepoint_is_dropped_and_the_chain_has_no_gap(case):
    with transaction.atomic(), chain_lock_held(case.pk):
        note(case, "kept before")
        try:
            with transaction.atomic():
                note(case, "rolled back")
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        with transaction.atomic():  # released, not rolled back: kept
            note(case, "kept inside")
        note(case, "kept after")
    assert notes(case) == ["kept before", "kept inside", "kept after"]
    seqs = [seq for seq, _, _ in chain(case)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_verify([case.pk]).ok


def test_events_stay_when_the_exception_is_caught_inside_the_transaction(case):
    with transaction.atomic():
        with pytest.raises(RuntimeError), chain_lock_held(case.pk):
            note(case, "before the error")
            raise RuntimeError("caught below")
        note(case, "after the error")  # written at once, onto the one above
    assert notes(case) == ["before the error", "after the error"]
    assert audit_verify([case.pk]).ok


def test_events_go_with_a_rolled_back_transaction(case):
    count = AuditEvent.objects.filter(case=case).count()
    with pytest.raises(RuntimeError), transaction.atomic(), chain_lock_held(case.pk):
        note(case, "never")
        raise RuntimeError("roll back")
    assert AuditEvent.objects.filter(case=case).count() == count


def test_a_nested_block_leaves_the_writing_to_the_outer_one_in_order(case, users):
    with transaction.atomic(), chain_lock_held(case.pk):
        note(case, "outer first")
        with chain_lock_held(case.pk):
            note(case, "inner")
        assert notes(case) == []
        note(case, "outer last")
    assert notes(case) == ["outer first", "inner", "outer last"]
    assert audit_verify([case.pk]).ok


def test_events_of_another_case_in_the_block_are_written_at_once(case, api, members):
    other = Case.objects.get(
        case_number=api("caseworker")
        .post("/api/relief/applications/", application(members[1]))
        .json()["case_number"]
    )
    with transaction.atomic(), chain_lock_held(case.pk):
        event = note(other, "at once")
        assert event.seq is not None
        assert notes(other) == ["at once"]
    assert audit_verify([case.pk, other.pk]).ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_each_event_is_written_at_once(case):
    with chain_lock_held(case.pk):
        event = note(case, "autocommit")
        assert event.seq == AuditEvent.objects.filter(case=case).count()
    assert audit_verify([case.pk]).ok


def test_an_engine_step_reads_no_chain_head_and_writes_its_events_in_one_insert(api, case):
    """The head comes with the task read under the flow lock."""
    cw = api("caseworker")
    task = cw.open_task(case.case_number, "verify")
    before = AuditEvent.objects.filter(case=case).count()
    with CaptureQueriesContext(connection) as ctx:
        response = cw.post(
            f"/api/tasks/{task['id']}/complete/", {"action": "recommend", **recommendation()}
        )
    assert response.status_code == 200, response.json()
    own_statements = [  # reads of the chain or its head on their own, and writes
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith(
            (f"INSERT INTO {TABLE}", f"SELECT {TABLE}", f"INSERT INTO {HEADS}", f"SELECT {HEADS}")
        )
    ]
    # the step: its events in one INSERT, then the sealed head moved on
    assert own_statements[0].startswith(f"INSERT INTO {TABLE}")
    assert own_statements[1].startswith(f"INSERT INTO {HEADS}")
    # after the step, the response records on its own that it showed the case
    assert all("'viewed'" in sql for sql in own_statements[2:] if TABLE in sql)
    types = [t for _, t, _ in chain(case)][before:]
    # claimed implicitly, the home visit, completed, the notice task, the status
    assert [t for t in types if t != "viewed"] == [
        "task_claimed",
        "field_changed",
        "task_completed",
        "task_created",
        "status_changed",
    ]
    assert audit_verify([case.pk]).ok
