"""Events recorded while a case's chain is open (``case_chain``, which the
engine opens under its flow lock) are linked at once and written when the
block ends, in one INSERT onto the chain's head: the chain stays gapless
and verifies, a block that fails writes nothing, and the order of
recording is the order of the chain."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from casework.audit.models import AuditEvent
from casework.audit.services import audit_record, case_chain
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


def test_a_blocks_events_are_linked_at_once_and_written_when_it_ends_in_one_insert(case):
    before = AuditEvent.objects.filter(case=case).count()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx, case_chain(case):
            first, second = note(case, "one"), note(case, "two")
            assert (first.seq, second.seq) == (before + 1, before + 2)
            assert second.prev_hash == first.hash
            assert len(ctx.captured_queries) == 1  # the head, read once; nothing written
        assert AuditEvent.objects.filter(case=case).count() == before + 2
    audit_statements = [
        q["sql"] for q in ctx.captured_queries if TABLE in q["sql"] or HEADS in q["sql"]
    ]
    # the sealed head read once, one INSERT of the events, the head moved on
    # (on PostgreSQL in the same statement: the head's upsert in its CTE)
    assert audit_statements[0].startswith("SELECT") and HEADS in audit_statements[0]
    assert audit_statements[1:] == written_statements(audit_statements[1:])
    assert [e.pk for e in AuditEvent.objects.filter(case=case).order_by("-seq")[:2]] == [
        second.pk,
        first.pk,
    ]
    assert audit_verify([case.pk]).ok


def written_statements(statements: list[str]) -> list[str]:
    """``statements`` when they are one write of events and their chain's
    head: one statement on PostgreSQL, an INSERT of each elsewhere."""
    if connection.vendor == "postgresql":
        assert len(statements) == 1
        # (after the writes that ride with it: the report's figures)
        assert f"ev AS (INSERT INTO {TABLE}" in statements[0]
        assert f"head AS (INSERT INTO {HEADS}" in statements[0]
    else:
        assert len(statements) == 2
        assert statements[0].startswith(f"INSERT INTO {TABLE}")
        assert statements[1].startswith(f"INSERT INTO {HEADS}")
    return statements


def test_a_block_that_raises_writes_none_of_its_events(case):
    count = AuditEvent.objects.filter(case=case).count()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic(), case_chain(case):
            note(case, "never")
            raise RuntimeError("the step fails")
        note(case, "after the failed block")  # written at once, onto the head as it was
    assert AuditEvent.objects.filter(case=case).count() == count + 1
    assert notes(case) == ["after the failed block"]
    assert audit_verify([case.pk]).ok


def test_after_the_block_the_cases_events_are_written_at_once_onto_it(case):
    with transaction.atomic():
        with case_chain(case):
            note(case, "in the block")
        event = note(case, "after the block")
        assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert notes(case) == ["in the block", "after the block"]
    assert audit_verify([case.pk]).ok


def test_events_of_another_case_in_the_block_are_written_at_once(case, api, members):
    other = Case.objects.get(
        case_number=api("caseworker")
        .post("/api/relief/applications/", application(members[1]))
        .json()["case_number"]
    )
    with transaction.atomic(), case_chain(case):
        event = note(other, "at once")
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        assert notes(other) == ["at once"]
    assert audit_verify([case.pk, other.pk]).ok


def test_another_object_of_the_same_case_in_the_block_fails_it_and_the_chain_stays_whole(case):
    count = AuditEvent.objects.filter(case=case).count()
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(), case_chain(case):
            note(case, "kept by the block")
            note(Case.objects.get(pk=case.pk), "written at once")  # takes the same seq
    assert AuditEvent.objects.filter(case=case).count() == count
    assert audit_verify([case.pk]).ok


def test_an_engine_step_reads_no_chain_head_and_writes_its_events_in_one_insert(api, case):
    """The head comes with the task read under the flow lock; the API's
    response is rendered under it, its ``viewed`` record written with the
    step's events."""
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
            (
                f"INSERT INTO {TABLE}",
                f"SELECT {TABLE}",
                f"INSERT INTO {HEADS}",
                f"SELECT {HEADS}",
            )
        )
        or (q["sql"].startswith("WITH ") and f"ev AS (INSERT INTO {TABLE}" in q["sql"])
    ]
    # the step and its response: their events in one INSERT, the sealed head
    # moved on (the same statement on PostgreSQL)
    written_statements(own_statements)
    types = [t for _, t, _ in chain(case)][before:]
    # claimed implicitly, the home visit, completed, the notice task, the
    # status; the response showed the case
    assert types == [
        "task_claimed",
        "field_changed",
        "task_completed",
        "task_created",
        "status_changed",
        "viewed",
    ]
    assert audit_verify([case.pk]).ok
