"""Demo data (API.md §Demo data): the Sanjiang org tree, the demo users,
~200 members with valid ID numbers, and relief cases in every state.
Idempotent: running it again changes nothing but the demo passwords."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from casework.relief.models import SubsistenceStandard

from .models import Member, OrgUnit, UserProfile
from .services import member_create, org_unit_create

PASSWORD = "demo-pass"
COUNTY = "三江侗族自治县总工会"
GRASSROOTS = [
    "三江侗族自治县农投供水有限公司工会",
    "三江侗族自治县人民检察院工会",
    "三江侗族自治县人民医院工会",
]
USERS = [
    # username, role, unit (None = county), full name
    ("caseworker", "caseworker", None, "韦经办"),
    ("caseworker2", "caseworker", GRASSROOTS[0], "杨经办"),
    ("supervisor", "supervisor", None, "吴审批"),
    ("supervisor2", "supervisor", None, "梁审批"),
    ("finance", "finance", None, "石财务"),
    ("medical_reviewer", "medical_reviewer", None, "龙复核"),
    ("coordinator", "mediation_coordinator", None, "潘负责"),
    ("mediator", "mediator", None, "粟调解"),
    ("mediator2", "mediator", None, "覃调解"),
    ("auditor", "auditor", None, "陆审计"),
]
SURNAMES = "吴杨韦梁石龙潘粟覃陆欧荣谢胡莫蒙黄李"
GIVEN = "春花明华建国秀英志强丽娟海燕文军红梅小平金凤德才桂兰永福"


def id_number_for(birth: dt.date, serial: int, female: bool) -> str:
    area = "452228" if birth.year < 2002 else "450226"
    seq = serial % 100
    gender_digit = (serial % 5) * 2 + (0 if female else 1)
    body = f"{area}{birth:%Y%m%d}{seq:02d}{gender_digit}"
    return body + ric.calc_check_digit(body + "0")


def _unit(name: str, code: str, parent: OrgUnit | None, level: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    return unit or org_unit_create(name=name, code=code, parent=parent, level=level)


def _user(username: str, role: str, unit: OrgUnit, full_name: str, superuser: bool = False) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name = full_name
    user.is_staff = superuser or role != "member"
    user.is_superuser = superuser
    user.set_password(PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    UserProfile.objects.update_or_create(user=user, defaults={"org_unit": unit})
    return user


@transaction.atomic
def seed_org_and_users() -> dict[str, Any]:
    province = _unit("广西壮族自治区总工会", "GX", None, OrgUnit.Level.PROVINCE)
    city = _unit("柳州市总工会", "GX-LZ", province, OrgUnit.Level.CITY)
    county = _unit(COUNTY, "GX-LZ-SJ", city, OrgUnit.Level.COUNTY)
    grassroots = [
        _unit(name, f"GX-LZ-SJ-{i + 1:02d}", county, OrgUnit.Level.GRASSROOTS)
        for i, name in enumerate(GRASSROOTS)
    ]
    for unit in [county, *grassroots]:
        SubsistenceStandard.objects.get_or_create(
            org_unit=unit,
            defaults={"monthly_amount": Decimal("1062.00"), "source": "三江县低保标准 (demo)"},
        )
    by_name = {g.name: g for g in grassroots}
    users = {
        username: _user(username, role, by_name.get(unit_name or "", county), full)
        for username, role, unit_name, full in USERS
    }
    users["admin"] = _user("admin", "", county, "管理员", superuser=True)
    return {"county": county, "grassroots": grassroots, "users": users}


@transaction.atomic
def seed_members(units: list[OrgUnit], count: int = 200) -> list[Member]:
    rng = random.Random(20261126)
    members = []
    for i in range(count):
        female = i % 2 == 1
        birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 34))
        if i % 25 == 0:
            birth = dt.date(2002, 3, 1) + dt.timedelta(days=rng.randrange(0, 700))
        number = id_number_for(birth, i, female)
        member = Member.objects.filter(id_number=number).first()
        if member is None:
            name = (
                SURNAMES[i % len(SURNAMES)]
                + GIVEN[(i * 7) % len(GIVEN)]
                + GIVEN[(i * 3 + 1) % len(GIVEN)]
            )
            member = member_create(
                name=name,
                id_number=number,
                org_unit=units[i % len(units)],
                phone=f"139{i:08d}",
                employer=units[i % len(units)].name.removesuffix("工会") or "三江县",
                member_since=dt.date(2010 + i % 15, 1 + i % 12, 1),
            )
        members.append(member)
    return members


def seed_member_login(member: Member, unit: OrgUnit) -> User:
    user = _user("member", "member", unit, member.name)
    if member.user_id != user.pk:
        Member.objects.filter(user=user).exclude(pk=member.pk).update(user=None)
        member.user = user
        member.save(update_fields=["user"])
    return user


def seed_relief_cases(members: list[Member], users: dict[str, User]) -> int:
    """Relief cases in every state, driven through the engine like any
    client would. Skipped when the demo members already have cases."""
    from casework.relief.services import relief_submit
    from workflows import engine
    from workflows.selectors import open_tasks_of

    if any(m.cases.exists() for m in members[:20]):
        return 0
    cw, sup, sup2, fin = (
        users["caseworker"],
        users["supervisor"],
        users["supervisor2"],
        users["finance"],
    )
    today = timezone.localdate()

    def submit(
        member: Member, amount: str = "3000", aid_type: str = "living", income: str = "24000"
    ):
        return relief_submit(
            actor=cw,
            member=member,
            aid_type=aid_type,
            cause="illness",
            reason="家庭成员长期患病，收入微薄",
            household_size=3,
            household_annual_income=Decimal(income),
            rigid_expenses=Decimal("6000"),
            requested_amount=Decimal(amount),
        )

    def step(case, user, action, **data):
        task = open_tasks_of(case.pk).first()
        return engine.task_complete(task, user, action, data)

    recommend = {
        "visit_date": today.isoformat(),
        "verified_annual_income": "24000",
        "verified_rigid_expenses": "6000",
        "household_size": 3,
        "notes": "入户核查属实",
    }
    made = 0
    stages = [
        "submitted",
        "verifying",
        "awaiting_supplement",
        "public_notice",
        "awaiting_approval",
        "approved",
        "closed",
        "rejected",
        "withdrawn",
        "senior",
    ]
    for i, stage in enumerate(stages):
        member = members[i]
        case = submit(member, amount="6000" if stage == "senior" else "3000")
        made += 1
        if stage == "submitted":
            continue
        if stage == "verifying":
            engine.task_claim(open_tasks_of(case.pk).first(), cw)
            continue
        if stage == "awaiting_supplement":
            step(case, cw, "return", reason="请补充收入证明")
            continue
        if stage == "withdrawn":
            engine.case_withdraw(case, cw, "申请人自行撤回")
            continue
        if stage == "rejected":
            step(case, cw, "reject", reason_code="false_information", reason="收入情况不实")
            continue
        step(
            case,
            cw,
            "recommend",
            recommended_amount="6000" if stage == "senior" else "3000",
            **recommend,
        )
        if stage == "public_notice":
            continue
        # the demo skips waiting for the notice period: lodge nothing, end it now
        _end_notice_now(case)
        if stage == "awaiting_approval":
            continue
        step(
            case,
            sup,
            "approve",
            approved_amount="6000" if stage == "senior" else "3000",
            comment="",
        )
        if stage == "senior":
            continue
        if stage == "approved":
            continue
        step(
            case,
            fin,
            "pay",
            amount="3000",
            method="bank_transfer",
            reference=f"DEMO-{i:04d}",
            paid_on=today.isoformat(),
        )
    del sup2
    return made


def _end_notice_now(case: Any) -> None:
    """Move the notice timer to now and fire it, as the due-work run would
    once the period is over."""
    from viewflow.workflow.models import Task

    from workflows import engine

    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now()
    )
    engine.timers_fire_due()


def seed_demo() -> dict[str, int]:
    from casework.mediation.demo import seed_mediation_demo
    from casework.mutual_aid.demo import seed_mutual_aid_demo

    org = seed_org_and_users()
    members = seed_members([org["county"], *org["grassroots"]])
    seed_member_login(members[1], org["county"])
    cases = seed_relief_cases(members, org["users"])
    cases += seed_mutual_aid_demo(org, members)
    cases += seed_mediation_demo(org, members)
    return {"members": len(members), "cases_created": cases}
