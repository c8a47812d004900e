"""``engine.task_claim`` / ``task_release`` / ``task_reassign``: who holds
a task, what each refuses, and the audit event each writes. Through the
API (the status codes, the queue): tests/api/test_access.py; two claims at
once: tests/races."""

from __future__ import annotations

import pytest
from viewflow.workflow.status import STATUS

from casework.audit.models import AuditEvent
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.models import Case
from tests.workflows.helpers import open_task, relief_opened, step
from workflows import engine


def events(case: Case, type: str) -> list[dict]:
    return list(
        AuditEvent.objects.filter(case=case, type=type)
        .order_by("seq")
        .values_list("data", flat=True)
    )


@pytest.fixture
def case(users, own_unit_member) -> Case:
    """A case of caseworker2's union: caseworker and caseworker2 may verify."""
    return relief_opened(users["caseworker"], own_unit_member)


def test_a_claim_gives_the_task_to_the_user_and_is_audited(users, case):
    task = engine.task_claim(open_task(case, "verify"), users["caseworker2"])
    assert task.status == STATUS.ASSIGNED and task.owner == users["caseworker2"]
    assert task.assigned is not None
    assert events(case, "task_claimed") == [
        {"task": task.pk, "node": "verify", "user": "caseworker2"}
    ]
    # again by the holder: nothing more
    engine.task_claim(open_task(case, "verify"), users["caseworker2"])
    assert len(events(case, "task_claimed")) == 1


def test_a_claim_is_refused_when_held_by_another_closed_or_not_the_users_step(users, case):
    engine.task_claim(open_task(case, "verify"), users["caseworker2"])
    with pytest.raises(Conflict) as held:
        engine.task_claim(open_task(case, "verify"), users["caseworker"])
    assert held.value.code == "already_claimed"
    task = open_task(case, "verify")
    step(case, "verify", users["caseworker2"], "reject", reason_code="other", reason="不符合")
    with pytest.raises(Conflict) as closed:
        engine.task_claim(task, users["caseworker2"])
    assert closed.value.code == "task_closed"


def test_a_claim_by_a_role_that_may_not_take_the_step_is_403(users, case):
    with pytest.raises(Forbidden) as refused:
        engine.task_claim(open_task(case, "verify"), users["finance"])
    assert refused.value.code == "forbidden"
    assert events(case, "task_claimed") == []


def test_a_release_by_the_holder_or_a_supervisor_only_and_of_a_held_task_only(users, case):
    task = open_task(case, "verify")
    with pytest.raises(Conflict) as free:
        engine.task_release(task, users["caseworker2"])
    assert free.value.code == "not_claimed"
    engine.task_claim(task, users["caseworker2"])
    with pytest.raises(Forbidden):
        engine.task_release(open_task(case, "verify"), users["caseworker"])
    released = engine.task_release(open_task(case, "verify"), users["supervisor"])
    assert released.status == STATUS.NEW and released.owner is None
    assert events(case, "task_released") == [{"task": task.pk, "node": "verify"}]


def test_a_reassignment_is_refused_to_non_managers_ineligible_users_and_closed_tasks(users, case):
    task = open_task(case, "verify")
    with pytest.raises(Forbidden):
        engine.task_reassign(task, users["caseworker"], users["caseworker2"])
    with pytest.raises(InvalidInput) as ineligible:
        engine.task_reassign(task, users["supervisor"], users["finance"])
    assert "user" in ineligible.value.fields
    step(case, "verify", users["caseworker"], "reject", reason_code="other", reason="不符合")
    with pytest.raises(Conflict) as closed:
        engine.task_reassign(task, users["supervisor"], users["caseworker2"])
    assert closed.value.code == "task_closed"
    assert events(case, "task_reassigned") == []


def test_a_reassignment_of_a_free_or_a_held_task_names_whom_it_went_to(users, case):
    task = open_task(case, "verify")
    given = engine.task_reassign(task, users["supervisor"], users["caseworker"])
    assert given.owner == users["caseworker"]
    moved = engine.task_reassign(
        open_task(case, "verify"), users["supervisor"], users["caseworker2"]
    )
    assert moved.owner == users["caseworker2"]
    assert events(case, "task_reassigned") == [
        {"task": task.pk, "node": "verify", "user": "caseworker"},
        {"task": task.pk, "node": "verify", "from": "caseworker", "user": "caseworker2"},
    ]
    assert (
        AuditEvent.objects.filter(case=case, type="task_reassigned").first().actor
        == users["supervisor"]
    )
