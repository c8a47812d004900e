#!/usr/bin/env python
"""The group enrollment import of 100,000 rows, phase by phase, against the
previous import measured in the same run.

    .venv/bin/python bench/import_enrollments.py [--rows 100000] [--format csv|xlsx|both]
        [--baseline-rows 10000] [--database-url postgres://…/casework_import_bench]

The database of --database-url (default: $DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/casework_import_bench) is DROPPED,
created and migrated; the demo org tree and plans are seeded. The files
(new members of one grassroots union, one row each) are written to
var/bench/. Every run commits, as the API's would (the foreign keys are
checked at commit), and uses its own ID numbers, so no run meets another's
members.

Figures, one row per run:

- ``previous``: the import as it was before the set-based write, kept here
  as ``import_previous``: the file validated twice (once to collect the bad
  rows, once more inside the transaction) and written a chunk at a time
  through the ORM (``bulk_create`` of the members, a query for their ids and
  renewals, ``bulk_create`` of the enrollments); its chunks are validated by
  today's code (one lookup query per chunk, where it had two). Run on
  --baseline-rows (10,000) of the CSV: 100,000 take it half a minute. Its
  rows/s is the baseline of the ``× previous`` column.
- ``COPY floor``: the same CSV file ``COPY``-ed as it is into a bare
  four-column table: what PostgreSQL alone needs to take the bytes in.
- ``import csv`` / ``import xlsx``: ``enrollments_import``, the service the
  API and ``manage.py import_enrollments`` call, of a file of new members;
  ``csv, renewals``: the same CSV file again, into next year's plan: every
  member known (looked up, checked, not created), every enrollment a
  renewal.

Phases: ``read`` is the time spent inside the file reader (csv or
openpyxl), clocked around every row the import pulls; ``validate`` the time
to the last ``validated`` progress call (parsing, checking, the lookups,
staging the rows: all interleaved with reading, the file is read once)
minus ``read``; ``write`` the rest (the set-based inserts, the audit
event, the commit). The previous import's ``write`` includes its second
validation pass.

The XLSX file is written by openpyxl's write-only mode: inline strings and
no ``<dimension>``, which costs openpyxl one more pass over the sheet when
it opens it; a file laid out as Excel or WPS write one (shared strings, a
dimension) took about 30% less time to read in a trial.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_import_bench"
# each run's rows start at its own offset: ID numbers never shared
OFFSETS = {"previous": 2_000_000, "csv": 0, "xlsx": 1_000_000}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows per file (100000)")
    parser.add_argument(
        "--format", choices=["csv", "xlsx", "both"], default="both", help="files to import"
    )
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=10_000,
        help="rows imported by the previous import (10000; 0 skips it)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_URL,
        help="PostgreSQL database to (re)create and use "
        f"(default: $DATABASE_URL, else {DEFAULT_URL})",
    )
    args = parser.parse_args()
    if not 1 <= args.rows <= 1_000_000 or not 0 <= args.baseline_rows <= 1_000_000:
        parser.error("--rows must lie in 1–1,000,000 and --baseline-rows in 0–1,000,000")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the bench needs PostgreSQL (its floor is a COPY)")
    return args


# --- the files ---------------------------------------------------------------


def id_number(i: int) -> str:
    from stdnum.cn import ric

    birth = dt.date(1960, 1, 1) + dt.timedelta(days=i % 14000)
    area = "452228" if birth.year < 2002 else "450226"
    body = f"{area}{birth:%Y%m%d}{(i // 14000) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def write_csv(path: Path, rows: range, year: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("id_number,name,paid_amount,enrolled_on\n")
        for i in rows:
            out.write(f"{id_number(i)},职工{i},36.00,{year}-01-10\n")


def write_xlsx(path: Path, rows: range, year: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["id_number", "name", "paid_amount", "enrolled_on"])
    for i in rows:
        sheet.append([id_number(i), f"职工{i}", 36, dt.date(year, 1, 10)])
    book.save(path)


# --- the previous import (the baseline) --------------------------------------


def import_previous(
    *, actor: Any, plan: Any, org_unit: Any, source: Any, progress: Callable[[str, int], None]
) -> int:
    """The import before the set-based write: validate the whole file, then
    validate it again inside the transaction and write each chunk through
    the ORM."""
    from django.db import transaction
    from django.utils import timezone

    from casework.audit import registry as events
    from casework.audit.services import audit_record
    from casework.core.models import Member
    from casework.mutual_aid.import_rows import chunks_of as _chunks
    from casework.mutual_aid.imports import InvalidRows, _validate_chunk
    from casework.mutual_aid.models import Enrollment

    today = timezone.localdate()
    seen: set[str] = set()
    bad: list[dict[str, Any]] = []
    checked = 0
    for columns, chunk in _chunks(source):
        bad.extend(_validate_chunk(columns, chunk, plan, org_unit, seen, today)[1])
        checked += len(chunk)
        progress("validated", checked)
    if bad:
        raise InvalidRows(bad)
    seen.clear()
    created = 0
    with transaction.atomic():
        for columns, chunk in _chunks(source):
            good, _ = _validate_chunk(columns, chunk, plan, org_unit, seen, today)
            numbers = [r.id_number for r in good]
            known = dict(
                Member.objects.filter(id_number__in=numbers).values_list("id_number", "pk")
            )
            new = [
                Member(
                    name=r.name,
                    id_number=r.id_number,
                    gender=r.gender,
                    birth_date=r.birth_date,
                    org_unit=org_unit,
                    employer=org_unit.name.removesuffix("工会"),
                )
                for r in good
                if r.id_number not in known
            ]
            Member.objects.bulk_create(new, batch_size=2000)
            known.update(
                Member.objects.filter(id_number__in=[m.id_number for m in new]).values_list(
                    "id_number", "pk"
                )
            )
            renewing = set(
                Enrollment.objects.filter(
                    member_id__in=list(known.values()),
                    plan__year=plan.year - 1,
                    plan__product=plan.product,
                ).values_list("member_id", flat=True)
            )
            Enrollment.objects.bulk_create(
                [
                    Enrollment(
                        member_id=known[r.id_number],
                        plan=plan,
                        paid_amount=r.paid_amount,
                        enrolled_on=r.enrolled_on,
                        renewal=known[r.id_number] in renewing,
                    )
                    for r in good
                ],
                batch_size=2000,
            )
            created += len(good)
        audit_record(
            case=None,
            actor=actor,
            type=events.MA_ENROLLMENTS_IMPORTED.code,
            data={"plan": plan.pk, "org_unit": org_unit.pk, "created": created},
        )
    return created


# --- the runs ----------------------------------------------------------------


class Phases(NamedTuple):
    rows: int
    read: float  # in the file reader, wherever the import called it
    validate: float  # the rest, to the last "validated" progress call
    write: float  # after it: writing, the audit event, the commit
    total: float


def timed_import(importer: Callable[..., int], path: Path, **kwargs: Any) -> Phases:
    """Run one import of ``path`` and time its phases."""
    from casework.mutual_aid.imports import RowSource

    class TimedSource(RowSource):
        """The file's rows, adding up the time spent reading them."""

        reading = 0.0

        def rows(self) -> Iterator[tuple[int, list[Any]]]:
            rows = super().rows()
            while True:
                started = time.perf_counter()
                row = next(rows, None)
                self.reading += time.perf_counter() - started
                if row is None:
                    return
                yield row

    validated = 0.0
    started = time.perf_counter()

    def progress(phase: str, done: int) -> None:
        nonlocal validated
        if phase == "validated":
            validated = time.perf_counter() - started

    with path.open("rb") as stream:
        source = TimedSource(stream, path.name)
        created = importer(source=source, progress=progress, **kwargs)
    total = time.perf_counter() - started
    return Phases(created, source.reading, validated - source.reading, total - validated, total)


