"""A step declares the case status it sets and whether a case may be
withdrawn there; the flow's status table and withdrawable statuses are read
from the steps, never typed apart from them."""

from __future__ import annotations

from casework.relief.statuses import ReliefStatus
from workflows.mediation import MediationFlow
from workflows.relief import ReliefFlow


def test_a_flow_reads_its_case_statuses_from_its_steps():
    assert ReliefFlow.status_by_node["verify"] == (
        ReliefStatus.SUBMITTED,
        ReliefStatus.VERIFYING,
    )
    assert ReliefFlow.status_by_node["disburse"] == ReliefStatus.APPROVED
    assert set(ReliefFlow.withdrawable_statuses) == {
        ReliefStatus.SUBMITTED,
        ReliefStatus.VERIFYING,
        ReliefStatus.AWAITING_SUPPLEMENT,
        ReliefStatus.PUBLIC_NOTICE,
        ReliefStatus.AWAITING_APPROVAL,
    }
    assert MediationFlow.withdrawable_statuses == ()
    assert MediationFlow.steps["mediate"].case_statuses() == ("assigned", "mediating")
