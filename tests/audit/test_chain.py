"""The per-case audit hash chain: what the API leaves behind verifies; an
edit, delete, reorder or insert behind the model's back is named by the
verifier (function, management command and API); the model and, on
PostgreSQL, a trigger refuse updates and deletes."""

from __future__ import annotations

import hashlib
import json
import threading
from io import StringIO
from typing import Any

import pgtrigger
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.audit import registry
from casework.audit.chain import GENESIS, canonical, link_hash
from casework.audit.heads import head_seal
from casework.audit.models import AppendOnlyError, AuditEvent
from casework.audit.services import audit_record
from casework.audit.verify import audit_verify
from casework.core.models import Case
from tests.audit.helpers import drive_to_closed

# Real commits. serialized_rollback: the flush afterwards must not re-create
# content types behind the back of later serialized_rollback tests
# (tests/races), and the data-migration rows come back for them.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TRIGGER = "audit.AuditEvent:audit_append_only"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


# --- driving cases through the API -------------------------------------------


@pytest.fixture
def closed_case(api, member) -> Case:
    return Case.objects.get(case_number=drive_to_closed(api, member))


@pytest.fixture
def two_cases(api, members, closed_case) -> tuple[Case, Case]:
    """The closed case and a second, just submitted, whose chain comes later
    in the verifier's walk."""
    other = next(m for m in members if m.pk != closed_case.member_id)
    second = Case.objects.get(case_number=api("caseworker").relief_case(other)["case_number"])
    assert second.pk > closed_case.pk
    return closed_case, second


def events_of(case: Case) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(case=case).order_by("seq"))


def verify_command() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


# --- tampering behind the model's back -----------------------------------------


def raw(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
    """Run SQL straight at the table; on PostgreSQL with the append-only
    trigger switched off for this statement, as a superuser could."""
    with pgtrigger.ignore(TRIGGER), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def json_param() -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


def set_seq(case: Case, old: int, new: int) -> None:
    assert (
        raw(
            "UPDATE audit_auditevent SET seq = %s WHERE case_id = %s AND seq = %s",
            [new, case.pk, old],
        )
        == 1
    )


def insert_event(
    case: Case, *, seq: int, at: str, actor: str, type: str, data: Any, prev_hash: str, hash: str
) -> None:
    raw(
        "INSERT INTO audit_auditevent "
        "(case_id, seq, at, actor_id, actor_name, type, data, prev_hash, hash) "
        f"VALUES (%s, %s, %s, NULL, %s, %s, {json_param()}, %s, %s)",
        [case.pk, seq, at, actor, type, json.dumps(data), prev_hash, hash],
    )


def assert_broken(case: Case, seq: int, problem: str) -> None:
    """The verifier and the command both name ``case`` and ``seq`` first."""
    result = audit_verify()
    assert result.ok is False
    assert result.first_broken is not None
    assert result.first_broken["case_number"] == case.case_number
    assert result.first_broken["seq"] == seq
    assert problem in result.first_broken["problem"]
    assert result.problems[0].startswith(f"{case.case_number} seq {seq}: ")
    with pytest.raises(CommandError, match=rf"{case.case_number} seq {seq}$"):
        verify_command()


# --- an intact chain ------------------------------------------------------------


def test_a_relief_case_through_the_api_leaves_a_gap_free_linked_chain(closed_case):
    events = events_of(closed_case)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert len(events) >= 10
    assert events[0].type == "case_created"
    assert events[0].prev_hash == GENESIS
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
    for event in events:
        assert event.hash == link_hash(
            event.prev_hash,
            case_id=closed_case.pk,
            seq=event.seq,
            at=event.at.isoformat(),
            actor=event.actor_name,
            type=event.type,
            data=event.data,
        )
    types = {e.type for e in events}
    assert {"case_created", "task_claimed", "task_completed", "payment_made"} <= types


def test_the_verifier_passes_an_untouched_chain(two_cases):
    result = audit_verify()
    assert result.ok is True
    assert result.first_broken is None
    assert result.problems == []
    assert result.cases_checked == 2
    assert result.events_checked == AuditEvent.objects.count()


def test_the_verifier_can_be_limited_to_some_cases(two_cases):
    first, second = two_cases
    result = audit_verify(case_ids=[second.pk])
    assert (result.ok, result.cases_checked) == (True, 1)
    assert result.events_checked == len(events_of(second))


def test_audit_verify_command_reports_ok_for_an_untouched_chain(two_cases):
    out = verify_command()
    assert "audit chain OK" in out
    assert f"cases checked: 2, events checked: {AuditEvent.objects.count()}" in out


def test_auditor_gets_ok_from_the_verify_endpoint(api, two_cases):
    response = api("auditor").get("/api/audit/verify/")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "cases_checked": 2,
        "events_checked": AuditEvent.objects.count(),
        "first_broken": None,
    }


