"""Cases of the three programs put where the privacy tests need them, through
the API as users would, and readers of the who-viewed log."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from casework.audit.models import AuditEvent
from casework.core.models import Member, UserProfile
from casework.demo.seed import seed_member_login
from tests.conftest import Api, application
from tests.mediation.conftest import referral
from tests.mutual_aid.helpers import claim, enroll

# an 18-character resident ID number (the last may be X), not inside a longer number
# an 18-character ID number standing alone: not a run of digits inside a
# hex digest (an event's hash, a sealed value), which holds one now and then
WHOLE_ID = re.compile(r"(?<![0-9a-fA-F])[0-9]{17}[0-9Xx](?![0-9a-fA-F])")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def viewed(*, via: str | None = None, **filters: Any) -> list[AuditEvent]:
    """The ``viewed`` events, oldest first; only those of one reader when
    ``via`` is given (creating a case logs what its response shows too)."""
    events = AuditEvent.objects.filter(type="viewed", **filters).order_by("pk")
    return [e for e in events if via is None or e.data.get("via") == via]


@pytest.fixture
def member_login(member, county) -> User:
    """The ``member`` demo login, linked to the ``member`` fixture."""
    return seed_member_login(member, county)


@pytest.fixture
def far_auditor(grassroots) -> User:
    """An auditor of a grassroots union: the county's cases and members are
    outside their subtree."""
    user = User.objects.create_user("auditor_far", password="x")
    user.groups.add(Group.objects.get_or_create(name="auditor")[0])
    UserProfile.objects.create(user=user, org_unit=grassroots[1])
    return user


@pytest.fixture
def relief_number(api):
    """``relief_number(member)`` → a relief case submitted by the caseworker."""

    def make(member: Member) -> str:
        response = api("caseworker").post("/api/relief/applications/", application(member))
        assert response.status_code == 201, response.json()
        return response.json()["case_number"]

    return make


@pytest.fixture
def claim_number(api):
    """``claim_number(member)`` → a mutual-aid claim of an enrolled member."""

    def make(member: Member) -> str:
        enroll(member)
        response = api("caseworker").post("/api/mutual-aid/claims/", claim(member))
        assert response.status_code == 201, response.json()
        return response.json()["case_number"]

    return make


@pytest.fixture
def mediation_number(api):
    """``mediation_number(worker=None)`` → a mediation registered by the
    coordinator and assigned to ``mediator``; the worker a non-member person
    (phone 13800000000) or the given member."""

    def make(worker: Member | None = None) -> str:
        overrides = {"worker": {"member": worker.pk}} if worker else {}
        response = api("coordinator").post("/api/mediation/referrals/", referral(**overrides))
        assert response.status_code == 201, response.json()
        number = response.json()["case_number"]
        done = api("coordinator").complete(number, "assign", "assign", mediator="mediator")
        assert done.status_code == 200, done.json()
        return number

    return make


def as_member(user: User) -> Api:
    return Api(user)
