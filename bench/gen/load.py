"""The generator's core: ``generate(dsn, ...)`` fills an already migrated
PostgreSQL database, phase by phase, and returns what each phase wrote and
how long it took. ``bench/generate.py`` drops, creates and migrates the
database first; the test calls this on its own test database."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg

from casework.core.parameters import param_decimal, param_int
from casework.core.reference_data import reference_data_changed
from casework.mutual_aid.models import Plan
from casework.mutual_aid.rules import terms_from_plan

from . import people, programs
from .casebuilder import TABLES, Generator
from .cases import write_cases
from .sink import next_id, us_of

# the tables bulk-loaded: their secondary indexes, unique and foreign-key
# constraints are dropped for the load and re-created after (measured faster)
BULK_TABLES = (
    "core_member",
    "mutual_aid_enrollment",
    "mutual_aid_memberledger",
    "mutual_aid_claimedinvoice",
    "relief_rosterentry",
    *TABLES,
    *programs.PROGRAM_TABLES,
)
PARAMS_INT = (
    "relief.verify_days relief.supplement_days relief.public_notice_days relief.approve_days "
    "relief.senior_approve_days relief.disburse_days mutual_aid.review_days "
    "mutual_aid.supplement_days mutual_aid.medical_review_days mutual_aid.approve_days "
    "mutual_aid.pay_days mediation.assign_days mediation.decision_days mediation.return_days "
    "mediation.delegated_days mediation.entrusted_ordinary_days mediation.entrusted_simple_days"
).split()


@dataclass
class Phase:
    name: str
    rows: int
    seconds: float


def _index_definitions(
    conn: psycopg.Connection,
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(drop statements, create statements, foreign keys) for every secondary
    index, unique and foreign-key constraint of the bulk tables; a foreign
    key is (add it NOT VALID, validate it): added one at a time (two adds at
    once can deadlock on the pair of tables), validated two at a time."""
    tables = list(BULK_TABLES)
    drops: list[str] = []
    creates: list[str] = []
    constraints: list[tuple[str, str]] = []
    for table, name, definition, kind in conn.execute(
        """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
             FROM pg_constraint c
            WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('f', 'u')""",
        [tables],
    ):
        drops.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        if kind == "u":
            creates.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        else:
            constraints.append(
                (
                    f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID',
                    f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"',
                )
            )
    for name, definition in conn.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
             FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
        [tables],
    ):
        drops.append(f"DROP INDEX {name}")
        creates.append(definition)
    return drops, creates, constraints