def copy_floor(path: Path) -> float:
    """COPY the CSV file as it is into a bare table; its seconds."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE copy_floor "
            "(id_number text, name text, paid_amount text, enrolled_on text) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with (
            path.open("rb") as data,
            cursor.cursor.copy("COPY copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while block := data.read(1 << 16):
                copy.write(block)
        elapsed = time.perf_counter() - started
    return elapsed


def main() -> int:
    args = parse_args()
    print(f"recreating and migrating {args.database_url} …", flush=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.engine_vs_viewflow import recreate_database, setup_django

    recreate_database(args.database_url)
    setup_django(args.database_url)

    from django.utils import timezone

    from casework.demo.seed import seed_org_and_users, seed_plans
    from casework.mutual_aid.imports import enrollments_import
    from casework.mutual_aid.models import Enrollment

    org = seed_org_and_users()
    year = timezone.localdate().year
    plan = seed_plans(year)["inpatient"]
    next_plan = seed_plans(year + 1)["inpatient"]
    unit = org["grassroots"][2]
    who = {"actor": org["users"]["admin"], "plan": plan, "org_unit": unit}
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)

    def make(kind: str, rows: int) -> Path:
        path = folder / f"enrollments-{kind}-{rows}.{'xlsx' if kind == 'xlsx' else 'csv'}"
        span = range(OFFSETS[kind], OFFSETS[kind] + rows)
        (write_xlsx if kind == "xlsx" else write_csv)(path, span, year)
        return path

    table: list[tuple[str, Phases | None, float]] = []  # run, phases, seconds in all
    if args.baseline_rows:
        path = make("previous", args.baseline_rows)
        print(f"previous import of {args.baseline_rows} rows (csv) …", flush=True)
        run = timed_import(import_previous, path, **who)
        table.append(("previous csv", run, run.total))

    formats = ["csv", "xlsx"] if args.format == "both" else [args.format]
    for kind in formats:
        path = make(kind, args.rows)
        if kind == "csv":
            table.append(("COPY floor csv", None, copy_floor(path)))
        print(f"import of {args.rows} rows ({kind}) …", flush=True)
        run = timed_import(enrollments_import, path, **who)
        table.append((f"import {kind}", run, run.total))
        if kind == "csv":  # next year's renewal: the same members, every one known
            print(f"import of {args.rows} rows (csv, members known) …", flush=True)
            run = timed_import(enrollments_import, path, **{**who, "plan": next_plan})
            table.append(("csv, renewals", run, run.total))

    made = Enrollment.objects.filter(member__org_unit=unit).count()
    expected = sum(run.rows for _, run, _ in table if run is not None)
    baseline = table[0][1] if args.baseline_rows else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    head = ("run", "rows", "read s", "validate s", "write s", "total s", "rows/s", "× previous")
    print(f"{head[0]:<16}{''.join(f'{h:>12}' for h in head[1:])}")
    for name, run, seconds in table:
        rows = run.rows if run is not None else args.rows
        rate = rows / seconds
        phases = [f"{x:.2f}" for x in run[1:4]] if run is not None else ["–"] * 3
        ratio = f"{rate / (baseline.rows / baseline.total):.1f}" if baseline else "–"
        cells = [str(rows), *phases, f"{seconds:.2f}", f"{rate:.0f}", ratio]
        print(f"{name:<16}{''.join(f'{c:>12}' for c in cells)}")
    print(
        f"\nenrollments made: {made} (expected {expected}); max RSS {rss:.0f} MB; "
        f"target: 100,000 rows in ≤ 20 s"
    )
    return 0 if made == expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
