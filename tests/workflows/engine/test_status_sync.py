"""The case status follows the open node (``status_by_node`` from the
steps), written with a ``status_changed`` event, and ``hooks.status_moved``
runs when it moves and only then. The hook at the start:
tests/workflows/test_engine_seams.py; the table read from the steps:
tests/workflows/test_step_declarations.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casework.audit.models import AuditEvent
from casework.core.models import Case
from tests.conftest import recommendation
from tests.workflows.helpers import open_task, relief_opened, step
from workflows import engine, hooks


@pytest.fixture
def moved() -> Iterator[list[str]]:
    """The statuses ``hooks.status_moved`` was sent with, in order."""
    seen: list[str] = []

    def hook(case: Case) -> None:
        seen.append(case.case_status)

    hooks.status_moved.connect(hook)
    yield seen
    hooks.status_moved.disconnect(hook)


def changes(case: Case) -> list[tuple[str, str]]:
    return [
        (d["from"], d["to"])
        for d in AuditEvent.objects.filter(case=case, type="status_changed")
        .order_by("seq")
        .values_list("data", flat=True)
    ]


def test_the_status_follows_the_open_node_claimed_or_not(users, own_unit_member, moved):
    case = relief_opened(users["caseworker"], own_unit_member)
    assert case.case_status == "submitted"
    engine.task_claim(open_task(case, "verify"), users["caseworker2"])
    assert Case.objects.get(pk=case.pk).case_status == "verifying"
    engine.task_release(open_task(case, "verify"), users["caseworker2"])
    assert Case.objects.get(pk=case.pk).case_status == "submitted"
    step(case, "verify", users["caseworker"], "recommend", **recommendation())
    assert Case.objects.get(pk=case.pk).case_status == "public_notice"
    assert changes(case) == [
        ("submitted", "verifying"),
        ("verifying", "submitted"),
        # completed at once: the implicit claim is no status of its own
        ("submitted", "public_notice"),
    ]
    assert moved == ["submitted", "verifying", "submitted", "public_notice"]


def test_no_hook_and_no_event_when_a_step_leaves_the_status_as_it_was(
    users, own_unit_member, moved
):
    case = relief_opened(users["caseworker"], own_unit_member)
    engine.task_claim(open_task(case, "verify"), users["caseworker2"])
    before = (list(moved), changes(case))
    # held by another caseworker: still verifying
    engine.task_reassign(open_task(case, "verify"), users["supervisor"], users["caseworker"])
    # the holder claims again: nothing happens
    engine.task_claim(open_task(case, "verify"), users["caseworker"])
    assert Case.objects.get(pk=case.pk).case_status == "verifying"
    assert (moved, changes(case)) == before


def test_a_service_that_ends_the_case_sets_the_final_status_and_moves_it(users, member, moved):
    case = relief_opened(users["caseworker"], member)
    ended = step(case, "verify", users["caseworker"], "reject", reason_code="other", reason="x")
    assert ended.case_status == "rejected"
    assert Case.objects.get(pk=case.pk).case_status == "rejected"
    assert moved[-1] == "rejected"
