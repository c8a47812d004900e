"""Time the yearly summary on 100,000 generated cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench \\
        .venv/bin/python bench/report_summary.py [--cases 100000] [--runs 7]

Uses (and migrates) the database DATABASE_URL names — use a scratch one.
The cases are bulk-inserted straight into the tables (viewflow Process, Case,
and the program rows with payments, enrollments' ledgers left out), about
45% relief, 45% mutual aid, 10% mediation, spread over this year and the
last, with open tasks of which some are overdue. Generation runs once per
database (the bench cases are found again by their number prefix); then the
summary selector is timed for the county subtree and a grassroots subtree,
and the p50 / min / max of ``--runs`` runs are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402
from viewflow.workflow.models import Process, Task  # noqa: E402

from casework.core.models import Case, Member, OrgUnit, Payment  # noqa: E402
from casework.core.money import round_money  # noqa: E402
from casework.demo.seed import seed_org_and_users  # noqa: E402
from casework.mediation.models import Referral  # noqa: E402
from casework.mutual_aid.models import Claim, Plan, Product  # noqa: E402
from casework.mutual_aid.models import ReasonCode as ClaimReason  # noqa: E402
from casework.relief.models import (  # noqa: E402
    AidType,
    Category,
    ReliefApplication,
)
from casework.reports.figures import figures_rebuild  # noqa: E402
from casework.reports.selectors import (  # noqa: E402
    ZERO,
    _year_bounds,
    report_monthly,
    report_summary,
    report_unit,
)
from workflows.mediation import MediationFlow  # noqa: E402
from workflows.models import TaskInfo  # noqa: E402
from workflows.mutual_aid import MutualAidFlow  # noqa: E402
from workflows.relief import ReliefFlow  # noqa: E402

BATCH = 5000
MARK = "BX"  # case numbers BX-RL-0000001: never a real case's
RELIEF_STATUSES = ["closed"] * 5 + ["approved", "rejected", "verifying", "public_notice"]
MA_STATUSES = ["closed"] * 5 + ["approved", "rejected", "reviewing"]
MA_REASONS = ["NOT_ENROLLED", "WAITING_PERIOD", "LATE_CLAIM", "CAP_EXHAUSTED"]
MD_STATUSES = ["settled", "returned_to_court", "mediating", "settled_unfulfilled", "withdrawn"]


def chunks(items: list, size: int = BATCH):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def plan(year: int, product: str) -> Plan:
    return Plan.objects.get_or_create(
        year=year,
        product=product,
        defaults=dict(
            contribution=Decimal("36.00"),
            coverage_start=dt.date(year, 1, 1),
            coverage_end=dt.date(year, 12, 31),
            waiting_days=90,
            claim_deadline=dt.date(year + 1, 3, 31),
            annual_cap=Decimal("30200.00") if product == "inpatient" else None,
            lump_sums={} if product == "inpatient" else {"1": "6000.00"},
        ),
    )[0]


def generate(total: int) -> None:
    rng = random.Random(6)
    org = seed_org_and_users()
    units = [org["county"], *org["grassroots"]]
    finance = org["users"]["finance"]
    tz = timezone.get_current_timezone()
    year = timezone.localdate().year
    print(f"generating {total} cases ...", flush=True)
    started = time.perf_counter()
    members = [
        Member(
            name=f"职工{i}",
            id_number=f"X{i:017d}",
            gender="female" if i % 2 else "male",
            birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
            org_unit=units[i % len(units)],
        )
        for i in range(total // 5)
    ]
    with transaction.atomic():
        for batch in chunks(members):
            Member.objects.bulk_create(batch)
        members = list(
            Member.objects.filter(id_number__startswith="X")
            .select_related("org_unit")
            .order_by("pk")
        )
        plans = {
            (y, p): plan(y, p) for y in (year - 1, year) for p in ("inpatient", "critical_illness")
        }
        flows = {"relief": ReliefFlow, "mutual_aid": MutualAidFlow, "mediation": MediationFlow}
        specs = []
        for _ in range(total):
            roll = rng.random()
            program = "relief" if roll < 0.45 else "mutual_aid" if roll < 0.9 else "mediation"
            y = year if rng.random() < 0.6 else year - 1
            created = dt.datetime(y, rng.randint(1, 12), rng.randint(1, 28), 10, tzinfo=tz)
            specs.append((program, created, members[rng.randrange(len(members))]))
        processes = [Process(flow_class=flows[p], status="NEW", created=c) for p, c, _m in specs]
        for batch in chunks(processes):
            Process.objects.bulk_create(batch)
        cases, relief, ma, md, rpay, mpay, tasks = [], [], [], [], [], [], []
        fields = Case._meta.local_concrete_fields
        for n, (proc, (program, created, member)) in enumerate(zip(processes, specs, strict=True)):
            statuses = {"relief": RELIEF_STATUSES, "mutual_aid": MA_STATUSES}.get(
                program, MD_STATUSES
            )
            status = rng.choice(statuses)
            closed = status in ("closed", "rejected", "settled", "returned_to_court", "withdrawn")
            case = Case(
                process_ptr_id=proc.pk,
                pk=proc.pk,
                flow_class=flows[program],
                created=created,
                case_number=f"{MARK}-{program[:2].upper()}-{n:07d}",
                program=program,
                case_status=status,
                org_unit_id=member.org_unit_id,
                member=member if program != "mediation" else None,
                closed=created + dt.timedelta(days=20) if closed else None,
            )
            cases.append(case)
            amount = Decimal(rng.choice([1000, 2000, 3000, 5000, 6300]))
            decided = created.date() + dt.timedelta(days=15)
            if program == "relief":
                granted = status in ("closed", "approved")
                relief.append(
                    ReliefApplication(
                        case_id=proc.pk,
                        aid_type=rng.choice(["living", "education", "medical", "temporary"]),
                        cause="illness",
                        reason="生病",
                        household_size=3,
                        household_annual_income=Decimal("24000"),
                        rigid_expenses=Decimal("6000"),
                        requested_amount=amount,
                        category=rng.choice(["deep", "relative", "accidental"]),
                        approved_amount=amount if granted else None,
                        granted_on=decided if granted else None,
                        reject_reason_code="not_eligible" if status == "rejected" else "",
                    )
                )
                if status == "closed":
                    rpay.append(
                        Payment(
                            case_id=proc.pk,
                            member=member,
                            amount=amount,
                            method="bank_transfer",
                            reference=str(n),
                            paid_on=decided + dt.timedelta(days=5),
                            paid_by=finance,
                        )
                    )
            elif program == "mutual_aid":
                product = "inpatient" if rng.random() < 0.8 else "critical_illness"
                approved = status in ("closed", "approved")
                ma.append(
                    Claim(
                        case_id=proc.pk,
                        plan=plans[(created.year, product)],
                        admitted_on=created.date(),
                        discharged_on=created.date(),
                        diagnosis="住院",
                        total_expense=amount * 3,
                        insurance_paid=amount,
                        eligible_self_pay=amount,
                        benefit_amount=amount,
                        approved_amount=amount if approved else None,
                        reject_reason_code=rng.choice(MA_REASONS) if status == "rejected" else "",
                    )
                )
                if status == "closed":
                    mpay.append(
                        Payment(
                            case_id=proc.pk,
                            member=member,
                            amount=amount,
                            method="bank_transfer",
                            reference=str(n),
                            paid_on=decided + dt.timedelta(days=5),
                            paid_by=finance,
                        )
                    )
            else:
                settled = status.startswith("settled")
                md.append(
                    Referral(
                        case_id=proc.pk,
                        court="三江侗族自治县人民法院",
                        court_case_number=f"BX{n}",
                        referral_type="delegated",
                        referred_on=created.date(),
                        received_on=created.date(),
                        base_days=30,
                        deadline=created.date() + dt.timedelta(days=30),
                        worker_name="工人",
                        worker_id_number="X",
                        employer_name="某公司",
                        employer_credit_code="X",
                        amount_claimed=amount * 2,
                        summary="欠薪",
                        outcome="settle" if settled else ("fail" if closed else ""),
                        agreed_amount=amount if settled else None,
                        days_to_outcome=rng.randint(3, 40) if closed else None,
                        judicial_confirmation="confirmed" if settled and n % 3 == 0 else "",
                    )
                )
            if not closed and n % 4 == 0:
                tasks.append((proc.pk, program, member.org_unit.path, created.date()))
        for batch in chunks(cases):
            Case._base_manager._insert(batch, fields=fields, using=connection.alias)
        for model, rows in (
            (ReliefApplication, relief),
            (Claim, ma),
            (Referral, md),
            (Payment, rpay + mpay),
        ):
            for batch in chunks(rows, 2000):
                model.objects.bulk_create(batch)
        node = {"relief": "verify", "mutual_aid": "review", "mediation": "mediate"}
        role = {"relief": "caseworker", "mutual_aid": "caseworker", "mediation": "mediator"}
        task_rows = [
            Task(
                process_id=pk,
                flow_task=getattr(flows[p], node[p]),
                flow_task_type="HUMAN",
                status="NEW",
            )
            for pk, p, _path, _d in tasks
        ]
        for batch in chunks(task_rows):
            Task.objects.bulk_create(batch)
        infos = [
            TaskInfo(
                task_id=t.pk,
                case_id=pk,
                node=node[p],
                role=role[p],
                unit_path=path,
                due=d + dt.timedelta(days=7),
            )
            for t, (pk, p, path, d) in zip(task_rows, tasks, strict=True)
        ]
        for batch in chunks(infos):
            TaskInfo.objects.bulk_create(batch)
    print(
        f"  {len(cases)} cases ({len(relief)} relief, {len(ma)} mutual aid, {len(md)} mediation),"
        f" {len(rpay) + len(mpay)} payments, {len(infos)} open tasks"
        f" in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


# --- the baseline: the summary's relief and mutual-aid figures as they were
# computed before CaseFigures (issue 9), straight from the case tables, one
# OR over every year's rows joined to their processes, units and payments.
# Kept here only to be timed against, and to check both give the same.


def _live_in_unit(unit: OrgUnit | None, prefix: str = "case__") -> Q:
    return Q(**{f"{prefix}org_unit__path__startswith": unit.path}) if unit else Q()


def live_relief_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    start, end = _year_bounds(year)
    applied = Q(case__created__gte=start, case__created__lt=end)
    granted = Q(granted_on__year=year)
    paid = Q(case__payment__paid_on__year=year)
    rows = ReliefApplication.objects.filter(_live_in_unit(unit) & (applied | granted | paid))
    measures = {
        "applications": Count("pk", filter=applied),
        "granted": Count("pk", filter=granted),
        "granted_amount": Sum("approved_amount", filter=granted),
        "paid": Count("pk", filter=paid),
        "paid_amount": Sum("case__payment__amount", filter=paid),
    }
    totals = rows.aggregate(
        **measures, persons=Count("case__member", filter=granted, distinct=True)
    )
    by_aid_type = {r["aid_type"]: r for r in rows.values("aid_type").annotate(**measures)}
    per_category = {k: v for k, v in measures.items() if k != "applications"}
    by_category = {
        r["category"]: r for r in rows.filter(granted).values("category").annotate(**per_category)
    }
    return {
        **_live_clean(totals, measures),
        "persons": totals["persons"],
        "by_aid_type": {
            a.value: _live_clean(by_aid_type.get(a.value, {}), measures) for a in AidType
        },
        "by_category": {
            c.value: _live_clean(by_category.get(c.value, {}), per_category)
            for c in Category
            if c != Category.NOT_ELIGIBLE
        },
    }


def _live_clean(row: Mapping[str, Any], measures: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, measure in measures.items():
        value = row.get(key)
        out[key] = round_money(value or ZERO) if isinstance(measure, Sum) else (value or 0)
    return out


def live_mutual_aid_figures(year: int, unit: OrgUnit | None) -> dict[str, Any]:
    start, end = _year_bounds(year)
    received = Q(case__created__gte=start, case__created__lt=end)
    paid = Q(case__payment__paid_on__year=year)
    rejected = received & Q(case__case_status="rejected")
    rows = Claim.objects.filter(_live_in_unit(unit) & (received | paid))
    measures = {
        "claims": Count("pk", filter=received),
        "approved": Count("pk", filter=received & Q(approved_amount__isnull=False)),
        "rejected": Count("pk", filter=rejected),
        "paid": Count("pk", filter=paid),
        "paid_amount": Sum("case__payment__amount", filter=paid),
    }
    totals = rows.aggregate(**measures)
    by_product = {r["plan__product"]: r for r in rows.values("plan__product").annotate(**measures)}
    reasons = dict(
        rows.filter(rejected)
        .values("reject_reason_code")
        .annotate(n=Count("pk"))
        .values_list("reject_reason_code", "n")
    )
    rejected_by_reason = {r.value: reasons.pop(r.value, 0) for r in ClaimReason}
    if reasons:  # a rejection recorded without a code
        rejected_by_reason["other"] += sum(reasons.values())
    return {
        **_live_clean(totals, measures),
        "rejected_by_reason": rejected_by_reason,
        "by_product": {
            p.value: _live_clean(by_product.get(p.value, {}), measures) for p in Product
        },
    }


def timed(fn, runs: int) -> list[float]:
    fn()  # warm up: plans, connections, caches
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def subjects(existing: bool) -> list[tuple[str, Any, Any]]:
    """(label, user, unit) of the reports timed."""
    User = get_user_model()
    if existing:  # a database of bench/generate.py
        province = User.objects.get(username="province-supervisor")
        county_user = (
            User.objects.filter(username__startswith="county-", username__endswith="-supervisor")
            .order_by("username")
            .first()
        )
        return [
            ("province (province-supervisor)", province, report_unit(province, None)),
            (f"county ({county_user.username})", county_user, report_unit(county_user, None)),
        ]
    org = seed_org_and_users()
    return [
        ("county subtree (supervisor)", org["users"]["supervisor"], org["county"]),
        ("grassroots subtree (caseworker2)", org["users"]["caseworker2"], org["grassroots"][0]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="time the database as it is (one filled by bench/generate.py)",
    )
    args = parser.parse_args()
    if not args.existing:
        call_command("migrate", verbosity=0)
        existing = Case.objects.filter(case_number__startswith=f"{MARK}-").count()
        if existing < args.cases:
            if existing:
                sys.exit(f"{existing} bench cases already here: use a fresh database")
            generate(args.cases)
            figures_rebuild()  # written straight into the tables, as after a bulk load
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    year = timezone.localdate().year
    print(f"{connection.vendor}: {Case.objects.count()} cases in the database, year {year}")
    print(
        f"  {'report':9s} {'subtree':44s} {'p50 ms':>8s} {'min':>8s} {'max':>8s}"
        f" {'baseline p50':>13s} {'× baseline':>10s}"
    )
    for label, user, unit in subjects(args.existing):
        summary = report_summary(user, year=year, org_unit=unit)
        live = {
            "relief": live_relief_figures(year, unit),
            "mutual_aid": live_mutual_aid_figures(year, unit),
        }
        same = all(summary[k] == live[k] for k in live)
        base = timed(
            lambda un=unit: (live_relief_figures(year, un), live_mutual_aid_figures(year, un)),
            args.runs,
        )
        for name, fn in (
            ("summary", lambda u=user, un=unit: report_summary(u, year=year, org_unit=un)),
            ("monthly", lambda un=unit: report_monthly(year, un)),
        ):
            ms = timed(fn, args.runs)
            ratio = ""
            if name == "summary":
                p50, base_p50 = statistics.median(ms), statistics.median(base)
                ratio = f"{base_p50:13.1f} {p50 / base_p50:10.2f}"
            print(
                f"  {name:9s} {label:44s} {statistics.median(ms):8.1f} {min(ms):8.1f}"
                f" {max(ms):8.1f} {ratio}"
            )
        print(
            f"  {label}: relief applications {summary['relief']['applications']},"
            f" granted {summary['relief']['granted']}, paid {summary['relief']['paid_amount']};"
            f" mutual-aid claims {summary['mutual_aid']['claims']};"
            f" mediation referred {summary['mediation']['referred']};"
            f" equal to the baseline's figures: {'yes' if same else 'NO'}"
        )
        if not same:
            sys.exit("the summary and the baseline disagree")
    print(
        "  baseline: relief + mutual-aid figures computed from the case tables as before"
        " CaseFigures (the summary's other parts are the same on both sides)"
    )


if __name__ == "__main__":
    main()
