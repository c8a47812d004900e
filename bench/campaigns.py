#!/usr/bin/env python
"""A campaign of 20,000 recipients in 100 lists of 200, through the
services (issue 19 §4, issue 17): import, review, approval, issue.

    .venv/bin/python bench/campaigns.py [--lists 100] [--per-list 200]
        [--issue bulk|each] [--database-url postgres://…/casework_campaign_bench]

The database of --database-url (default: $DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/casework_campaign_bench) is DROPPED,
created and migrated; the demo org tree and users are seeded, and the
members (one grassroots union's, ``bulk_create``: not timed) with them.

Phases, each list one transaction per call as the API's request would be:

- ``import``: a CSV file per list (``id_number``, ``tier``, ``note``) read by
  ``imports.list_rows_read`` and opened by ``intake.campaign_list_submit``
  (every refusal of §4 checked), as ``POST /api/campaigns/{id}/lists/import/``;
- ``review``: one recipient per list excluded through
  ``campaign_work.recipient_write`` (the per-recipient path of the review
  page), then the ``review`` task completed with ``verify`` by the engine;
- ``approve``: the ``approve`` task completed with ``approve`` (the budget
  checked under the campaign's lock);
- ``issue``: every approved grant issued — ``bulk``: the list's remaining
  grants at once (``disbursement.list_issue_remaining``, ``POST
  /api/campaign-lists/{n}/issue-remaining/``), ``each``: one
  ``campaign_work.recipient_write`` per grant (``…/recipients/{id}/issue/``)
  — then the ``disburse`` task completed with ``close``.

Printed per phase: seconds, SQL queries, and both per recipient and per
list; the total; and a check that the campaign's figures add up. Target
(issue 19 §4): all of it under 60 s on this machine.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_campaign_bench"
TIERS = [
    {
        "code": "hard",
        "label": "困难职工家庭",
        "cash": Decimal("2500"),
        "goods_value": Decimal("500"),
    },
    {"code": "deep", "label": "特困", "cash": Decimal("600"), "goods_value": Decimal("300")},
]
PHASES = ("import", "review", "approve", "issue")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=100, help="lists (100)")
    parser.add_argument("--per-list", type=int, default=200, help="recipients per list (200)")
    parser.add_argument(
        "--issue", choices=["bulk", "each"], default="bulk", help="how grants are issued"
    )
    parser.add_argument(
        "--slowest", type=int, default=0, help="print each phase's N costliest statements"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_URL,
        help="PostgreSQL database to (re)create and use "
        f"(default: $DATABASE_URL, else {DEFAULT_URL})",
    )
    args = parser.parse_args()
    if not (1 <= args.lists <= 1000 and 2 <= args.per_list <= 5000):
        parser.error("--lists must lie in 1–1000 and --per-list in 2–5000")
    return args


# --- measuring ---------------------------------------------------------------


@dataclass
class Phase:
    seconds: float = 0.0
    queries: int = 0
    cpu: float = 0.0  # this process's CPU seconds (the rest: the database, waiting)
    # the SQL by its first words → [count, seconds] (printed with --slowest)
    statements: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class Result:
    lists: int
    recipients: int
    phases: dict[str, Phase] = field(default_factory=lambda: {p: Phase() for p in PHASES})
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> Phase:
        return Phase(
            sum(p.seconds for p in self.phases.values()),
            sum(p.queries for p in self.phases.values()),
            sum(p.cpu for p in self.phases.values()),
        )


@contextmanager
def measured(phase: Phase) -> Iterator[None]:
    """Add the block's time and SQL statements to ``phase``."""
    from django.db import connection

    count = 0

    def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        nonlocal count
        count += 1
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen = phase.statements.setdefault(sql[:90], [0, 0.0])
            seen[0] += 1
            seen[1] += time.perf_counter() - began

    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        yield
    phase.seconds += time.perf_counter() - started
    phase.cpu += time.process_time() - cpu
    phase.queries += count


# --- the data -----------------------------------------------------------------


def members_make(unit: Any, count: int) -> list[Any]:
    """``count`` new members of ``unit`` (bulk: the bench's setup, not timed)."""
    import datetime as dt

    from bench.import_enrollments import id_number
    from casework.core.models import Member

    first = 3_000_000 + Member.objects.count()  # a second run's own ID numbers
    numbers = [id_number(first + i) for i in range(count)]
    Member.objects.bulk_create(
        [
            Member(
                name=f"职工{first + i}",
                id_number=number,
                gender="male" if i % 2 else "female",
                birth_date=dt.date(1970, 1, 1),
                org_unit=unit,
            )
            for i, number in enumerate(numbers)
        ],
        batch_size=2000,
    )
    return list(Member.objects.filter(id_number__in=numbers).order_by("pk"))


def list_csv(members: list[Any]) -> bytes:
    lines = ["id_number,tier,note"]
    lines += [
        f"{m.id_number},{'deep' if i % 10 == 0 else 'hard'},走访{i}" for i, m in enumerate(members)
    ]
    return ("\n".join(lines) + "\n").encode()


def open_task(case: Any, node: str) -> Any:
    from workflows.models import TaskInfo
    from workflows.task_states import OPEN

    info = TaskInfo.objects.select_related("task").get(case=case, node=node, task__status__in=OPEN)
    return info.task


# --- the phases ---------------------------------------------------------------


