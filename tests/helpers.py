"""Helpers shared by tests of several folders: the API's error shape and
the check that a refused request wrote nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.core.models import Case, Member, Payment
from casework.relief.models import ReliefApplication


def assert_error(response, status: int, *, field: str | None = None, code: str | None = None):
    """The contract's error shape, with ``field`` named in ``fields``."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert list(body) == ["error"], body
    error = body["error"]
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error["fields"], dict), error
    for name, messages in error["fields"].items():
        assert isinstance(messages, list) and messages, (name, messages)
        assert all(isinstance(m, str) and m for m in messages), (name, messages)
    if field is not None:
        assert field in error["fields"], error
    if code is not None:
        assert error["code"] == code, error
    return error


def counts() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "cases": Case.objects.count(),
        "events": AuditEvent.objects.exclude(type="viewed").count(),  # reads are logged
        "applications": ReliefApplication.objects.count(),
        "payments": Payment.objects.count(),
    }


@contextmanager
def writes_nothing(case_number: str | None = None) -> Iterator[None]:
    """Nothing is created, no event is recorded, the case keeps its status
    and its task keeps its holder."""

    def state() -> dict[str, Any]:
        snapshot: dict[str, Any] = counts()
        if case_number:
            case = Case.objects.get(case_number=case_number)
            snapshot["status"] = case.case_status
            snapshot["data"] = case.data
            snapshot["tasks"] = sorted(
                Task.objects.filter(process_id=case.pk).values_list("pk", "status", "owner_id")
            )
            snapshot["application"] = ReliefApplication.objects.filter(case=case).values().first()
        return snapshot

    before = state()
    yield
    assert state() == before
