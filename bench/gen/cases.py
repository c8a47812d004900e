"""The cases of the province: when each was opened (three years, with each
program's seasons), which state it is in now (young ones open, a backlog,
the rest ended), numbered in time order, then built and written by one or
more worker processes, each with its own COPY streams and id ranges."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
from dataclasses import dataclass

import psycopg

from . import mediation, mutual_aid, people, programs, relief
from .casebuilder import DAY, PREFIX, TABLES, CaseBuilder, Generator, Ids
from .sink import Sink, day_of, next_id, us_of

SHARES = {"relief": 0.45, "mutual_aid": 0.525, "mediation": 0.025}
FINAL = {
    "relief": {"closed": 70, "rejected": 17, "withdrawn": 6, "lapsed": 4},
    "mutual_aid": {"closed": 80, "rejected": 15, "withdrawn": 5},
    "mediation": {
        "settled": 45,
        "settled_unfulfilled": 5,
        "returned_to_court": 25,
        "timeout": 10,
        "withdrawn": 15,
    },
}
# open state → (weight, youngest, oldest age in days) of a case waiting there
OPEN = {
    "relief": {
        "submitted": (20, 0, 10),
        "verifying": (20, 0, 20),
        "awaiting_supplement": (10, 2, 40),
        "public_notice": (15, 1, 5),
        "awaiting_approval": (20, 12, 60),
        "approved": (15, 14, 60),
    },
    "mutual_aid": {
        "submitted": (20, 0, 10),
        "reviewing": (15, 0, 15),
        "awaiting_supplement": (10, 2, 40),
        "medical_review": (10, 3, 30),
        "awaiting_approval": (25, 3, 45),
        "approved": (20, 4, 60),
    },
    "mediation": {
        "registered": (15, 0, 5),
        "assigned": (15, 0, 6),
        "mediating": (35, 1, 6),
        "follow_up": (15, 3, 30),
        "awaiting_decision": (10, 32, 45),
        "returning": (10, 10, 40),
    },
}
# below this age (days) a case is still open; up to BACKLOG_DAYS old, a
# share of them still waits (overdue work for reminders and escalations)
OPEN_UNDER = {"relief": 20, "mutual_aid": 12, "mediation": 40}
BACKLOG_DAYS, BACKLOG_SHARE = 90, 0.08


def _day_weights(program: str, days: list[dt.date]) -> list[float]:
    weights = []
    for day in days:
        w = 0.3 if day.weekday() >= 5 else 1.0
        if program == "mutual_aid":
            w *= 1.9 if day.month <= 3 else 0.75  # claims peak in the first quarter
        elif program == "relief":
            w *= 1.5 if day.month in (1, 2) else 1.3 if day.month == 9 else 1.0
        weights.append(w)
    return weights


def _schedule(
    rng: random.Random, total: int, start: dt.date, end: dt.date, now_us: int
) -> list[tuple[int, str]]:
    """(created instant, program) of every case, in time order."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    out: list[tuple[int, str]] = []
    for program, share in SHARES.items():
        count = max(3, round(total * share))
        picked = rng.choices(days, weights=_day_weights(program, days), k=count)
        for day in picked:
            local = dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(
                seconds=rng.randrange(9 * 3600)
            )
            created = us_of(local.replace(tzinfo=dt.UTC)) - 8 * 3600 * 1_000_000
            out.append((min(created, now_us - 60_000_000) | 1, program))
    out.sort()
    return out


def _target(rng: random.Random, program: str, age_days: float) -> str:
    """The state a case of this age is in now: open while young (a state
    whose usual age fits), some backlog, else one of the final states."""
    young = age_days < OPEN_UNDER[program]
    if not young and not (age_days < BACKLOG_DAYS and rng.random() < BACKLOG_SHARE):
        return rng.choices(list(FINAL[program]), weights=list(FINAL[program].values()))[0]
    fits = {s: w for s, (w, lo, hi) in OPEN[program].items() if lo <= age_days <= hi}
    if not fits:
        fits = {s: w for s, (w, lo, hi) in OPEN[program].items() if lo <= age_days}
    return rng.choices(list(fits), weights=list(fits.values()))[0]


ID_STRIDE = 400_000_000
BLOCK = 5000  # cases a worker takes at a time, round robin


@dataclass
class CaseJob:
    """What the case workers share (inherited through fork)."""

    gen: Generator
    province: people.Province
    plans: dict[tuple[int, str], int]
    dsn: str
    now_us: int
    bases: Ids
    schedule: list[tuple[int, int, str, str]]  # (case id, created, program, case number)
    workers: int
    seed: int


