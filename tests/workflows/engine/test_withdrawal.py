"""``engine.case_withdraw``: allowed in the statuses the flow's steps
declare withdrawable, refused after approval, by people who may not, and
with a reason too long for the audit chain. The declarations themselves:
tests/workflows/test_step_declarations.py; through the API:
tests/api/test_relief_journey.py, tests/api/test_relief_bad_input.py."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit.models import AuditEvent
from casework.core import text_limits
from casework.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.core.models import Case
from tests.conftest import recommendation
from tests.workflows.helpers import recommended, relief_opened, step
from workflows import engine
from workflows.models import TaskInfo
from workflows.relief import ReliefFlow


def test_a_case_is_withdrawn_in_each_status_a_withdrawable_step_sets(users, members):
    """submitted, then public notice and awaiting approval (the statuses of
    verify, public_notice and approve: all declared withdrawable)."""
    cw = users["caseworker"]
    cases = [relief_opened(cw, m) for m in members[:3]]
    step(cases[1], "verify", cw, "recommend", **recommendation())
    recommended(cases[2], cw)
    for case in cases:
        assert Case.objects.get(pk=case.pk).case_status in ReliefFlow.withdrawable_statuses
        withdrawn = engine.case_withdraw(case, cw, "申请人撤回")
        assert withdrawn.case_status == "withdrawn" and withdrawn.closed is not None
        assert not Task.objects.filter(
            process_id=case.pk, status__in=[STATUS.NEW, STATUS.ASSIGNED]
        ).exists()
        assert not TaskInfo.objects.filter(case=case, open=True).exists()
        assert AuditEvent.objects.get(case=case, type="case_withdrawn").data == {
            "reason": "申请人撤回"
        }


def test_a_case_is_no_longer_withdrawn_after_approval(users, member):
    case = recommended(relief_opened(users["caseworker"], member), users["caseworker"])
    step(case, "approve", users["supervisor"], "approve", approved_amount="3000.00")
    assert "approved" not in ReliefFlow.withdrawable_statuses
    with pytest.raises(Conflict) as late:
        engine.case_withdraw(case, users["caseworker"], "申请人撤回")
    assert late.value.code == "wrong_state"
    assert not AuditEvent.objects.filter(case=case, type="case_withdrawn").exists()


def test_only_the_submitter_or_a_withdraw_role_of_the_cases_scope_withdraws(
    users, own_unit_member, other_unit_member
):
    case = relief_opened(users["caseworker"], other_unit_member)
    with pytest.raises(Forbidden):
        engine.case_withdraw(case, users["finance"], "撤回")
    with pytest.raises(NotFound):
        engine.case_withdraw(case, users["caseworker2"], "撤回")
    with pytest.raises(InvalidInput) as long:
        engine.case_withdraw(case, users["caseworker"], "长" * (text_limits.REASON + 1))
    assert "reason" in long.value.fields
    assert Case.objects.get(pk=case.pk).case_status == "submitted"