def test_caseworker_may_not_run_the_verifier(api, closed_case):
    assert api("caseworker").get("/api/audit/verify/").status_code == 403


def test_parameter_changes_form_their_own_verified_chain(api, closed_case):
    admin = api("admin")
    for value in (10, 7):
        url = "/api/parameters/relief.public_notice_days/"
        assert admin.patch(url, {"value": value}).status_code == 200
    outside = list(AuditEvent.objects.filter(case=None).order_by("seq"))
    expected = [(1, "parameter_changed"), (2, "parameter_changed")]
    assert [(e.seq, e.type) for e in outside] == expected
    assert outside[0].prev_hash == GENESIS and outside[1].prev_hash == outside[0].hash
    assert outside[1].data["to"] == "7"
    result = audit_verify()
    assert (result.ok, result.cases_checked) == (True, 2)


# --- tampering is named -----------------------------------------------------------


def test_raw_update_of_one_events_data_is_named_by_case_and_seq(api, two_cases):
    first, second = two_cases
    target = events_of(first)[4]
    tampered = {**target.data, "forged": True}
    assert (
        raw(
            f"UPDATE audit_auditevent SET data = {json_param()} WHERE id = %s",
            [json.dumps(tampered), target.pk],
        )
        == 1
    )
    assert_broken(first, target.seq, "content does not match its hash")
    body = api("auditor").get("/api/audit/verify/").json()
    assert body["ok"] is False
    assert body["first_broken"]["case_number"] == first.case_number
    assert body["first_broken"]["seq"] == target.seq


def test_raw_update_of_the_actor_is_named(two_cases):
    first, _ = two_cases
    target = events_of(first)[2]
    raw("UPDATE audit_auditevent SET actor_name = 'supervisor2' WHERE id = %s", [target.pk])
    assert_broken(first, target.seq, "content does not match its hash")


def test_tampering_in_the_later_case_names_the_later_case(two_cases):
    first, second = two_cases
    target = events_of(second)[-1]
    raw(
        f"UPDATE audit_auditevent SET data = {json_param()} WHERE id = %s",
        [json.dumps({"amount": "99999.00"}), target.pk],
    )
    assert_broken(second, target.seq, "content does not match its hash")
    result = audit_verify()
    assert len(result.problems) == 1  # the first case is still intact


