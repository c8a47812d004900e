#!/usr/bin/env python
"""Task and case list pages of the REST API at province size, in one run.

    .venv/bin/python bench/api_pages.py [--database-url URL] [--runs 40]

Runs against a database filled by ``bench/generate.py`` (default
postgres://postgres@127.0.0.1:5432/casework_big); it only reads (and gives
the two users an API token). Two users are picked from the data: the
county-level staff user and the province-level staff user with the most
tasks in their inbox. For each: ``GET /api/tasks/?scope=inbox|queue|done``
on page 1 and page 50, and ``GET /api/cases/`` with filters (program +
status, overdue, page 50), each request ``--runs`` times through Django's
test client with the user's token (the whole server side: middleware,
token lookup, view, selectors, serialization; no network). Printed per
page: the list's count, p50 / p95 ms, SQL queries, and p95 as a ratio of
the baseline measured in the same run: ``GET /api/me/`` of the same user
(an authenticated request that reads one row: the fixed cost of any API
call). Target: p95 ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/casework_big"
TARGET_MS = 20.0
WARMUP = 3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=40, help="timed requests per page")
    return parser.parse_args()


def setup(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import logging

    import django
    from django.core.signals import request_finished
    from django.db import close_old_connections

    django.setup()
    # one connection for the whole run, like a web worker with persistent
    # connections (and the query log survives the request)
    request_finished.disconnect(close_old_connections)
    logging.getLogger("django.request").setLevel(logging.ERROR)


def pick_user(level: int) -> Any:
    """The staff user at an org unit of ``level`` with the most open tasks
    claimed (their inbox)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from viewflow.workflow.status import STATUS

    open_claimed = Q(task__status__in=[STATUS.ASSIGNED, STATUS.STARTED])
    user = (
        get_user_model()
        .objects.filter(profile__org_unit__level=level, is_active=True)
        .annotate(n=Count("task", filter=open_claimed))
        .order_by("-n", "pk")
        .first()
    )
    if user is None:
        sys.exit(f"no staff user at level {level}: fill the database with bench/generate.py")
    return user


def _cursor(rows: Any, depth: int) -> int:
    """The id a keyset page continues after to give the rows a page number
    ``depth // 20 + 1`` gives (0: the list is shorter)."""
    ids = list(rows.values_list("pk", flat=True)[depth - 1 : depth])
    return ids[0] if ids else 0


def _member_terms(user: Any) -> tuple[str, str]:
    """A name and an ID number to search for: those of a member the user
    sees, picked from the middle of the table."""
    from casework.core.access import members_visible_to

    member = members_visible_to(user).order_by("pk")[1000:1001].get()
    return member.name, member.id_number


def pages(user: Any) -> list[tuple[str, str]]:
    """(label, URL) of every page timed for ``user``: page 1, page 50
    (offset) and the same rows as a keyset page (``after``)."""
    from casework.core.access import user_roles
    from workflows import selectors

    roles = sorted(user_roles(user))
    program = "mediation" if roles and roles[0].startswith("mediat") else "relief"
    status = {"relief": "submitted", "mediation": "mediating"}[program]
    deep = 49 * 20
    out = []
    for scope in ("inbox", "queue", "done"):
        url = f"/api/tasks/?scope={scope}"
        rows = selectors.tasks_filter(
            getattr(selectors, f"tasks_{scope}")(user), program=None, overdue=None, ordering=None
        )
        out.append((f"tasks {scope} p1", url))
        out.append((f"tasks {scope} p50", f"{url}&page=50"))
        out.append((f"tasks {scope} after (p50)", f"{url}&after={_cursor(rows, deep)}"))
        out.append((f"tasks {scope} overdue", f"{url}&overdue=true"))
    for label, filters in (
        ("", {}),
        (f" {program}+{status}", {"program": program, "status": status}),
        (" mutual_aid", {"program": "mutual_aid"}),
    ):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        url = f"/api/cases/?{query}" if query else "/api/cases/?"
        rows = selectors.cases_list(user, **filters)
        out.append((f"cases{label} p1", url))
        out.append((f"cases{label} p50", f"{url}&page=50"))
        out.append((f"cases{label} after (p50)", f"{url}&after={_cursor(rows, deep)}"))
    out += [
        ("cases overdue", "/api/cases/?overdue=true"),
        ("cases overdue=false", "/api/cases/?overdue=false"),
        ("cases relief overdue", "/api/cases/?program=relief&overdue=true"),
        ("cases q=case number", "/api/cases/?q=" + selectors.cases_list(user)[500].case_number),
    ]
    name, id_number = _member_terms(user)
    out += [
        ("members p1", "/api/members/"),
        ("members q=name", f"/api/members/?q={quote(name)}"),
        ("members q=surname", f"/api/members/?q={quote(name[0])}"),
        ("members q=ID number", f"/api/members/?q={id_number}"),
        ("cases q=member name", f"/api/cases/?q={quote(name)}"),
        ("cases q=ID number", f"/api/cases/?q={id_number}"),
        ("campaigns", "/api/campaigns/"),
        ("cases campaign lists", "/api/cases/?program=campaign"),
    ]
    return out


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # read now: the log is reset by later requests
    body = response.json() if response["Content-Type"].startswith("application/json") else {}
    for _ in range(WARMUP):
        client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "status": response.status_code,
        "count": body.get("count", "") if isinstance(body, dict) else "",
        "p50": statistics.median(times),
        "p95": times[max(0, int(len(times) * 0.95) - 1)],
        "queries": queries,
    }


def main() -> None:
    args = parse_args()
    setup(args.database_url)
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from casework.core.access import user_roles, user_unit

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"database: {args.database_url}, {args.runs} timed requests per page; "
        f"load average {load} on {os.cpu_count()} CPUs"
    )
    print(
        f"{'user':<34} {'page':<36} {'status':>6} {'count':>9} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'×base':>6} {'queries':>7}  target"
    )
    worst = 0.0
    for level, who in ((3, "county"), (1, "province")):
        user = pick_user(level)
        token, _ = Token.objects.get_or_create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        label = f"{who}: {user.username}"[:34]
        base = measure(client, "/api/me/", args.runs)
        print(
            f"{label:<34} {'baseline GET /api/me/':<36} {base['status']:>6} {'':>9} "
            f"{base['p50']:>8.1f} {base['p95']:>8.1f} {1.0:>6.1f} {base['queries']:>7}"
        )
        roles = ",".join(sorted(user_roles(user)))
        print(f"{'':<34} (roles {roles}; unit {user_unit(user)})")
        for page, url in pages(user):
            row = measure(client, url, args.runs)
            ok = "ok" if row["p95"] <= TARGET_MS else "OVER"
            if row["status"] == 200:
                worst = max(worst, row["p95"])
            else:
                ok = f"HTTP {row['status']}"
            print(
                f"{label:<34} {page:<36} {row['status']:>6} {row['count']!s:>9} "
                f"{row['p50']:>8.1f} {row['p95']:>8.1f} {row['p95'] / base['p95']:>6.1f} "
                f"{row['queries']:>7}  {ok}"
            )
    print(f"worst p95 of the 200 pages: {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
