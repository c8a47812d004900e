"""Builders of the campaign work-page tests (tests/web/campaigns,
tests/browser): a 送温暖 campaign of the demo county, members of
caseworker2's grassroots union, and a nomination list of any length,
through the services and the engine as a client would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from casework.campaigns.models import Campaign
from casework.campaigns.services import campaign_create
from casework.core.models import Case, Member
from casework.core.services import member_create
from casework.demo.people import id_number_for
from workflows import campaign_work, engine
from workflows.intake import campaign_list_submit

TIERS = [
    {
        "code": "hard",
        "label": "困难职工家庭",
        "cash": Decimal("500"),
        "goods_value": Decimal("200"),
    },
    {"code": "deep", "label": "特困职工", "cash": Decimal("300"), "goods_value": Decimal("100")},
]
SURNAMES = "吴杨韦梁石龙潘粟覃陆"
GIVEN = "春花明华建国秀英志强丽娟"


def campaign_of(org: dict[str, Any], budget: str = "500000.00") -> Campaign:
    today = timezone.localdate()
    return campaign_create(
        actor=org["users"]["supervisor"],
        kind="winter_warmth",
        year=today.year,
        title=f"{today.year}年送温暖",
        org_unit=org["county"],
        budget=Decimal(budget),
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=10),
        tiers=TIERS,
    )


def members_of(unit: Any, count: int, first: int = 0) -> list[Member]:
    """``count`` new members of ``unit`` (serials from ``first``)."""
    made = []
    for i in range(first, first + count):
        made.append(
            member_create(
                name=SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[(i * 3 + 1) % 10],
                id_number=id_number_for(
                    dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28), i, i % 2 == 1
                ),
                org_unit=unit,
                phone=f"138{i:08d}",
            )
        )
    return made


def list_of(org: dict[str, Any], campaign: Campaign, members: list[Member]) -> Case:
    """A list of caseworker2's grassroots union: every other member on the
    ``hard`` tier, the rest ``deep``."""
    recipients = [
        {"member": m.pk, "tier": "hard" if i % 2 == 0 else "deep", "note": f"第{i + 1}户"}
        for i, m in enumerate(members)
    ]
    return campaign_list_submit(
        actor=org["users"]["caseworker2"],
        campaign=campaign,
        org_unit=org["grassroots"][0],
        recipients=recipients,
    )


def open_task(case: Case, node: str) -> Task:
    task = (
        Task.objects.filter(process_id=case.pk, info__node=node, status__in=["NEW", "ASSIGNED"])
        .order_by("-pk")
        .first()
    )
    assert task is not None, f"no open {node} task on {case.case_number}"
    return task


def step(case: Case, node: str, user: Any, action: str, **data: Any) -> None:
    engine.task_complete(open_task(case, node), user, action, data)


def approved(org: dict[str, Any], case: Case) -> Case:
    """The list verified by the county caseworker and approved by the
    supervisor: its grants wait for finance."""
    users = org["users"]
    step(case, "review", users["caseworker"], "verify")
    step(case, "approve", users["supervisor"], "approve", comment="同意")
    return Case.objects.get(pk=case.pk)


def issue(org: dict[str, Any], case: Case, recipient_id: int) -> None:
    campaign_work.recipient_write(
        case=case,
        actor=org["users"]["finance"],
        write="issue",
        recipient_id=recipient_id,
        method="cash",
        reference="",
        issued_on=timezone.localdate(),
    )
