"""``engine.task_complete``: the action's refusals (unknown action 400, a
closed task 409, held by another 403), the implicit claim, and what the
engine records of a completed step (TaskInfo, the case's last action, the
audit event). The same refusals with the API's error shape and "writes
nothing": tests/api/test_relief_bad_input.py; the clock a step pauses:
tests/workflows/test_deadlines.py."""

from __future__ import annotations

import pytest
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.models import Case
from tests.conftest import recommendation
from tests.workflows.helpers import open_task, relief_opened
from workflows import engine
from workflows.models import TaskInfo


def types(case: Case) -> list[str]:
    return list(AuditEvent.objects.filter(case=case).order_by("seq").values_list("type", flat=True))


def test_an_unknown_action_is_400_naming_the_steps_actions(users, member):
    case = relief_opened(users["caseworker"], member)
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        engine.task_complete(open_task(case, "verify"), users["caseworker"], "approve", {})
    assert refused.value.status == 400
    assert refused.value.fields["action"] == ["choose one of: recommend, return, reject"]
    assert TaskInfo.objects.get(case=case, node="verify").open


def test_invalid_input_is_400_by_field_and_takes_no_step(users, member):
    case = relief_opened(users["caseworker"], member)
    with pytest.raises(InvalidInput) as refused:
        engine.task_complete(
            open_task(case, "verify"),
            users["caseworker"],
            "recommend",
            recommendation(household_size=0),
        )
    assert list(refused.value.fields) == ["household_size"]
    assert "task_completed" not in types(case)


def test_a_closed_task_is_409(users, member):
    case = relief_opened(users["caseworker"], member)
    task = open_task(case, "verify")
    engine.task_complete(task, users["caseworker"], "reject", {"reason_code": "other"})
    with pytest.raises(Conflict) as closed:
        engine.task_complete(task, users["caseworker"], "reject", {"reason_code": "other"})
    assert closed.value.code == "task_closed"


def test_a_task_held_by_another_is_403_not_holder(users, own_unit_member):
    case = relief_opened(users["caseworker"], own_unit_member)
    engine.task_claim(open_task(case, "verify"), users["caseworker2"])
    with pytest.raises(Forbidden) as held:
        engine.task_complete(
            open_task(case, "verify"), users["caseworker"], "recommend", recommendation()
        )
    assert held.value.code == "not_holder"


def test_completing_an_unclaimed_task_claims_it_and_records_the_step(users, member):
    case = relief_opened(users["caseworker"], member)
    task = open_task(case, "verify")
    done = engine.task_complete(task, users["caseworker"], "recommend", recommendation())
    assert done.data["last_action"] == "recommend"
    info = TaskInfo.objects.get(pk=task.pk)
    assert (info.completed_by, info.action, info.open) == (users["caseworker"], "recommend", False)
    task.refresh_from_db()
    assert task.owner == users["caseworker"] and task.status == "DONE"
    after_start = types(case)[types(case).index("task_claimed") :]
    assert after_start[:1] == ["task_claimed"] and "task_completed" in after_start
    completed = AuditEvent.objects.get(case=case, type="task_completed")
    assert completed.actor == users["caseworker"]
    assert completed.data["node"] == "verify" and completed.data["action"] == "recommend"
    assert completed.data["input"]["recommended_amount"] == "3000.00"
    # the next step is open
    assert TaskInfo.objects.filter(case=case, node="public_notice", open=True).exists()
