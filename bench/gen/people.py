"""The province: org tree, staff users with their roles and units, members
with valid unique ID numbers, the mutual-aid plans and enrollments."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import stdnum
from django.contrib.auth.hashers import make_password
from stdnum.cn import ric

from casework.core.roles import (
    AUDITOR,
    CASEWORKER,
    FINANCE,
    MEDIATION_COORDINATOR,
    MEDIATOR,
    MEDICAL_REVIEWER,
    STAFF_ROLES,
    SUPERVISOR,
)
from casework.demo.seed import plan_defaults

from .sink import jtext

PASSWORD = "bench-pass"
CITIES = "南宁柳州桂林梧州北海防城港钦州贵港玉林百色贺州河池来宾崇左"
CITY_NAMES = ["南宁", "柳州", "桂林", "梧州", "北海", "防城港", "钦州"]
CITY_NAMES += ["贵港", "玉林", "百色", "贺州", "河池", "来宾", "崇左"]
PLACE = "东西南北安平阳江山城兴宁武宜富德和丰永隆"
TRADES = ["机械厂", "供电局", "人民医院", "中学", "建筑公司", "纺织厂", "糖厂", "物流公司"]
TRADES += ["银行支行", "自来水公司", "电子厂", "食品公司", "汽车配件厂", "环卫所", "超市"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦覃莫蒙陆潘龙石"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志海燕红梅德才春花金凤"
# per county: these roles, one user each (two mediators, two supervisors)
COUNTY_ROLES = [
    ("caseworker", CASEWORKER),
    ("supervisor", SUPERVISOR),
    ("supervisor2", SUPERVISOR),
    ("finance", FINANCE),
    ("medical_reviewer", MEDICAL_REVIEWER),
    ("coordinator", MEDIATION_COORDINATOR),
    ("mediator", MEDIATOR),
    ("mediator2", MEDIATOR),
    ("auditor", AUDITOR),
]
PROVINCE_ROLES = [("supervisor", SUPERVISOR), ("auditor", AUDITOR), ("caseworker", CASEWORKER)]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PRODUCTS = ("inpatient", "critical_illness", "female_special")
# per-mille of members enrolled in each product a year (female_special: of women)
ENROLL_RATE = {"inpatient": 880, "critical_illness": 380, "female_special": 450}


def area_codes_by_year(first: int, last: int) -> dict[int, list[str]]:
    """Guangxi (45) county codes stdnum accepts for someone born in each year
    (a code counts only while it was assigned: stdnum's own region table)."""
    table = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    candidates, province = [], ""
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line.startswith(" "):
            province = line.split()[0]
        elif province == "45":
            code = line.split()[0]
            if not code.endswith("00") and "市辖区" not in line:
                candidates.append("45" + code)
    out = {}
    for year in range(first, last + 1):
        out[year] = [c for c in candidates if ric.is_valid(_with_check(f"{c}{year}0101001"))]
    return out


def _with_check(body: str) -> str:
    return body + id_check_digit(body)


def id_check_digit(body: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character of a 17-digit body."""
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def enrolled(member_id: int, year: int, product: str) -> bool:
    """Whether the member is enrolled in the product that year: the same
    integer hash in Python (claims) and SQL (enrollments), see ``ENROLL_SQL``."""
    k = PRODUCTS.index(product) + 1
    return (member_id * 2654435761 + year * 1000003 + k * 7919) % 1000 < ENROLL_RATE[product]


@dataclass
class Unit:
    id: int
    code: str
    name: str
    level: int
    path: str
    parent: Unit | None = None
    area: str = ""  # 6-digit ID-number area code of the county
    users: dict[str, int] = field(default_factory=dict)  # role key → user id

    @property
    def county(self) -> Unit:
        return self if self.level == 3 else self.parent  # type: ignore[return-value]


@dataclass
class Province:
    units: list[Unit]
    counties: list[Unit]
    grassroots: list[Unit]
    users: dict[int, str]  # id → username
    province: Unit
    member_unit: list[int] = field(default_factory=list)  # index into grassroots, per member
    member_female: bytearray = field(default_factory=bytearray)
    member_since_year: list[int] = field(default_factory=list)
    member_first_id: int = 1
    member_names: list[str] = field(default_factory=list)
    member_id_numbers: list[str] = field(default_factory=list)


def build_tree(counties: int, per_county: int, first_id: int) -> list[Unit]:
    """1 province → cities → ``counties`` counties → ``per_county`` grassroots each."""
    next_id = first_id
    province = Unit(next_id, "GX", "广西壮族自治区总工会", 1, f"/{next_id}/")
    units = [province]
    n_cities = min(len(CITY_NAMES), max(1, -(-counties // 7)))
    cities = []
    for c in range(n_cities):
        next_id += 1
        code = f"GX-{c + 1:02d}"
        city = Unit(next_id, code, f"{CITY_NAMES[c]}市总工会", 2, f"{province.path}{next_id}/")
        city.parent = province
        cities.append(city)
        units.append(city)
    for k in range(counties):
        city = cities[k % n_cities]
        nth = k // n_cities + 1
        next_id += 1
        place = PLACE[(k * 7) % len(PLACE)] + PLACE[(k * 3 + 5) % len(PLACE)]
        county = Unit(
            next_id,
            f"{city.code}-{nth:02d}",
            f"{CITY_NAMES[int(city.code[3:]) - 1]}{place}县总工会",
            3,
            f"{city.path}{next_id}/",
            parent=city,
            area=f"45{int(city.code[3:]):02d}{20 + nth:02d}",
        )
        units.append(county)
        for g in range(per_county):
            next_id += 1
            trade = TRADES[(g + k) % len(TRADES)]
            grass = Unit(
                next_id,
                f"{county.code}-{g + 1:02d}",
                f"{county.name.removesuffix('总工会')}{PLACE[g % len(PLACE)]}{trade}工会",
                4,
                f"{county.path}{next_id}/",
                parent=county,
                area=county.area,
            )
            units.append(grass)
    return units


def write_org_and_users(
    conn: Any, units: list[Unit], first_user_id: int, first_profile_id: int, first_link_id: int
) -> dict[int, str]:
    """COPY the units, the staff users (one password hash for all), their
    profiles and their groups. Returns user id → username."""
    groups = dict(conn.execute("SELECT name, id FROM auth_group").fetchall())
    for role in STAFF_ROLES:
        if role not in groups:
            groups[role] = conn.execute(
                "INSERT INTO auth_group (name) VALUES (%s) RETURNING id", [role]
            ).fetchone()[0]
    password = make_password(PASSWORD)
    users: dict[int, str] = {}
    user_rows, profile_rows, link_rows = [], [], []
    uid, pid, lid = first_user_id, first_profile_id, first_link_id
    joined = "2023-01-01 00:00:00+08"

    def add(unit: Unit, key: str, role: str, username: str) -> None:
        nonlocal uid, pid, lid
        full = SURNAMES[uid % len(SURNAMES)] + GIVEN[(uid * 7) % len(GIVEN)]
        user_rows.append(f"{uid}\t{password}\tf\t{username}\t{full}\t\t\tt\tt\t{joined}")
        profile_rows.append(f"{pid}\t{uid}\t{unit.id}")
        link_rows.append(f"{lid}\t{uid}\t{groups[role]}")
        unit.users[key] = uid
        users[uid] = username
        uid, pid, lid = uid + 1, pid + 1, lid + 1

    for unit in units:
        if unit.level == 1:
            for key, role in PROVINCE_ROLES:
                add(unit, key, role, f"province-{key}")
        elif unit.level == 3:
            for key, role in COUNTY_ROLES:
                add(unit, key, role, f"county-{unit.code}-{key}")
        elif unit.level == 4:
            add(unit, "caseworker", CASEWORKER, f"unit-{unit.code}-caseworker")
    with conn.cursor() as cur:
        with cur.copy(
            "COPY core_orgunit (id, name, code, level, path, parent_id) FROM STDIN"
        ) as cp:
            for u in units:
                parent = u.parent.id if u.parent else "\\N"
                cp.write(f"{u.id}\t{u.name}\t{u.code}\t{u.level}\t{u.path}\t{parent}\n".encode())
        columns = (
            "id, password, is_superuser, username, first_name, last_name, email, "
            "is_staff, is_active, date_joined"
        )
        for table, cols, rows in (
            ("auth_user", columns, user_rows),
            ("core_userprofile", "id, user_id, org_unit_id", profile_rows),
            ("auth_user_groups", "id, user_id, group_id", link_rows),
        ):
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                cp.write(("\n".join(rows) + "\n").encode())
    return users


def write_members(
    conn: Any, province: Province, count: int, first_id: int, rng: random.Random
) -> int:
    """COPY ``count`` members over the grassroots units (skewed sizes: a few
    big employers, many small ones) with unique valid ID numbers."""
    grass = province.grassroots
    weights = [rng.paretovariate(1.2) for _ in grass]
    units = rng.choices(range(len(grass)), weights=weights, k=count)
    seen: set[str] = set()
    base = dt.date(1962, 1, 1).toordinal()
    span = dt.date(2005, 12, 31).toordinal() - base
    areas = area_codes_by_year(1962, 2005)
    phones = ("138", "139", "158", "159", "186", "187", "177", "135")
    province.member_first_id = first_id
    out: list[str] = []
    with conn.cursor() as cur:
        columns = "id, name, id_number, gender, birth_date, phone, employer, org_unit_id, "
        columns += "member_since, status"
        with cur.copy(f"COPY core_member ({columns}) FROM STDIN") as cp:
            for i in range(count):
                unit = grass[units[i]]
                female = rng.random() < 0.46
                while True:
                    birth = dt.date.fromordinal(base + rng.randrange(span))
                    serial = rng.randrange(500) * 2 + (0 if female else 1)
                    valid = areas[birth.year]
                    area = valid[int(unit.area) % len(valid)]  # the county's own code
                    body = f"{area}{birth:%Y%m%d}{serial:03d}"
                    if body not in seen:
                        seen.add(body)
                        break
                number = body + id_check_digit(body)
                name = SURNAMES[rng.randrange(len(SURNAMES))] + "".join(
                    rng.choice(GIVEN) for _ in range(1 + (rng.random() < 0.7))
                )
                since_year = max(birth.year + 18, 1990 + rng.randrange(37))
                since_year = min(since_year, 2026)
                since = f"{since_year}-{1 + rng.randrange(12):02d}-01"
                status = "left" if rng.random() < 0.02 else "active"
                phone = phones[i % len(phones)] + f"{rng.randrange(10**8):08d}"
                employer = unit.name.removesuffix("工会")
                gender = "female" if female else "male"
                out.append(
                    f"{first_id + i}\t{name}\t{number}\t{gender}\t{birth}\t{phone}\t"
                    f"{employer}\t{unit.id}\t{since}\t{status}"
                )
                province.member_unit.append(units[i])
                province.member_female.append(female)
                province.member_since_year.append(since_year)
                province.member_names.append(name)
                province.member_id_numbers.append(number)
                if len(out) >= 20000:
                    cp.write(("\n".join(out) + "\n").encode())
                    out.clear()
            if out:
                cp.write(("\n".join(out) + "\n").encode())
    return count


def write_plans(conn: Any, years: list[int], first_id: int) -> dict[tuple[int, str], int]:
    """The plans of each year × product (PROCESSES.md §2 example values)."""
    plans: dict[tuple[int, str], int] = {
        (year, product): pk
        for pk, year, product in conn.execute("SELECT id, year, product FROM mutual_aid_plan")
    }
    pid = first_id
    rows = []
    for year in years:
        for plan in plan_defaults(year):
            if (year, plan["product"]) in plans:
                continue  # seeded by a migration: keep it
            plans[(year, plan["product"])] = pid
            cap = plan.get("annual_cap")
            rows.append(
                f"{pid}\t{year}\t{plan['product']}\t{plan['contribution']}\t"
                f"{plan['coverage_start']}\t{plan['coverage_end']}\t{plan['waiting_days']}\t"
                f"{plan['claim_deadline']}\t{plan.get('deductible_first', Decimal('0'))}\t"
                f"{plan.get('deductible_subsequent', Decimal('0'))}\t"
                f"{jtext(plan.get('tiers', []))}\t"
                f"{cap if cap is not None else chr(92) + 'N'}\t{jtext(plan.get('lump_sums', {}))}\t"
                f"1\t{plan['source']}"
            )
            pid += 1
    columns = (
        "id, year, product, contribution, coverage_start, coverage_end, waiting_days, "
        "claim_deadline, deductible_first, deductible_subsequent, tiers, annual_cap, "
        "lump_sums, version, source"
    )
    if rows:
        with conn.cursor() as cur, cur.copy(f"COPY mutual_aid_plan ({columns}) FROM STDIN") as cp:
            cp.write(("\n".join(rows) + "\n").encode())
    return {key: pk for key, pk in plans.items() if key[0] in years}


ENROLL_SQL = """
INSERT INTO mutual_aid_enrollment
    (paid_amount, enrolled_on, renewal, created_at, member_id, plan_id)
SELECT p.contribution,
       make_date(p.year, 1, 2) + (m.id %% 80)::int,
       (m.id * 2654435761 + (p.year - 1) * 1000003 + %(k)s * 7919) %% 1000 < %(rate)s,
       (make_date(p.year, 1, 2) + (m.id %% 80)::int) + time '10:00' at time zone 'Asia/Shanghai',
       m.id, p.id
  FROM core_member m, mutual_aid_plan p
 WHERE p.id = %(plan)s
   AND m.id BETWEEN %(lo)s AND %(hi)s
   AND extract(year from m.member_since) <= p.year
   AND (m.id * 2654435761 + p.year * 1000003 + %(k)s * 7919) %% 1000 < %(rate)s
   AND (%(k)s <> 3 OR m.gender = 'female')
"""


def write_enrollments(conn: Any, plans: dict[tuple[int, str], int], lo: int, hi: int) -> int:
    """Most members each year (renewals flagged), computed in the server from
    the same hash as ``enrolled``."""
    total = 0
    for (_year, product), plan_id in plans.items():
        k = PRODUCTS.index(product) + 1
        cur = conn.execute(
            ENROLL_SQL,
            {"k": k, "rate": ENROLL_RATE[product], "plan": plan_id, "lo": lo, "hi": hi},
        )
        total += cur.rowcount
    return total
