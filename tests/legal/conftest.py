"""Legal-services fixtures: a duty rule around a statutory holiday, and
consultations through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.mediation.conftest import credit_code, non_member_worker

# Thursdays from 2026-09-24 to 2026-10-15: 10-01 is National Day
HOLIDAY_THURSDAY = dt.date(2026, 10, 1)


def duty_rule(org_unit: int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "org_unit": org_unit,
        "weekday": 4,
        "from": "2026-09-21",
        "to": "2026-10-16",
        "starts_at": "09:00",
        "ends_at": "12:00",
        "place": "县职工服务中心",
        "lawyer": "韦律师",
        "firm": "广西三江律师事务所",
    }
    data.update(overrides)
    return data


def consultation(**overrides: Any) -> dict[str, Any]:
    visitor = non_member_worker()
    data: dict[str, Any] = {
        "channel": "visit",
        "visitor": {
            "name": visitor["name"],
            "id_number": visitor["id_number"],
            "phone": "13800000000",
        },
        "employer": {"name": "三江某建筑有限公司", "credit_code": credit_code()},
        "category": "wages",
        "facts": "工地拖欠三个月工资共一万二千元",
        "advice": "先与用人单位协商，保留考勤与工资条",
        "outcome": "answered",
    }
    data.update(overrides)
    return data


def in_days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def consult(api):
    """``consult(who="caseworker", **overrides)`` → the new case (201 asserted)."""

    def make(who: str = "caseworker", **overrides: Any) -> dict[str, Any]:
        response = api(who).post("/api/legal/consultations/", consultation(**overrides))
        assert response.status_code == 201, response.json()
        return response.json()

    return make
