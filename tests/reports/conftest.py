"""A known data set for the reports: rows written straight to the tables
(the reports only read), so every figure below is known exactly.

This year (Y), under the county:
- relief: R1 g0 living deep granted 3000 paid 3000 (member m1); R2 g1
  living relative granted 2000 unpaid; R3 g0 education deep granted 6000
  paid 6000 (m1 again); R4 g1 medical rejected; R6 county temporary
  accidental in public notice (recommended 1500); R5 last year, granted and
  paid last year (never counted for Y).
- mutual aid: M1 g0 inpatient approved + paid 5000 (m1); M2 g1 inpatient
  rejected WAITING_PERIOD; M3 county critical rejected NOT_ENROLLED; M4
  county inpatient rejected NOT_ENROLLED; M5 county critical approved 6000
  unpaid.
- mediation (county): D1 settled (claimed 10000, agreed 8000, 10 days,
  extended, judicially confirmed; worker m1); D2 returned to court
  (claimed 6000, 20 days); D3 open (claimed 4000).
- open tasks: R6 caseworker due yesterday, M5 finance due 3 days ago (both
  overdue), R2 supervisor due tomorrow, R1 caseworker past due but done.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.core.models import Case, Payment
from casework.mediation.models import MediationSession, Referral
from casework.mutual_aid.models import (
    Claim,
    Enrollment,
    MemberLedger,
    Plan,
)
from casework.relief.models import ReliefApplication, RosterEntry
from casework.reports.figures import figures_rebuild
from workflows.mediation import MediationFlow
from workflows.models import TaskInfo
from workflows.mutual_aid import MutualAidFlow
from workflows.relief import ReliefFlow

SECRET_TERMS = "保密条款：分三期支付并互不追究"
SECRET_NOTES = "会谈笔录机密内容"
SECRET_REASON = "用人单位拒不到场的内部原因"
FLOWS = {"relief": ReliefFlow, "mutual_aid": MutualAidFlow, "mediation": MediationFlow}
PREFIX = {"relief": "RL", "mutual_aid": "MA", "mediation": "MD"}
_numbers = itertools.count(1)


def make_case(program: str, unit, member, status: str, created: dt.datetime, **extra) -> Case:
    closed = extra.pop("closed", None)
    return Case.objects.create(
        flow_class=FLOWS[program],
        status="DONE" if closed else "NEW",
        case_number=f"{PREFIX[program]}-{created.year}-{next(_numbers):06d}",
        program=program,
        case_status=status,
        org_unit=unit,
        member=member,
        created=created,
        closed=closed,
        finished=closed,
    )


def relief(
    unit,
    member,
    status,
    created,
    *,
    aid_type,
    category="",
    approved=None,
    granted_on=None,
    paid_on=None,
    recommended=None,
    users=None,
) -> Case:
    case = make_case("relief", unit, member, status, created)
    ReliefApplication.objects.create(
        case=case,
        aid_type=aid_type,
        cause="illness",
        reason="长期患病",
        household_size=3,
        household_annual_income=Decimal("24000.00"),
        rigid_expenses=Decimal("6000.00"),
        requested_amount=approved or recommended or Decimal("1000.00"),
        category=category,
        recommended_amount=recommended or approved,
        approved_amount=approved,
        granted_on=granted_on,
        notice_ends_on=timezone.localdate() + dt.timedelta(days=3) if recommended else None,
        reject_reason_code="not_eligible" if status == "rejected" else "",
    )
    if paid_on:
        Payment.objects.create(
            case=case,
            member=member,
            amount=approved,
            method="bank_transfer",
            reference=f"BANK-{case.pk}",
            paid_on=paid_on,
            paid_by=users["finance"],
        )
    return case


def claim(
    unit, member, status, created, plan, *, approved=None, paid_on=None, reason="", users=None
) -> Case:
    case = make_case("mutual_aid", unit, member, status, created)
    Claim.objects.create(
        case=case,
        plan=plan,
        hospital="三江县人民医院",
        admitted_on=created.date(),
        discharged_on=created.date(),
        diagnosis="肺炎",
        total_expense=Decimal("20000.00"),
        insurance_paid=Decimal("10000.00"),
        eligible_self_pay=Decimal("9000.00"),
        benefit_amount=approved or Decimal("0.00"),
        eligible=not reason,
        approved_amount=approved,
        reasons=[reason] if reason else [],
        reject_reason_code=reason,
        explanation=["政策范围内个人自付 9000.00 元", "扣除起付线 1300.00 元"],
    )
    if paid_on:
        Payment.objects.create(
            case=case,
            member=member,
            amount=approved,
            method="bank_transfer",
            reference=f"MA-{case.pk}",
            paid_on=paid_on,
            paid_by=users["finance"],
        )
    return case


def referral(
    unit, status, created, *, claimed, outcome="", agreed=None, days=None, worker=None, **extra
) -> Case:
    closed = (
        created + dt.timedelta(days=days)
        if status in ("settled", "settled_unfulfilled", "returned_to_court", "withdrawn")
        else None
    )
    case = make_case("mediation", unit, worker, status, created, closed=closed)
    Referral.objects.create(
        case=case,
        court="三江侗族自治县人民法院",
        court_case_number=f"(2026)桂0226民初{case.pk}号",
        referral_type="delegated",
        procedure="ordinary",
        referred_on=created.date(),
        received_on=created.date(),
        base_days=30,
        deadline=created.date() + dt.timedelta(days=30),
        worker_member=worker,
        worker_name=worker.name if worker else "覃工人",
        worker_id_number=worker.id_number if worker else "452228198503141239",
        employer_name="三江某建筑有限公司",
        employer_credit_code="91450226MA5K8X7Q00",
        dispute_types=["wages"],
        amount_claimed=claimed,
        summary="拖欠工资",
        outcome=outcome,
        agreed_amount=agreed,
        days_to_outcome=days,
        outcome_on=(created + dt.timedelta(days=days)).date() if days else None,
        **extra,
    )
    return case


def open_task(case: Case, role: str, due: dt.date, status: str = STATUS.NEW) -> None:
    flow = FLOWS[case.program]
    node = {"relief": "verify", "mutual_aid": "pay", "mediation": "mediate"}[case.program]
    task = Task.objects.create(
        process=case, flow_task=getattr(flow, node), flow_task_type="HUMAN", status=status
    )
    TaskInfo.objects.create(
        task=task, case=case, node=node, role=role, unit_path=case.org_unit.path, due=due
    )


@pytest.fixture
def dataset(org, users, members, county, grassroots) -> dict[str, Any]:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    year = today.year
    g0, g1 = grassroots[0], grassroots[1]
    m1 = next(m for m in members if m.org_unit_id == g0.pk)
    m2 = next(m for m in members if m.org_unit_id == g1.pk)
    m3 = next(m for m in members if m.org_unit_id == county.pk)
    m4 = [m for m in members if m.org_unit_id == county.pk][1]
    jan = dt.datetime(year, 1, 15, 10, tzinfo=tz)
    feb = dt.datetime(year, 2, 10, 10, tzinfo=tz)
    mar = dt.datetime(year, 3, 5, 10, tzinfo=tz)
    last_year = dt.datetime(year - 1, 11, 20, 10, tzinfo=tz)
    d = dt.date
    u = users
    cases = {
        "R1": relief(
            g0,
            m1,
            "closed",
            jan,
            aid_type="living",
            category="deep",
            approved=Decimal("3000.00"),
            granted_on=d(year, 1, 25),
            paid_on=d(year, 2, 3),
            users=u,
        ),
        "R2": relief(
            g1,
            m2,
            "approved",
            feb,
            aid_type="living",
            category="relative",
            approved=Decimal("2000.00"),
            granted_on=d(year, 2, 20),
            users=u,
        ),
        "R3": relief(
            g0,
            m1,
            "closed",
            feb,
            aid_type="education",
            category="deep",
            approved=Decimal("6000.00"),
            granted_on=d(year, 3, 1),
            paid_on=d(year, 3, 10),
            users=u,
        ),
        "R4": relief(g1, m2, "rejected", mar, aid_type="medical", users=u),
        "R5": relief(
            county,
            m3,
            "closed",
            last_year,
            aid_type="temporary",
            category="accidental",
            approved=Decimal("1000.00"),
            granted_on=d(year - 1, 12, 1),
            paid_on=d(year - 1, 12, 5),
            users=u,
        ),
        "R6": relief(
            county,
            m4,
            "public_notice",
            mar,
            aid_type="temporary",
            category="accidental",
            recommended=Decimal("1500.00"),
            users=u,
        ),
    }
    inpatient, _ = Plan.objects.update_or_create(
        year=year,
        product="inpatient",
        defaults=dict(
            contribution=Decimal("36.00"),
            coverage_start=d(year, 1, 1),
            coverage_end=d(year, 12, 31),
            waiting_days=90,
            claim_deadline=d(year + 1, 3, 31),
            deductible_first=Decimal("1300.00"),
            deductible_subsequent=Decimal("650.00"),
            tiers=[{"up_to": None, "ratio": "0.50"}],
            annual_cap=Decimal("30200.00"),
        ),
    )
    critical, _ = Plan.objects.update_or_create(
        year=year,
        product="critical_illness",
        defaults=dict(
            contribution=Decimal("60.00"),
            coverage_start=d(year, 1, 1),
            coverage_end=d(year, 12, 31),
            waiting_days=90,
            claim_deadline=d(year + 1, 3, 31),
            lump_sums={"1": "6000.00", "2": "3000.00"},
            annual_cap=None,
        ),
    )
    cases.update(
        M1=claim(
            g0,
            m1,
            "closed",
            jan,
            inpatient,
            approved=Decimal("5000.00"),
            paid_on=d(year, 2, 1),
            users=u,
        ),
        M2=claim(g1, m2, "rejected", feb, inpatient, reason="WAITING_PERIOD", users=u),
        M3=claim(county, m3, "rejected", feb, critical, reason="NOT_ENROLLED", users=u),
        M4=claim(county, m4, "rejected", mar, inpatient, reason="NOT_ENROLLED", users=u),
        M5=claim(county, m3, "approved", mar, critical, approved=Decimal("6000.00"), users=u),
    )
    for plan in (inpatient, critical):
        Enrollment.objects.create(
            member=m1, plan=plan, paid_amount=plan.contribution, enrolled_on=d(year - 1, 12, 1)
        )
    MemberLedger.objects.create(
        member=m1,
        plan=inpatient,
        approved_total=Decimal("5000.00"),
        paid_total=Decimal("5000.00"),
        paid_claims=1,
    )
    RosterEntry.objects.create(
        member=m1,
        case=cases["R1"],
        category="deep",
        filed_on=d(year, 1, 25),
        review_due=d(year + 1, 1, 25),
    )
    cases.update(
        D1=referral(
            county,
            "settled",
            jan,
            claimed=Decimal("10000.00"),
            outcome="settle",
            agreed=Decimal("8000.00"),
            days=10,
            worker=m1,
            terms=SECRET_TERMS,
            judicial_confirmation="confirmed",
            extended_at=jan + dt.timedelta(days=5),
            mediator=u["mediator"],
        ),
        D2=referral(
            county,
            "returned_to_court",
            feb,
            claimed=Decimal("6000.00"),
            outcome="fail",
            days=20,
            outcome_reason=SECRET_REASON,
            disputed_points=["加班费计算基数"],
            mediator=u["mediator"],
            letter_reference="三工调函〔2026〕1号",
        ),
        D3=referral(county, "mediating", mar, claimed=Decimal("4000.00"), mediator=u["mediator2"]),
    )
    MediationSession.objects.create(
        referral=Referral.objects.get(case=cases["D1"]),
        held_on=jan.date(),
        place="工作室",
        attendees=["双方"],
        notes=SECRET_NOTES,
        recorded_by=u["mediator"],
    )
    open_task(cases["R6"], "caseworker", today - dt.timedelta(days=1))
    open_task(cases["M5"], "finance", today - dt.timedelta(days=3), STATUS.ASSIGNED)
    open_task(cases["R2"], "supervisor", today + dt.timedelta(days=1))
    open_task(cases["R1"], "caseworker", today - dt.timedelta(days=9), STATUS.DONE)
    # written straight into the tables, not through the engine: the summary's
    # copy of the figures is rebuilt as after any bulk load
    figures_rebuild()
    return {
        "year": year,
        "cases": cases,
        "m1": m1,
        "m2": m2,
        "members": members,
        "plans": {"inpatient": inpatient, "critical": critical},
    }
