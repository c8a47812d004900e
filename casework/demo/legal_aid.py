"""Demo legal aid (PROCESSES.md §5): the county's income ceiling (1,690),
and applications in every state — awaiting review, returned for documents,
awaiting approval, a lawyer assigned (with its 委派函), closed won with its
closing report, refused on the means test (with its letter), and one a
consultation referred. Through the services and the engine, like any
client; skipped when any legal-aid case exists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.core.documents import document_upload
from casework.core.models import Case, Member
from casework.legal.models import IncomeCeiling, LegalAid
from workflows import engine
from workflows.intake import consultation_log, legal_aid_apply
from workflows.selectors import open_tasks_of

from .people import id_number_for

EMPLOYERS = ["三江某建筑工程有限公司", "柳州某食品加工厂", "三江某茶业有限公司"]
# stage → (claim, amount, household size, monthly income, migrant worker)
STAGES: list[tuple[str, tuple[str, str, int, str, bool]]] = [
    ("submitted", ("wages", "18000", 3, "3600", False)),
    ("awaiting_supplement", ("termination", "9000", 2, "2400", False)),
    ("awaiting_approval", ("work_injury", "45000", 4, "9000", True)),
    ("in_progress", ("wages", "26000", 1, "3000", True)),
    ("closed", ("wages", "12000", 3, "2700", True)),
    ("refused", ("social_insurance", "800", 2, "7000", False)),
]


def _step(case: Case, user: Any, action: str, **data: Any) -> None:
    engine.task_complete(open_tasks_of(case.pk).first(), user, action, data)


def _apply(users: dict[str, Any], applicant: dict[str, Any], n: int, figures: tuple) -> Case:
    claim, amount, size, income, migrant = figures
    return legal_aid_apply(
        actor=users["caseworker"],
        applicant=applicant,
        employer={"name": EMPLOYERS[n % len(EMPLOYERS)], "credit_code": ""},
        claim=claim,
        amount_in_dispute=Decimal(amount),
        household_size=size,
        household_monthly_income=Decimal(income),
        migrant_worker=migrant,
        facts="在该单位务工，用人单位拖欠工资、不依法支付补偿，多次协商未果",
    )


def _to(stage: str, case: Case, users: dict[str, Any]) -> None:
    cw, sup = users["caseworker"], users["supervisor"]
    if stage == "refused":
        _step(case, cw, "refuse", reason="争议金额不足1000元，且家庭人均收入高于本地标准")
        return
    if stage == "awaiting_supplement":
        _step(case, cw, "return", reason="请补充劳动合同和工资流水")
        return
    if stage == "submitted":
        return
    _step(case, cw, "accept", comment="材料齐全，符合条件")
    if stage == "awaiting_approval":
        return
    _step(case, sup, "approve", comment="同意提供法律援助")
    _step(case, cw, "assign", lawyer="韦明", firm="广西三江律师事务所")
    if stage == "closed":
        report = SimpleUploadedFile("结案报告.pdf", b"%PDF-1.4 demo closing report")
        document_upload(case=case, actor=cw, upload=report, kind="closing_report")
        _step(case, cw, "close", result="won", amount_recovered=Decimal("12000.00"))


def seed_legal_aid_demo(org: dict[str, Any], members: list[Member]) -> int:
    """The demo's legal-aid cases; the number created."""
    IncomeCeiling.objects.get_or_create(
        org_unit=org["county"],
        defaults={
            "monthly_amount": Decimal("1690.00"),
            "source": "广西最低工资第四类地区标准 (demo)",
        },
    )
    if LegalAid.objects.exists():
        return 0
    users = org["users"]
    # county members (past the ones the other demos use) and persons
    county = [m for m in members if m.org_unit_id == org["county"].pk][5:]
    for n, (stage, figures) in enumerate(STAGES):
        if n % 2 == 0 and n // 2 < len(county):
            applicant: dict[str, Any] = {"member": county[n // 2].pk}
        else:
            applicant = _person(f"覃务工{n}", 60 + n)
        _to(stage, _apply(users, applicant, n, figures), users)
    consultation_log(
        actor=users["caseworker"],
        channel="visit",
        slot=None,
        visitor={**_person("杨务工", 71), "id_refused": False},
        member=None,
        employer={"name": EMPLOYERS[0], "credit_code": ""},
        category="wages",
        facts="工程完工后包工头失联，拖欠三个月工资",
        advice="可申请工会法律援助",
        outcome="referred_legal_aid",
        referred_to="",
        follow_up_on=None,
    )
    return len(STAGES) + 2


def _person(name: str, serial: int) -> dict[str, Any]:
    """A worker who is no member: name, ID number, phone."""
    number = id_number_for(dt.date(1988, 5, 1) + dt.timedelta(days=serial), serial, False)
    return {"name": name, "id_number": number, "phone": f"1370000{serial:04d}"}
