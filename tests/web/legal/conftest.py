"""Logged-in browsers (Django's test client) for the legal-services pages,
and the roster and consultations put where a page test needs them, through
the API like a user would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from casework.legal.models import DutySlot
from tests.legal.conftest import consult

__all__ = ["consult"]


@pytest.fixture
def slot(users, county):
    """``slot(day, **fields)`` → a duty slot of the county's roster."""

    def make(day: dt.date, **fields: Any) -> DutySlot:
        values: dict[str, Any] = {
            "org_unit": county,
            "date": day,
            "starts_at": dt.time(9),
            "ends_at": dt.time(12),
            "place": "县职工服务中心",
            "lawyer": "韦律师",
            "firm": "广西三江律师事务所",
            "created_by": users["supervisor"],
        }
        values.update(fields)
        return DutySlot.objects.create(**values)

    return make
