"""Builders shared by the reconsideration tests: a rejected relief case,
a mutual-aid claim rejected at approval, and the request."""

from __future__ import annotations

from typing import Any

from casework.core.models import Member
from tests.mutual_aid.helpers import claim_case, enroll


def relief_rejected(api: Any, member: Member) -> str:
    """A relief application the caseworker rejects at verification."""
    number = api("caseworker").relief_case(member)["case_number"]
    done = api("caseworker").complete(
        number, "verify", "reject", reason_code="income_above_threshold", reason="收入超过标准"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "rejected"
    return number


def claim_rejected(api: Any, member: Member) -> str:
    """A claim the caseworker accepts and ``supervisor`` rejects at approval."""
    enroll(member)
    number = claim_case(api, member)["case_number"]
    accepted = api("caseworker").complete(number, "review", "accept", comment="材料齐全")
    assert accepted.status_code == 200, accepted.json()
    rejected = api("supervisor").complete(number, "approve", "reject", reason="不属于保障范围")
    assert rejected.status_code == 200, rejected.json()
    assert rejected.json()["case"]["status"] == "rejected"
    return number


def request(client: Any, number: str, reason: str = "家庭情况有新变化") -> Any:
    """``client`` (an ``Api``) asks for reconsideration of ``number``."""
    return client.post(f"/api/cases/{number}/reconsideration/", {"reason": reason})


def requested(client: Any, number: str) -> dict[str, Any]:
    response = request(client, number)
    assert response.status_code == 201, response.json()
    return response.json()
