"""Group imports at the same moment (PostgreSQL): overlapping files never
make a member or an enrollment twice and never fail with a 500 — the
second import waits for the first, then lists the overlap as bad rows.
Threads, each with its own connection, released together by a barrier."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Count
from rest_framework.test import APIClient

from casework.core.models import Member
from casework.demo.seed import id_number_for
from casework.mutual_aid.imports import IMPORT_LOCK
from casework.mutual_aid.models import Enrollment
from tests.mutual_aid.helpers import plan, this_year

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (locks between real connections)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def csv_file(numbers: range) -> SimpleUploadedFile:
    lines = ["id_number,name,paid_amount,enrolled_on"]
    for i in numbers:
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=i)
        lines.append(f"{id_number_for(birth, i, False)},并发{i},36.00,{this_year()}-01-10")
    return SimpleUploadedFile("e.csv", ("\n".join(lines) + "\n").encode())


def post_import(user: Any, numbers: range) -> Any:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client.post(
        "/api/mutual-aid/enrollments/import/",
        {"file": csv_file(numbers), "plan": plan().pk},
        format="multipart",
    )


def at_once(*calls: Any) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Any) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except BaseException as exc:  # reported to the test
            barrier.abort()
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "an import hung"
    return results


def no_duplicates() -> None:
    members = Member.objects.values("id_number").annotate(n=Count("pk"))
    assert not members.filter(n__gt=1).exists()
    enrollments = Enrollment.objects.values("member", "plan").annotate(n=Count("pk"))
    assert not enrollments.filter(n__gt=1).exists()


def test_two_overlapping_imports_at_once_enroll_each_member_once(users):
    first, second = range(0, 300), range(200, 450)
    responses = at_once(
        lambda: post_import(users["caseworker2"], first),
        lambda: post_import(users["caseworker2"], second),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 400], [r.content[:300] for r in responses]
    winner = next(r for r in responses if r.status_code == 201)
    loser = next(r for r in responses if r.status_code == 400)
    won_first = winner.json()["created"] == len(first)
    overlap = range(200, 300)
    # the loser's rows that the winner enrolled: row numbers count the header
    start = (second if won_first else first).start
    assert [r["row"] for r in loser.json()["error"]["rows"]] == [i - start + 2 for i in overlap]
    assert {e for r in loser.json()["error"]["rows"] for e in r["errors"]} == {
        "the member is already enrolled in this plan"
    }
    no_duplicates()
    assert Enrollment.objects.filter(plan=plan()).count() == winner.json()["created"]


def test_two_disjoint_imports_at_once_both_succeed(users):
    responses = at_once(
        lambda: post_import(users["caseworker2"], range(0, 200)),
        lambda: post_import(users["caseworker2"], range(500, 650)),
    )
    assert sorted(r.status_code for r in responses) == [201, 201]
    no_duplicates()
    assert Enrollment.objects.filter(plan=plan()).count() == 350


def test_an_import_waiting_too_long_for_another_is_a_409(users, monkeypatch):
    monkeypatch.setattr("casework.mutual_aid.imports.IMPORT_LOCK_WAIT", "200ms")
    held, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:  # another import, still running
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
                held.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock, daemon=True)
    holder.start()
    try:
        assert held.wait(10)
        response = post_import(users["caseworker2"], range(0, 5))
    finally:
        release.set()
        holder.join(30)
    assert response.status_code == 409, response.content[:300]
    assert "another enrollment import" in response.json()["error"]["message"]
    assert Enrollment.objects.count() == 0
    # the lock wait was the import's own: later statements keep the default
    assert post_import(users["caseworker2"], range(0, 5)).status_code == 201
