"""Province-scale data straight into PostgreSQL (issue 9).

    .venv/bin/python bench/generate.py \\
        [--database-url postgres://postgres@127.0.0.1:5432/casework_big] \\
        [--scale 1.0] [--seed 1] [--years 2024 2025 2026 | --end-date 2026-11-26]

Drops and re-creates the database, migrates it (``bench.settings``; the
migrations seed the parameters, ceilings and roles), then writes with COPY:
~1,500 org units (1 province → 14 cities → 100 counties → 1,400 grassroots
unions) with their staff, 2,000,000 members, their yearly mutual-aid
enrollments, and 1,000,000 cases of the three programs over three years in
every state — each with the viewflow process and task rows, task infos and
its audit hash chain as the engine would have written them. ``--scale``
multiplies members and cases (0.05 for a quick run). Prints rows and seconds
per phase and the total.

Staff users (password ``bench-pass``): ``province-supervisor``,
``province-auditor``, ``province-caseworker``; per county
``county-<code>-<role>`` with role caseworker, supervisor, supervisor2,
finance, medical_reviewer, coordinator, mediator, mediator2, auditor
(e.g. ``county-GX-01-01-supervisor``); per grassroots union
``unit-<code>-caseworker`` (e.g. ``unit-GX-01-01-01-caseworker``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_big"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, nargs="+", default=None)
    parser.add_argument("--end-date", type=dt.date.fromisoformat, default=dt.date(2026, 11, 26))
    parser.add_argument(
        "--workers", type=int, default=2, help="processes building the cases (default 2)"
    )
    parser.add_argument(
        "--keep-indexes", action="store_true", help="load with every index in place"
    )
    args = parser.parse_args()
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    end = args.end_date
    if args.years:
        years = sorted(args.years)
        end = min(end, dt.date(years[-1], 12, 31))
        start = dt.date(years[0], 1, 1)
    else:
        start = dt.date(end.year - 2, 1, 1)
    if start > end:
        parser.error("the years end before they start")
    url = args.database_url
    name = urlsplit(url).path.lstrip("/")
    if not name.startswith("casework_"):
        parser.error("refusing to drop a database whose name does not start with casework_")

    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django
    import psycopg

    began = time.perf_counter()
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command

    from bench.gen.load import generate

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"{'create + migrate':<28} {'':>12}      {time.perf_counter() - t:>9.1f} s")
    generate(
        url,
        scale=args.scale,
        seed=args.seed,
        start=start,
        end=end,
        drop_indexes=not args.keep_indexes,
        workers=args.workers,
    )
    total = time.perf_counter() - began
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name]).fetchone()
    size = row[0] if row else "?"
    print(f"{'total':<28} {'':>12}      {total:>9.1f} s   database {name}: {size}")


if __name__ == "__main__":
    main()
