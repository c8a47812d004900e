"""Cases driven through the API to the step whose input is being tried, and
the check that a refusal wrote nothing to the audit chain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.utils import timezone

from casework.audit.models import AuditEvent
from tests.conftest import application, end_public_notice, recommendation
from tests.mediation.conftest import referral
from tests.mutual_aid.helpers import claim, enroll


def refused(response: Any, field: str) -> list[str]:
    """A 400 in the API's error shape naming ``field``; its messages."""
    assert response.status_code == 400, (response.status_code, response.content[:500])
    error = response.json()["error"]
    assert error["code"] and error["message"], error
    assert field in error["fields"], error
    return error["fields"][field]


@contextmanager
def no_new_events() -> Iterator[None]:
    """Nothing reached the audit chain (reads, logged as ``viewed``, aside)."""
    before = AuditEvent.objects.exclude(type="viewed").count()
    yield
    assert AuditEvent.objects.exclude(type="viewed").count() == before


@pytest.fixture
def relief_case(api, member):
    """``relief_case(until=...)`` → the number of a relief case whose open
    task is ``verify`` (default), ``approve`` or ``disburse``."""

    def make(until: str = "verify") -> str:
        created = api("caseworker").post("/api/relief/applications/", application(member))
        assert created.status_code == 201, created.json()
        number = created.json()["case_number"]
        if until == "verify":
            return number
        done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
        assert done.status_code == 200, done.json()
        end_public_notice(number)
        if until == "approve":
            return number
        approved = api("supervisor").complete(
            number, "approve", "approve", approved_amount="3000.00"
        )
        assert approved.status_code == 200, approved.json()
        return number

    return make


@pytest.fixture
def claim_case(api, member):
    """``claim_case(until=...)`` → the number of an inpatient claim whose
    open task is ``review`` (default), ``supplement`` or ``pay``."""

    def make(until: str = "review") -> str:
        enroll(member)
        created = api("caseworker").post("/api/mutual-aid/claims/", claim(member))
        assert created.status_code == 201, created.json()
        number = created.json()["case_number"]
        if until == "supplement":
            returned = api("caseworker").complete(number, "review", "return", reason="补发票")
            assert returned.status_code == 200, returned.json()
        elif until == "pay":
            accepted = api("caseworker").complete(number, "review", "accept", comment="ok")
            assert accepted.status_code == 200, accepted.json()
            approved = api("supervisor").complete(number, "approve", "approve", comment="同意")
            assert approved.status_code == 200, approved.json()
        return number

    return make


@pytest.fixture
def mediation_case(api):
    """→ the number of a referral assigned to ``mediator`` (``mediate`` open)."""

    def make() -> str:
        created = api("coordinator").post("/api/mediation/referrals/", referral())
        assert created.status_code == 201, created.json()
        number = created.json()["case_number"]
        done = api("coordinator").complete(number, "assign", "assign", mediator="mediator")
        assert done.status_code == 200, done.json()
        return number

    return make


def today() -> str:
    return timezone.localdate().isoformat()
