"""Campaign fixtures: a campaign set up through the API by the county's
supervisor, lists nominated by caseworker2's grassroots union, and the
error shape of API.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from casework.campaigns.models import Campaign, Recipient
from casework.core.models import Case, Member, Payment, UserProfile

WINTER_TIERS = [
    {"code": "hard", "label": "困难职工家庭", "cash": "2500.00", "goods_value": "500.00"},
    {"code": "deep", "label": "特困", "cash": "600.00", "goods_value": "300.00"},
    {
        "code": "household",
        "label": "困难家庭(户)",
        "cash": "1000.00",
        "goods_value": "0.00",
        "per": "household",
    },
    {
        "code": "roster",
        "label": "建档困难职工",
        "cash": "800.00",
        "goods_value": "0.00",
        "requires_roster": True,
    },
]
AUTUMN_TIERS = [
    {"code": "undergraduate", "label": "本科", "cash": "4000.00", "goods_value": "0.00"},
    {"code": "college", "label": "专科", "cash": "3000.00", "goods_value": "0.00"},
]


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """API.md's error shape with the status and code."""
    assert response.status_code == status, (response.status_code, response.content[:600])
    body = response.json()
    assert list(body) == ["error"], body
    error = body["error"]
    assert error["code"] and error["message"] and isinstance(error["fields"], dict), error
    if code is not None:
        assert error["code"] == code, error
    return error


def written() -> dict[str, int]:
    """What a refused request must leave as it was."""
    return {
        "cases": Case.objects.count(),
        "recipients": Recipient.objects.count(),
        "payments": Payment.objects.count(),
    }


@pytest.fixture
def own_members(members, grassroots) -> list[Member]:
    """Members of caseworker2's grassroots union."""
    return [m for m in members if m.org_unit_id == grassroots[0].pk]


@pytest.fixture
def other_members(members, grassroots) -> list[Member]:
    return [m for m in members if m.org_unit_id == grassroots[1].pk]


@pytest.fixture
def campaign(api, county) -> Callable[..., dict[str, Any]]:
    """``campaign(kind=…, budget=…, **fields)`` set up by the supervisor."""

    def make(kind: str = "winter_warmth", **fields: Any) -> dict[str, Any]:
        today = timezone.localdate()
        data = {
            "kind": kind,
            "year": today.year,
            "title": "送温暖" if kind == "winter_warmth" else "金秋助学",
            "org_unit": county.pk,
            "budget": "100000.00",
            "opens_on": (today - dt.timedelta(days=10)).isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(),
            "tiers": WINTER_TIERS if kind != "golden_autumn" else AUTUMN_TIERS,
            **fields,
        }
        response = api("supervisor").post("/api/campaigns/", data)
        assert response.status_code == 201, response.json()
        return response.json()

    return make


def student(n: int, year: int = 2008) -> dict[str, Any]:
    from stdnum.cn import ric

    body = f"452228{year}0601{n:02d}2"
    return {
        "name": f"学生{n}",
        "id_number": body + ric.calc_check_digit(body + "0"),
        "school": "广西大学",
        "level": "undergraduate",
    }


def nominate(api: Any, campaign: dict[str, Any], unit: Any, recipients: list[dict]) -> Any:
    return api("caseworker2").post(
        f"/api/campaigns/{campaign['id']}/lists/", {"org_unit": unit.pk, "recipients": recipients}
    )


def listed(api: Any, campaign: dict[str, Any], unit: Any, recipients: list[dict]) -> dict:
    response = nominate(api, campaign, unit, recipients)
    assert response.status_code == 201, response.json()
    return response.json()


def recipients_of(api: Any, case_number: str, who: str = "caseworker") -> list[dict[str, Any]]:
    return api(who).get(f"/api/cases/{case_number}/").json()["data"]["recipients"]


def member_user(member: Member, county: Any) -> User:
    """A self-service account for ``member``."""
    user = User.objects.create_user(username=f"m{member.pk}", password="x")
    user.groups.add(Group.objects.get_or_create(name="member")[0])
    UserProfile.objects.create(user=user, org_unit=member.org_unit)
    member.user = user
    member.save(update_fields=["user"])
    return user


def campaign_row(data: dict[str, Any]) -> Campaign:
    return Campaign.objects.get(pk=data["id"])
