"""Demo campaigns (PROCESSES.md §4): a 送温暖 and a 金秋助学 campaign of this
year at the demo county, with lists in several states (under review, on
public notice, being issued with grants issued and signed for, closed),
driven through the services and the engine like any client would.
Idempotent: skipped when this year's demo campaigns exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from casework.campaigns.models import Campaign, CampaignKind
from casework.campaigns.services import campaign_create
from casework.core.models import Case, Member
from workflows import campaign_work, engine
from workflows.intake import campaign_list_submit
from workflows.selectors import open_tasks_of

WINTER = "送温暖"
AUTUMN = "金秋助学"
WINTER_TIERS = [
    {
        "code": "hard",
        "label": "困难职工家庭",
        "cash": Decimal("2500"),
        "goods_value": Decimal("500"),
    },
    {"code": "deep", "label": "特困职工", "cash": Decimal("600"), "goods_value": Decimal("300")},
    {"code": "model", "label": "劳模", "cash": Decimal("2000"), "goods_value": Decimal("0")},
]
AUTUMN_TIERS = [
    {
        "code": "undergraduate",
        "label": "本科",
        "cash": Decimal("4000"),
        "goods_value": Decimal("0"),
    },
    {"code": "college", "label": "专科", "cash": Decimal("3000"), "goods_value": Decimal("0")},
]


def _free_members(unit: Any, count: int) -> list[Member]:
    """Members of ``unit`` with no case of their own (so no relief grant
    stands in the way of a nomination)."""
    return list(Member.objects.filter(org_unit=unit, cases__isnull=True).order_by("pk")[:count])


def _step(case: Case, user: Any, action: str, **data: Any) -> None:
    engine.task_complete(open_tasks_of(case.pk).get(), user, action, data)


def _issue(case: Case, users: dict[str, Any], today: dt.date, sign: bool, limit: int) -> None:
    """Issue the first ``limit`` grants, every other one signed for."""
    for r in list(case.campaign_list.recipients.select_related("member"))[:limit]:
        campaign_work.recipient_write(
            case=case,
            actor=users["finance"],
            write="issue",
            recipient_id=r.pk,
            method="cash",
            reference=f"QL-{case.case_number}-{r.pk}",
            issued_on=today,
        )
        if sign:
            campaign_work.recipient_write(
                case=case,
                actor=users["finance"],
                write="sign",
                recipient_id=r.pk,
                signed_on=today,
                signed_by=r.member.name,
            )
        sign = not sign  # every other one signed for


def _student(n: int, year: int) -> dict[str, str]:
    body = f"452228{year - 18}0901{n:02d}2"
    return {
        "name": f"侗学生{n}",
        "id_number": body + ric.calc_check_digit(body + "0"),
        "school": "广西大学" if n % 2 else "柳州职业技术学院",
        "level": "undergraduate" if n % 2 else "junior_college",
    }


def _campaign(kind: str, title: str, tiers: list, budget: str, org: dict[str, Any]) -> Campaign:
    today = timezone.localdate()
    return campaign_create(
        actor=org["users"]["supervisor"],
        kind=kind,
        year=today.year,
        title=f"{today.year}年{title}",
        org_unit=org["county"],
        budget=Decimal(budget),
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=20),
        tiers=tiers,
    )


def _member_login_grant(campaign: Campaign, org: dict[str, Any], today: dt.date) -> None:
    """The demo ``member`` login's own grant, issued and signed for, so
    their pages show one: the county's list of its own members."""
    users, login = org["users"], Member.objects.filter(user__username="member").first()
    if login is None:
        return
    case = campaign_list_submit(
        actor=users["caseworker"],
        campaign=campaign,
        org_unit=login.org_unit,
        recipients=[{"member": login.pk, "tier": "model", "note": "县级劳模"}],
    )
    _step(case, users["caseworker"], "verify")
    _step(case, users["supervisor"], "approve", comment="同意")
    _issue(Case.objects.get(pk=case.pk), users, today, sign=True, limit=1)
    _step(case, users["finance"], "close")


@transaction.atomic
def seed_campaigns_demo(org: dict[str, Any]) -> int:
    """The two campaigns and their lists; the number of lists made."""
    today = timezone.localdate()
    if Campaign.objects.filter(year=today.year, kind=CampaignKind.WINTER_WARMTH).exists():
        return 0
    users, grassroots = org["users"], org["grassroots"]
    winter = _campaign(CampaignKind.WINTER_WARMTH, WINTER, WINTER_TIERS, "200000", org)
    autumn = _campaign(CampaignKind.GOLDEN_AUTUMN, AUTUMN, AUTUMN_TIERS, "100000", org)
    pools = [_free_members(unit, 12) for unit in grassroots]
    tiers = ["hard", "deep", "model", "hard"]

    def submit(
        campaign: Campaign, unit_index: int, members: list[Member], extra: dict | None = None
    ) -> Case:
        actor = users["caseworker2"] if unit_index == 0 else users["caseworker"]
        recipients = [
            {"member": m.pk, "tier": tiers[i % len(tiers)], "note": "", **(extra or {}).get(i, {})}
            for i, m in enumerate(members)
        ]
        return campaign_list_submit(
            actor=actor, campaign=campaign, org_unit=grassroots[unit_index], recipients=recipients
        )

    closed = submit(winter, 2, pools[2][:3])
    _step(closed, users["caseworker"], "verify")
    _step(closed, users["supervisor"], "approve", comment="同意")
    _issue(Case.objects.get(pk=closed.pk), users, today, sign=True, limit=3)
    _step(closed, users["finance"], "close")
    issuing = submit(winter, 0, pools[0][:4])
    _step(issuing, users["caseworker"], "verify")
    _step(issuing, users["supervisor"], "approve", comment="同意")
    _issue(Case.objects.get(pk=issuing.pk), users, today, sign=False, limit=2)
    submit(winter, 1, pools[1][:3])  # under review
    _member_login_grant(winter, org, today)
    tiers = ["undergraduate", "college"]
    students = {i: {"student": _student(i + 1, today.year)} for i in range(3)}
    notice = submit(autumn, 0, pools[0][4:7], students)
    _step(notice, users["caseworker"], "verify")  # on public notice
    return 5
