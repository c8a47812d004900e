"""Mediation fixtures: referrals through the API, and moving a case's
deadline into the past as the passing days would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from stdnum.cn import uscc

from casework.demo.seed import id_number_for


def credit_code(seed: str = "MA5K8X7Q") -> str:
    body = f"91450226{seed}"[:17].ljust(17, "0")
    return body + uscc.calc_check_digit(body + "0")


def non_member_worker(serial: int = 7) -> dict[str, Any]:
    return {
        "name": "覃工人",
        "id_number": id_number_for(dt.date(1985, 3, 14), serial, female=False),
        "phone": "13800000000",
    }


def days_ago(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


_counter = {"n": 0}


def referral(**overrides: Any) -> dict[str, Any]:
    _counter["n"] += 1
    data: dict[str, Any] = {
        "court": "三江侗族自治县人民法院",
        "court_case_number": f"(2026)桂0226民初{_counter['n']:04d}号",
        "referral_type": "delegated",
        "procedure": "ordinary",
        "referred_on": days_ago(3),
        "received_on": days_ago(2),
        "worker": non_member_worker(),
        "employer": {"name": "三江某建筑有限公司", "credit_code": credit_code()},
        "dispute_types": ["wages", "overtime"],
        "amount_claimed": "18000.00",
        "summary": "拖欠工资三个月及加班费",
    }
    data.update(overrides)
    if "referred_on" not in overrides:  # the court referred it the day before receipt
        received = dt.date.fromisoformat(data["received_on"])
        data["referred_on"] = (received - dt.timedelta(days=1)).isoformat()
    return data


@pytest.fixture
def register(api):
    """``register(**overrides)`` → the new case (201 asserted), by the coordinator."""

    def make(**overrides: Any) -> dict[str, Any]:
        response = api("coordinator").post("/api/mediation/referrals/", referral(**overrides))
        assert response.status_code == 201, response.json()
        return response.json()

    return make


@pytest.fixture
def assigned(api, register):
    """``assigned(mediator="mediator", **overrides)`` → the case number of a
    referral assigned to that mediator."""

    def make(mediator: str = "mediator", **overrides: Any) -> str:
        number = register(**overrides)["case_number"]
        done = api("coordinator").complete(number, "assign", "assign", mediator=mediator)
        assert done.status_code == 200, done.json()
        return number

    return make