def run(
    *,
    users: dict[str, Any],
    unit: Any,
    county: Any,
    lists: int,
    per_list: int,
    issue: str = "bulk",
    log: Callable[[str], None] = print,
) -> Result:
    """The campaign, its lists through every phase; the measures."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from casework.campaigns.imports import list_rows_read
    from casework.campaigns.models import Campaign, Recipient
    from casework.campaigns.services import campaign_create
    from casework.core.access import members_visible_to
    from casework.core.models import Payment
    from casework.core.row_files import RowSource
    from workflows import campaign_work, engine, intake

    today = timezone.localdate()
    members = members_make(unit, lists * per_list)
    campaign = campaign_create(
        actor=users["supervisor"],
        kind="winter_warmth",
        year=today.year,
        title="送温暖 bench",
        org_unit=county,
        budget=Decimal(lists * per_list * 3000),
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
        tiers=[dict(t) for t in TIERS],
    )
    result = Result(lists, lists * per_list)
    nominator, reviewer = users["caseworker2"], users["caseworker"]
    approver, finance = users["supervisor"], users["finance"]
    cases = []
    log(f"import of {lists} lists of {per_list} …")
    with measured(result.phases["import"]):
        for i in range(lists):
            chunk = members[i * per_list : (i + 1) * per_list]
            with transaction.atomic():
                source = RowSource(io.BytesIO(list_csv(chunk)), f"list{i}.csv")
                rows = list_rows_read(source, campaign, members_visible_to(nominator))
                cases.append(
                    intake.campaign_list_submit(
                        actor=nominator, campaign=campaign, org_unit=unit, recipients=rows
                    )
                )
    log("review …")
    with measured(result.phases["review"]):
        for case in cases:
            first = Recipient.objects.filter(campaign_list_id=case.pk).order_by("pk").first()
            campaign_work.recipient_write(
                case=case,
                actor=reviewer,
                write="check",
                recipient_id=first.pk,
                decision="excluded",
                reason="已调离",
            )
            engine.task_complete(open_task(case, "review"), reviewer, "verify", {})
    log("approval …")
    with measured(result.phases["approve"]):
        for case in cases:
            engine.task_complete(open_task(case, "approve"), approver, "approve", {})
    log(f"issue ({issue}) …")
    with measured(result.phases["issue"]):
        for case in cases:
            if issue == "bulk":
                campaign_work.list_write(
                    case=case,
                    actor=finance,
                    write="issue_remaining",
                    method="cash",
                    reference="QL",
                    issued_on=today,
                )
            else:
                ids = Recipient.objects.filter(
                    campaign_list_id=case.pk, status="approved"
                ).values_list("pk", flat=True)
                for rid in list(ids):
                    campaign_work.recipient_write(
                        case=case,
                        actor=finance,
                        write="issue",
                        recipient_id=rid,
                        method="cash",
                        reference=f"QL-{rid}",
                        issued_on=today,
                    )
            engine.task_complete(open_task(case, "disburse"), finance, "close", {})
    campaign = Campaign.objects.get(pk=campaign.pk)
    granted = lists * (per_list - 1)
    result.checks = {
        "issued": Recipient.objects.filter(campaign=campaign, status="issued").count(),
        "expected": granted,
        "payments": Payment.objects.filter(case__in=cases).count(),
        "person_times": campaign.person_times,
        "issued_total": campaign.issued_total,
        "approved_total": campaign.approved_total,
        "closed": sum(1 for c in cases if type(c).objects.get(pk=c.pk).case_status == "closed"),
    }
    return result


def checks_hold(result: Result) -> bool:
    c = result.checks
    return (
        c["issued"] == c["expected"] == c["payments"] == c["person_times"]
        and c["issued_total"] == c["approved_total"]
        and c["closed"] == result.lists
    )


def report(result: Result, log: Callable[[str], None] = print) -> None:
    head = ("phase", "s", "cpu s", "queries", "ms/recipient", "q/recipient", "ms/list", "q/list")
    log(f"{head[0]:<10}{''.join(f'{h:>14}' for h in head[1:])}")
    rows = [*result.phases.items(), ("total", result.total)]
    for name, p in rows:
        cells = [
            f"{p.seconds:.2f}",
            f"{p.cpu:.2f}",
            str(p.queries),
            f"{1000 * p.seconds / result.recipients:.2f}",
            f"{p.queries / result.recipients:.2f}",
            f"{1000 * p.seconds / result.lists:.1f}",
            f"{p.queries / result.lists:.1f}",
        ]
        log(f"{name:<10}{''.join(f'{c:>14}' for c in cells)}")
    log(f"checks: {result.checks} → {'ok' if checks_hold(result) else 'WRONG'}")


def slowest(result: Result, top: int, log: Callable[[str], None] = print) -> None:
    """Each phase's statements that took the most time in all."""
    for name, p in result.phases.items():
        in_sql = sum(s for _n, s in p.statements.values())
        log(f"\n{name}: {in_sql:.2f} s of {p.seconds:.2f} s in SQL")
        ranked = sorted(p.statements.items(), key=lambda kv: -kv[1][1])[:top]
        for sql, (n, seconds) in ranked:
            log(f"  {seconds:7.3f} s {int(n):6d}×  {sql}")


def main() -> int:
    args = parse_args()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.engine_vs_viewflow import recreate_database, setup_django

    print(f"recreating and migrating {args.database_url} …", flush=True)
    recreate_database(args.database_url)
    setup_django(args.database_url)

    from casework.demo.seed import seed_org_and_users

    org = seed_org_and_users()
    load = os.getloadavg()
    result = run(
        users=org["users"],
        unit=org["grassroots"][0],
        county=org["county"],
        lists=args.lists,
        per_list=args.per_list,
        issue=args.issue,
        log=lambda line: print(line, flush=True),
    )
    print()
    report(result)
    if args.slowest:
        slowest(result, args.slowest)
    print(
        f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"({os.cpu_count()} CPUs); target: all phases of 20,000 recipients in < 60 s"
    )
    return 0 if checks_hold(result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