_JOB: CaseJob | None = None


def write_cases(
    gen: Generator,
    conn: psycopg.Connection,
    dsn: str,
    province: people.Province,
    plans: dict[tuple[int, str], int],
    scale: float,
    start: dt.date,
    end: dt.date,
    now_us: int,
    workers: int,
    seed: int,
) -> int:
    """Number the cases in time order here, then build and COPY them in
    ``workers`` processes, each with its own COPY streams and id ranges."""
    global _JOB
    bases = Ids(
        task=next_id(conn, "viewflow_task"),
        previous=next_id(conn, "viewflow_task_previous"),
        excluded=next_id(conn, "workflows_taskinfo_excluded_users"),
        event=next_id(conn, "audit_auditevent"),
        payment=next_id(conn, "core_payment"),
        session=next_id(conn, "mediation_mediationsession"),
    )
    case_id = next_id(conn, "viewflow_process")
    counters: dict[tuple[str, int], int] = {
        (prefix, year): last
        for prefix, year, last in conn.execute(
            "SELECT prefix, year, last FROM core_casenumbercounter"
        )
    }
    schedule = []
    for created, program in _schedule(gen.rng, round(1_000_000 * scale), start, end, now_us):
        year = day_of(created).year
        prefix = PREFIX[program]
        number = counters.get((prefix, year), 0) + 1
        counters[(prefix, year)] = number
        schedule.append((case_id, created, program, f"{prefix}-{year}-{number:06d}"))
        case_id += 1
    _JOB = CaseJob(gen, province, plans, dsn, now_us, bases, schedule, workers, seed)
    if workers == 1:
        results = [_case_worker(0)]
    else:
        from django.db import connections

        connections.close_all()  # no connection is shared with the children
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_case_worker, range(workers))
    _JOB = None
    return sum(results)


def _case_worker(k: int) -> int:
    job = _JOB
    assert job is not None
    gen = job.gen
    gen.rng = rng = random.Random(job.seed * 1000 + k)
    stride = k * ID_STRIDE
    b0 = job.bases
    gen.ids = Ids(
        task=b0.task + stride,
        previous=b0.previous + stride,
        excluded=b0.excluded + stride,
        event=b0.event + stride,
        payment=b0.payment + stride // 100,
        session=b0.session + stride // 100,
    )
    gen.sink = Sink(job.dsn, {**TABLES, **programs.PROGRAM_TABLES})
    province, plans, now_us = job.province, job.plans, job.now_us
    grass = province.grassroots
    n_members = len(province.member_unit)
    first = province.member_first_id
    latest_year = max(y for y, _ in plans)
    for block in range(k * BLOCK, len(job.schedule), job.workers * BLOCK):
        for case_id, created, program, case_number in job.schedule[block : block + BLOCK]:
            age_us = now_us - created
            target = _target(rng, program, age_us / DAY)
            pace = max(600_000_000, min(int(DAY * 1.2), age_us // 16))
            m = rng.randrange(n_members)
            if program == "mediation":
                unit = grass[province.member_unit[m]].county
                worker = (
                    (first + m, province.member_names[m], province.member_id_numbers[m])
                    if rng.random() < 0.6
                    else None
                )
                b = CaseBuilder(
                    gen,
                    program,
                    case_id,
                    case_number,
                    unit,
                    worker[0] if worker else None,
                    unit.users["coordinator"],
                    created,
                    pace,
                )
                mediation.mediation(b, target, worker)
            elif program == "relief":
                unit = grass[province.member_unit[m]]
                b = CaseBuilder(
                    gen,
                    program,
                    case_id,
                    case_number,
                    unit,
                    first + m,
                    unit.users["caseworker"],
                    created,
                    pace,
                )
                relief.relief(b, target)
            else:
                year = day_of(created).year
                year = year if (year, "inpatient") in plans else latest_year
                product = rng.choices(people.PRODUCTS, weights=(80, 12, 8))[0]
                for _ in range(30):  # a member enrolled in that plan
                    if (
                        province.member_since_year[m] <= year
                        and (product != "female_special" or province.member_female[m])
                        and people.enrolled(first + m, year, product)
                    ):
                        break
                    m = rng.randrange(n_members)
                unit = grass[province.member_unit[m]]
                b = CaseBuilder(
                    gen,
                    program,
                    case_id,
                    case_number,
                    unit,
                    first + m,
                    unit.users["caseworker"],
                    created,
                    pace,
                )
                mutual_aid.mutual_aid(b, target, product, plans[(year, product)], year)
            b.finish()
        gen.sink.flush()
    gen.sink.close()
    return sum(gen.sink.rows.values())
