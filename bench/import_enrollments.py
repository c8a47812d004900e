"""Generate a 100,000-row enrollment file and import it, printing the time
and the peak memory (tracemalloc: Python allocations; and the process's
maximum resident set size).

    DATABASE_URL=postgres://... python bench/import_enrollments.py [ROWS] [--xlsx]

It migrates the configured database, seeds the demo org tree, writes the
file to var/bench/, and imports it with the same service the API and
``manage.py import_enrollments`` use (in one transaction)."""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from stdnum.cn import ric  # noqa: E402


def id_number(i: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=i % 14000)
    area = "452228" if birth.year < 2002 else "450226"
    body = f"{area}{birth:%Y%m%d}{(i // 14000) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def write_csv(path: Path, rows: int, year: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("id_number,name,paid_amount,enrolled_on\n")
        for i in range(rows):
            out.write(f"{id_number(i)},职工{i},36.00,{year}-01-10\n")


def write_xlsx(path: Path, rows: int, year: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["id_number", "name", "paid_amount", "enrolled_on"])
    for i in range(rows):
        sheet.append([id_number(i), f"职工{i}", 36, dt.date(year, 1, 10)])
    book.save(path)


def main() -> None:
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), "100000"))
    xlsx = "--xlsx" in sys.argv
    from django.utils import timezone

    from casework.core.demo import seed_org_and_users
    from casework.mutual_aid.demo import seed_plans
    from casework.mutual_aid.imports import InvalidRows, RowSource, enrollments_import
    from casework.mutual_aid.models import Enrollment

    call_command("migrate", verbosity=0)
    org = seed_org_and_users()
    year = timezone.localdate().year
    plan = seed_plans(year)["inpatient"]
    unit = org["grassroots"][2]
    Enrollment.objects.filter(plan=plan, member__org_unit=unit).delete()

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"enrollments-{rows}.{'xlsx' if xlsx else 'csv'}"
    started = time.perf_counter()
    (write_xlsx if xlsx else write_csv)(path, rows, year)
    print(
        f"wrote {rows} rows to {path} ({path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f}s"
    )

    def progress(phase: str, done: int) -> None:
        if done % 20000 == 0 or done == rows:
            print(f"  {phase} {done} rows  ({time.perf_counter() - started:.1f}s)", flush=True)

    tracemalloc.start()
    started = time.perf_counter()
    with path.open("rb") as stream:
        try:
            created = enrollments_import(
                actor=org["users"]["admin"],
                plan=plan,
                org_unit=unit,
                source=RowSource(stream, path.name),
                progress=progress,
            )
        except InvalidRows as exc:
            print(exc.message, exc.rows[:5])
            raise SystemExit(1) from exc
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db = django.db.connection.vendor
    print(
        f"imported {created} enrollments on {db} in {elapsed:.1f}s "
        f"({created / elapsed:.0f} rows/s); peak traced memory {peak / 1e6:.1f} MB, "
        f"max RSS {rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
