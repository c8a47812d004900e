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
from stdnum.cn import ric

from casework.core.models import Member, OrgUnit, UserProfile
from casework.core.services import member_create, org_unit_create
from casework.relief.models import SubsistenceStandard

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
    ("lawyer", "duty_lawyer", None, "莫律师"),  # a firm's lawyer on the county's legal roster
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
