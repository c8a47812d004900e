#!/usr/bin/env python
"""Races on PostgreSQL, many trials each: zero anomalies expected.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_races \\
        .venv/bin/python bench/races.py [--trials 200] [--only "double claim"]

Scenarios (code in tests/races/scenarios.py, shared with the CI test
tests/races/test_race_trials_postgres.py):

- double claim: two users claim one task at once — exactly one holds it;
- double completion: two users complete one task at once — exactly one;
- double payment: three ``pay`` completions of one case at once — one
  payment row, one ``payment_made`` event;
- annual cap: two claims of one member, each over half the cap, approved
  at once and then paid at once — never paid past the cap, ledger = rows;
- case numbers: eight submissions at once — distinct, gap-free numbers.

Every contender is a real thread with its own connection (closed when it
ends), going through the engine and services the API uses (half of the
claim / completion / payment trials through the REST API's views).

The database of DATABASE_URL (or --database-url; default
postgres://postgres@127.0.0.1:5432/casework_races) is DROPPED, created and
migrated; the script seeds the demo users and makes its own members.
Exit status 1 when any anomaly was seen.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_races"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=200, help="trials per scenario (200)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_URL,
        help="PostgreSQL database to (re)create and use (default: $DATABASE_URL, "
        f"else {DEFAULT_URL})",
    )
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print every anomaly")
    args = parser.parse_args()
    if args.trials < 1:
        parser.error("--trials must be at least 1")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("races need PostgreSQL: SQLite serializes every writer")
    return args


def main() -> int:
    args = parse_args()
    print(f"recreating and migrating {args.database_url} …", flush=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.engine_vs_viewflow import recreate_database, setup_django

    recreate_database(args.database_url)
    setup_django(args.database_url)
    # the losers' 409s are expected: no "Conflict: /api/…" line for each
    logging.getLogger("django.request").setLevel(logging.ERROR)

    from casework.demo.seed import seed_org_and_users
    from tests.races.scenarios import SCENARIOS, World

    names = args.only or list(SCENARIOS)
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        print(f"unknown scenario(s) {sorted(unknown)}; choose from {list(SCENARIOS)}")
        return 2
    world = World.from_org(seed_org_and_users())

    rows = []
    for name in names:
        scenario = SCENARIOS[name]
        anomalous, seen = 0, []
        started = time.perf_counter()
        for trial in range(args.trials):
            anomalies = scenario(world, trial)
            if anomalies:
                anomalous += 1
                seen += [f"trial {trial}: {a}" for a in anomalies]
                if args.verbose:
                    for a in anomalies:
                        print(f"  {name} trial {trial}: {a}", flush=True)
        elapsed = time.perf_counter() - started
        rows.append((name, args.trials, anomalous, elapsed))
        print(f"{name}: {args.trials} trials, {anomalous} anomalous, {elapsed:.1f} s", flush=True)
        for line in seen[:5]:
            print(f"  {line}")

    print()
    print(f"{'scenario':<20} {'trials':>7} {'anomalies':>10} {'time (s)':>9} {'ms/trial':>9}")
    for name, trials, anomalous, elapsed in rows:
        per_trial = 1000 * elapsed / trials
        print(f"{name:<20} {trials:>7} {anomalous:>10} {elapsed:>9.1f} {per_trial:>9.0f}")
    print(f"members created: {len(world.made)}")
    return 1 if any(r[2] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