def generate(
    dsn: str,
    *,
    scale: float = 1.0,
    seed: int = 1,
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2026, 11, 26),
    now: dt.datetime | None = None,
    drop_indexes: bool = True,
    workers: int = 2,
    log: Callable[[str], None] = print,
) -> list[Phase]:
    """Fill the migrated database ``dsn``: ~2,000,000 × ``scale`` members and
    1,000,000 × ``scale`` cases from ``start`` to ``end`` (local dates)."""
    rng = random.Random(seed)
    gen = Generator(rng=rng)
    phases: list[Phase] = []
    now_us = (
        us_of(now or dt.datetime.combine(end, dt.time(18, 0), tzinfo=dt.UTC)) - 8 * 3_600_000_000
    )
    conn = psycopg.connect(dsn, autocommit=True)
    conn.execute("SET synchronous_commit = off")
    conn.execute("SET maintenance_work_mem = '1GB'")

    def phase(name: str, fn: Callable[[], int]) -> None:
        began = time.perf_counter()
        rows = fn()
        phases.append(Phase(name, rows, time.perf_counter() - began))
        log(f"{name:<28} {rows:>12,} rows {phases[-1].seconds:>9.1f} s")

    drops, creates, constraints = _index_definitions(conn) if drop_indexes else ([], [], [])

    def drop() -> int:
        for statement in drops:
            conn.execute(statement)
        return len(drops)

    phase("drop indexes/constraints", drop)
    gen.params = {key: param_int(key) for key in PARAMS_INT}
    gen.params["relief.senior_approval_threshold"] = int(
        param_decimal("relief.senior_approval_threshold")
    )
    counties = max(2, min(100, round(2000 * scale)))
    units = people.build_tree(counties, 14, next_id(conn, "core_orgunit"))
    province_units = people.Province(
        units=units,
        counties=[u for u in units if u.level == 3],
        grassroots=[u for u in units if u.level == 4],
        users={},
        province=units[0],
    )
    gen.province = units[0]

    def org() -> int:
        gen.username = people.write_org_and_users(
            conn,
            units,
            next_id(conn, "auth_user"),
            next_id(conn, "core_userprofile"),
            next_id(conn, "auth_user_groups"),
        )
        first = next_id(conn, "relief_subsistencestandard")
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY relief_subsistencestandard (id, org_unit_id, monthly_amount, source) "
                "FROM STDIN"
            ) as cp,
        ):
            for i, county in enumerate(province_units.counties):
                amount = 900 + (county.id * 37) % 300
                gen.standard[county.id] = amount
                cp.write(
                    f"{first + i}\t{county.id}\t{amount}.00\t县低保标准 (generated)\n".encode()
                )
        return len(units) + len(gen.username) + len(province_units.counties)

    phase("org units, staff, standards", org)
    years = list(range(start.year, end.year + 1))
    plans: dict[tuple[int, str], int] = {}

    def plan_rows() -> int:
        plans.update(people.write_plans(conn, years, next_id(conn, "mutual_aid_plan")))
        return len(plans)

    phase("mutual-aid plans", plan_rows)
    gen.snapshots = {
        pk: json.dumps(terms_from_plan(Plan.objects.get(pk=pk)).snapshot(), default=str)
        for pk in plans.values()
    }
    n_members = max(50, round(2_000_000 * scale))
    first_member = next_id(conn, "core_member")
    phase(
        "members",
        lambda: people.write_members(conn, province_units, n_members, first_member, rng),
    )
    phase(
        "enrollments",
        lambda: people.write_enrollments(conn, plans, first_member, first_member + n_members - 1),
    )

    def cases() -> int:
        return write_cases(
            gen, conn, dsn, province_units, plans, scale, start, end, now_us, workers, seed
        )

    phase("cases, tasks, audit chains", cases)

    def derived() -> int:
        rows = conn.execute(
            """INSERT INTO mutual_aid_claimedinvoice (number, case_id)
               SELECT 'FP' || lpad(case_id::text, 10, '0'), case_id FROM mutual_aid_claim"""
        ).rowcount
        rows += conn.execute(
            """INSERT INTO mutual_aid_memberledger
                   (member_id, plan_id, approved_total, paid_total, paid_claims)
               SELECT c.member_id, cl.plan_id,
                      coalesce(sum(cl.approved_amount), 0),
                      coalesce(sum(p.amount), 0), count(p.id)
                 FROM mutual_aid_claim cl
                 JOIN core_case c ON c.process_ptr_id = cl.case_id
                 LEFT JOIN core_payment p ON p.case_id = cl.case_id
                GROUP BY c.member_id, cl.plan_id"""
        ).rowcount
        rows += conn.execute(
            """INSERT INTO relief_rosterentry
                   (member_id, case_id, category, filed_on, review_due, status, exit_reason)
               SELECT DISTINCT ON (c.member_id) c.member_id, a.case_id, a.category, a.granted_on,
                      make_date(extract(year from a.granted_on)::int + 1,
                                extract(month from a.granted_on)::int,
                                least(extract(day from a.granted_on)::int, 28)),
                      'active', ''
                 FROM relief_reliefapplication a
                 JOIN core_case c ON c.process_ptr_id = a.case_id
                WHERE a.granted_on IS NOT NULL AND a.category IN ('deep', 'relative')
                  AND c.member_id IS NOT NULL
                ORDER BY c.member_id, a.granted_on DESC, a.case_id DESC"""
        ).rowcount
        conn.execute("DELETE FROM core_casenumbercounter WHERE prefix IN ('RL', 'MA', 'MD')")
        rows += conn.execute(
            """INSERT INTO core_casenumbercounter (prefix, year, last)
               SELECT split_part(case_number, '-', 1), split_part(case_number, '-', 2)::int,
                      max(split_part(case_number, '-', 3)::int)
                 FROM core_case WHERE program IN ('relief', 'mutual_aid', 'mediation')
                GROUP BY 1, 2"""
        ).rowcount
        return rows

    phase("invoices, ledgers, counters", derived)

    def rebuild() -> int:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(_run_statement(dsn), creates))
        for add, _validate in constraints:
            conn.execute(add)
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(_run_statement(dsn), [validate for _add, validate in constraints]))
        return len(creates) + len(constraints)

    phase("re-create indexes/constraints", rebuild)

    def figures() -> int:
        # the summary's per-case copy (casework.reports.figures), over
        # Django's connection to the same database
        from casework.reports.figures import figures_rebuild

        return figures_rebuild()

    phase("report figures", figures)

    def finish() -> int:
        sequences = conn.execute(
            """SELECT t.relname, a.attname, s.oid::regclass::text
                 FROM pg_class s
                 JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
                  AND d.refclassid = 'pg_class'::regclass
                 JOIN pg_class t ON t.oid = d.refobjid
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                WHERE s.relkind = 'S'"""
        ).fetchall()
        for table, column, sequence in sequences:
            if sequence:
                conn.execute(
                    f"SELECT setval('{sequence}', "
                    f"(SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)"
                )
        # VACUUM too: the visibility map lets counts and lists use
        # index-only scans, as on a database autovacuum has been through
        conn.execute("VACUUM (ANALYZE)")
        return len(sequences)

    phase("sequences, VACUUM ANALYZE", finish)
    conn.close()
    # the standards (and the rest) came by COPY, behind Django's back: every
    # process reads its snapshot of the kept tables again (core.reference_data)
    reference_data_changed()
    return phases


def _run_statement(dsn: str) -> Callable[[str], None]:
    def run(statement: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("SET maintenance_work_mem = '1GB'")
            c.execute(statement)

    return run


# each worker's ids start this far apart (tasks, links and events of one
# worker stay below it: ~15 events a case)