def test_deleting_a_middle_event_is_named_at_the_event_after_the_gap(two_cases):
    first, _ = two_cases
    events = events_of(first)
    middle = events[len(events) // 2]
    assert raw("DELETE FROM audit_auditevent WHERE id = %s", [middle.pk]) == 1
    assert_broken(first, middle.seq + 1, f"seq {middle.seq + 1} where {middle.seq} was expected")


def test_deleting_the_first_event_is_named(two_cases):
    _, second = two_cases
    raw("DELETE FROM audit_auditevent WHERE case_id = %s AND seq = 1", [second.pk])
    assert_broken(second, 2, "seq 2 where 1 was expected")


def test_swapping_two_events_seq_is_named_at_the_first_of_them(two_cases):
    first, _ = two_cases
    set_seq(first, 3, 1_000_000)
    set_seq(first, 4, 3)
    set_seq(first, 1_000_000, 4)
    seqs = [e.seq for e in events_of(first)]
    assert seqs == list(range(1, len(seqs) + 1))  # no gap: only the links show it
    assert_broken(first, 3, "prev_hash does not match the previous link")


def test_an_inserted_event_with_a_hash_that_only_looks_recomputed_is_named(two_cases):
    first, _ = two_cases
    last = events_of(first)[-1]
    at = timezone.now()
    data = {"amount": "3000.00", "reference": "BANK-2"}
    # a forger who does not know the canonical form: sha256 over prev + data
    looks_right = hashlib.sha256((last.hash + json.dumps(data)).encode()).hexdigest()
    insert_event(
        first,
        seq=last.seq + 1,
        at=at.isoformat(),
        actor="finance",
        type="payment_made",
        data=data,
        prev_hash=last.hash,
        hash=looks_right,
    )
    assert len(events_of(first)) == last.seq + 1
    assert_broken(first, last.seq + 1, "content does not match its hash")


def test_an_event_slipped_into_the_middle_is_named_at_the_link_after_it(two_cases):
    """Even with a correctly computed hash for the forged event itself, the
    original event that follows it still points at the old predecessor."""
    first, _ = two_cases
    events = events_of(first)
    after = events[3]  # the forgery goes between seq 4 and seq 5
    for event in reversed(events[4:]):
        set_seq(first, event.seq, event.seq + 1)
    at = timezone.now()
    data = {"action": "approve", "approved_amount": "30000.00"}
    forged_seq = after.seq + 1
    insert_event(
        first,
        seq=forged_seq,
        at=at.isoformat(),
        actor="supervisor",
        type="task_completed",
        data=data,
        prev_hash=after.hash,
        hash=link_hash(
            after.hash,
            case_id=first.pk,
            seq=forged_seq,
            at=at.isoformat(),
            actor="supervisor",
            type="task_completed",
            data=data,
        ),
    )
    seqs = [e.seq for e in events_of(first)]
    assert seqs == list(range(1, len(events) + 2))
    assert_broken(first, forged_seq + 1, "prev_hash does not match the previous link")


def test_auditor_endpoint_names_a_deleted_event(api, two_cases):
    first, _ = two_cases
    raw("DELETE FROM audit_auditevent WHERE case_id = %s AND seq = 2", [first.pk])
    body = api("auditor").get("/api/audit/verify/").json()
    assert body["ok"] is False
    assert body["first_broken"]["case_number"] == first.case_number
    assert body["first_broken"]["seq"] == 3


def test_a_broken_parameter_chain_is_named_without_a_case_number(api, closed_case):
    admin = api("admin")
    url = "/api/parameters/relief.public_notice_days/"
    assert admin.patch(url, {"value": 9}).status_code == 200
    raw(
        f"UPDATE audit_auditevent SET data = {json_param()} WHERE case_id IS NULL AND seq = 1",
        [json.dumps({"key": "relief.public_notice_days", "from": "5", "to": "1"})],
    )
    result = audit_verify()
    assert result.ok is False
    assert result.first_broken is not None
    assert (result.first_broken["case_number"], result.first_broken["seq"]) == (None, 1)
    assert result.problems[0].startswith("(no case) seq 1")
    with pytest.raises(CommandError, match="broken at None seq 1"):
        verify_command()


def test_the_nightly_task_reports_the_break(two_cases):
    from casework.audit.tasks import audit_verify_nightly

    first, _ = two_cases
    raw("DELETE FROM audit_auditevent WHERE case_id = %s AND seq = 5", [first.pk])
    report = audit_verify_nightly()
    assert report["ok"] is False
    assert report["first_broken"]["case_number"] == first.case_number
    assert report["first_broken"]["seq"] == 6


# --- the model guard ----------------------------------------------------------


def test_saving_an_existing_event_raises_and_changes_nothing(closed_case):
    event = events_of(closed_case)[0]
    original = event.data
    event.data = {"forged": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    event.refresh_from_db()
    assert event.data == original
    assert audit_verify().ok


def test_deleting_an_event_raises_and_removes_nothing(closed_case):
    count = AuditEvent.objects.count()
    with pytest.raises(AppendOnlyError):
        events_of(closed_case)[0].delete()
    assert AuditEvent.objects.count() == count


def test_bulk_update_and_delete_through_the_queryset_raise(closed_case):
    events = AuditEvent.objects.filter(case=closed_case)
    count = events.count()
    with pytest.raises(AppendOnlyError):
        events.update(actor_name="nobody")
    with pytest.raises(AppendOnlyError):
        events.delete()
    first = events.order_by("seq")[0]
    first.actor_name = "nobody"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([first], ["actor_name"])
    assert events.count() == count
    assert not events.filter(actor_name="nobody").exists()
    assert audit_verify().ok


def test_a_case_with_events_cannot_be_deleted(closed_case):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        closed_case.delete()
    assert events_of(closed_case)


def test_two_events_outside_any_case_cannot_share_a_seq(db):
    audit_record(case=None, actor=None, type="parameter_changed", data={"key": "a"})
    first = AuditEvent.objects.get(case=None)
    duplicate = AuditEvent(
        case=None,
        seq=first.seq,
        at=timezone.now(),
        actor_name="system",
        type="parameter_changed",
        data={},
        prev_hash=GENESIS,
        hash=first.hash,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_two_events_of_one_case_cannot_share_a_seq(closed_case):
    last = events_of(closed_case)[-1]
    duplicate = AuditEvent(
        case=closed_case,
        seq=last.seq,
        at=timezone.now(),
        actor_name="system",
        type="viewed",
        data={},
        prev_hash=last.prev_hash,
        hash=last.hash,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# --- the PostgreSQL trigger ---------------------------------------------------


@postgres_only
def test_postgres_trigger_refuses_a_raw_update(closed_case):
    target = events_of(closed_case)[1]
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET actor_name = 'nobody' WHERE id = %s", [target.pk]
            )
    target.refresh_from_db()
    assert target.actor_name != "nobody"
    assert audit_verify().ok


@postgres_only
def test_postgres_trigger_refuses_a_raw_delete(closed_case):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE case_id = %s", [closed_case.pk])
    assert AuditEvent.objects.count() == count
    assert audit_verify().ok


@postgres_only
def test_postgres_trigger_lets_inserts_through(closed_case):
    event = audit_record(case=closed_case, actor=None, type="viewed", data={"fields": ["id"]})
    assert event.seq == len(events_of(closed_case))
    assert audit_verify().ok


@postgres_only
@committed
def test_concurrent_events_outside_any_case_queue_instead_of_forking():
    """Two parameter changes at once: the second writer waits for the
    first's commit and chains onto it."""
    first_written = threading.Event()
    let_first_commit = threading.Event()
    errors: list[BaseException] = []

    def first_writer() -> None:
        try:
            with transaction.atomic():
                audit_record(case=None, actor=None, type="parameter_changed", data={"n": 1})
                first_written.set()
                let_first_commit.wait(10)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
            first_written.set()
        finally:
            connection.close()

    def second_writer() -> None:
        try:
            audit_record(case=None, actor=None, type="parameter_changed", data={"n": 2})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    one = threading.Thread(target=first_writer)
    one.start()
    assert first_written.wait(10)
    two = threading.Thread(target=second_writer)
    two.start()
    two.join(0.5)
    assert two.is_alive(), "the second writer should wait for the first"
    let_first_commit.set()
    one.join(10)
    two.join(10)
    assert errors == []
    events = list(AuditEvent.objects.filter(case=None).order_by("seq"))
    assert [(e.seq, e.data["n"]) for e in events] == [(1, 1), (2, 2)]
    assert events[1].prev_hash == events[0].hash
    assert audit_verify().ok


# --- event types --------------------------------------------------------------


def test_writing_an_unregistered_event_type_raises_lookup_error(closed_case):
    count = AuditEvent.objects.count()
    with pytest.raises(LookupError, match="unregistered audit event type 'made_up'"):
        audit_record(case=closed_case, actor=None, type="made_up", data={})
    assert AuditEvent.objects.count() == count


def test_every_event_the_journey_wrote_is_registered(closed_case):
    for code in AuditEvent.objects.values_list("type", flat=True).distinct():
        assert registry.get(code).code == code


def test_registered_types_have_a_label_and_a_known_level():
    types = registry.all_types()
    assert len({t.code for t in types}) == len(types)
    for event_type in types:
        assert event_type.label
        assert event_type.level in {"info", "important", "sensitive"}
    assert registry.get("viewed").level == "sensitive"


# --- what the database gives back hashes the same -----------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
)
json_keys = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(json_keys, children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(json_keys, json_values, max_size=5))
def test_any_json_data_still_verifies_after_the_round_trip_through_the_database(db, data):
    event = audit_record(case=None, actor=None, type="viewed", data=data)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash == link_hash(
        stored.prev_hash,
        case_id=None,
        seq=stored.seq,
        at=stored.at.isoformat(),
        actor=stored.actor_name,
        type=stored.type,
        data=stored.data,
    )
    assert audit_verify().ok


def test_nan_in_event_data_is_refused_before_it_reaches_the_database(db):
    with pytest.raises(ValueError):
        audit_record(case=None, actor=None, type="viewed", data={"ratio": float("nan")})
    assert not AuditEvent.objects.exists()


def _append_forged(case: Case, hasher: Any) -> int:
    last = events_of(case)[-1]
    at = timezone.now()
    data = {"amount": "3000.00", "reference": "BANK-3"}
    fields = {"seq": last.seq + 1, "actor": "finance", "type": "payment_made", "data": data}
    forged = hasher(last.hash, case_id=case.pk, at=at.isoformat(), **fields)
    insert_event(case, at=at.isoformat(), prev_hash=last.hash, hash=forged, **fields)
    return last.seq + 1


def test_a_forger_without_the_chain_key_cannot_append_a_verifying_event(two_cases, settings):
    """Someone with write access to the database who knows the canonical form
    but not the key (it lives outside the database) is caught; with the key
    the same forgery would pass (the sealed head moved on too), which is why
    the key stays out of the DB."""
    first, second = two_cases
    seq = _append_forged(second, link_hash)  # holds the key: indistinguishable
    last = events_of(second)[-1].hash
    seal = head_seal(chain=second.pk, seq=seq, last_hash=last)
    raw(
        "UPDATE audit_chainhead SET seq = %s, hash = %s, seal = %s WHERE chain = %s",
        [seq, last, seal, second.pk],
    )
    assert audit_verify().ok is True

    def unkeyed(prev_hash: str, **event: Any) -> str:
        body = canonical({"case": event.pop("case_id"), **event})
        return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()

    seq = _append_forged(first, unkeyed)
    assert_broken(first, seq, "content does not match its hash")
