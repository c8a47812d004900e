"""The acceptance journeys over HTTP: shared by the load benchmarks
(completions.py, load.py, scale_out.py) and tests/e2e/test_scale_out.py.

- ``Client``: a token-authenticated REST client that spreads its requests
  over one or more web processes and records every unexpected answer;
- the three acceptance journeys (relief, mutual aid, mediation) through the
  public API, and ``run_journeys`` on client threads;
- their setup (members with a login and an e-mail address, mutual-aid
  enrollments) through the services. The processes they run against are
  started by bench/processes.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import requests

# --- the HTTP client --------------------------------------------------------------


class ApiError(Exception):
    """An answer the journey did not expect (also recorded in ``Errors``)."""


@dataclass
class Errors:
    """Every unexpected answer any client got (thread-safe)."""

    items: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, text: str) -> None:
        with self.lock:
            self.items.append(text)


def token_login(base: str, username: str, password: str) -> str:
    """A token through ``POST /api/auth/token/`` (the public login)."""
    response = requests.post(
        f"{base}/api/auth/token/", json={"username": username, "password": password}, timeout=60
    )
    if response.status_code != 200:
        raise ApiError(f"login {username}: {response.status_code} {response.text[:300]}")
    return str(response.json()["token"])


class Client:
    """One persona's token, its requests round-robin over ``bases`` (the web
    processes). Any answer other than the expected status is recorded in
    ``errors`` and raised as ApiError. One Client per thread."""

    def __init__(self, bases: list[str], token: str, errors: Errors, name: str = "") -> None:
        self.name = name
        self.errors = errors
        self.home = bases[0]  # where its racing requests go
        self.bases = itertools.cycle(bases)
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Token {token}", "Accept-Language": "en"})

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        url = f"{next(self.bases)}{path}"
        response = self.session.request(method, url, timeout=120, **kwargs)
        if response.status_code != expect:
            text = f"{self.name} {method} {path}: {response.status_code} {response.text[:300]}"
            self.errors.add(text)
            raise ApiError(text)
        return response.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params=params)

    def post(self, path: str, data: dict[str, Any], expect: int = 200) -> Any:
        return self.call("POST", path, expect=expect, json=data)

    def complete(self, number: str, task: str, action: str, **fields: Any) -> dict[str, Any]:
        """Find the case's open ``task`` and take ``action`` on it."""
        task_id = self.open_task_id(number, task)
        done = self.post(f"/api/tasks/{task_id}/complete/", {"action": action, **fields})
        return dict(done["case"])

    def open_task_id(self, number: str, task: str) -> int:
        case = self.get(f"/api/cases/{number}/")
        ids = [t["id"] for t in case["open_tasks"] if t["name"] == task]
        if not ids:
            text = f"{self.name}: no open {task} task on {number} ({case['status']})"
            self.errors.add(text)
            raise ApiError(text)
        return int(ids[0])

    def wait_for_status(self, number: str, status: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.get(f"/api/cases/{number}/")["status"] == status:
                return
            time.sleep(0.25)
        text = f"{self.name}: {number} not {status} after {timeout}s"
        self.errors.add(text)
        raise ApiError(text)


def complete_racing(
    first: Client, second: Client, number: str, task: str, action: str, **fields: Any
) -> None:
    """The same completion sent by two clients at the same moment (each on
    its own web process): exactly one must succeed and the other get 409."""
    task_id = first.open_task_id(number, task)
    path = f"/api/tasks/{task_id}/complete/"
    start = threading.Barrier(2)
    statuses: list[int] = []

    def send(client: Client) -> None:
        start.wait()
        url = f"{client.home}{path}"
        response = client.session.post(url, json={"action": action, **fields}, timeout=120)
        statuses.append(response.status_code)

    racers = [threading.Thread(target=send, args=(c,)) for c in (first, second)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    if sorted(statuses) != [200, 409]:
        text = f"{first.name}: {action} on {number} sent twice at once answered {statuses}"
        first.errors.add(text)
        raise ApiError(text)


# --- setup through the services (runs in the driver's Django) ------------------------


def journey_members(
    units: list[Any], count: int, first_serial: int, enrolled: bool = True, logins: bool = True
) -> list[Any]:
    """``count`` new members; if ``logins``, each with a login and an e-mail
    address (so the decisions on their cases are notified and e-mailed); if
    ``enrolled``, enrolled in this and last year's inpatient plan (a
    renewal: no waiting period)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from casework.core.services import member_create
    from casework.demo.seed import id_number_for, seed_plans
    from casework.mutual_aid.enrollments import enrollment_create

    today = timezone.localdate()
    this_year, last_year = seed_plans(today.year), seed_plans(today.year - 1)
    staff = User.objects.get(username="caseworker")
    members = []
    for i in range(first_serial, first_serial + count):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=i)
        member = member_create(
            name=f"旅程{i:05d}",
            id_number=id_number_for(birth, i, female=False),
            org_unit=units[i % len(units)],
        )
        if logins:
            member.user = User.objects.create_user(
                f"journey-member-{i}", email=f"journey-member-{i}@example.org"
            )
            member.save(update_fields=["user"])
        years = ((last_year, dt.date(today.year - 1, 1, 5)), (this_year, None))
        for plan, enrolled_on in years if enrolled else ():
            enrollment_create(
                actor=staff,
                member=member,
                plan=plan["inpatient"],
                paid_amount=plan["inpatient"].contribution,
                enrolled_on=enrolled_on or dt.date(today.year, 1, 5),
            )
        members.append(member)
    return members


def analyze() -> None:
    """ANALYZE the freshly seeded database, as autovacuum would do soon after:
    without statistics the planner takes the new tables for empty and picks
    nested loops (a task queue page took 700 ms instead of 30 ms)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_timer_due(case_number: str) -> None:
    """The driver's stand-in for the passing of time: the case's scheduled
    timer becomes due now; the due-work job on a worker fires it."""
    from django.utils import timezone
    from viewflow.workflow.models import Task

    Task.objects.filter(
        process__case__case_number=case_number, flow_task_type="TIMER", status="SCHEDULED"
    ).update(scheduled=timezone.now() - dt.timedelta(seconds=1))


# --- the acceptance journeys ---------------------------------------------------------

# the decisions each journey tells its applicant of (workflows.hooks.case_decided)
DECISIONS = {
    "relief": ("approved", "closed"),
    "mutual_aid": ("approved", "closed"),
    "mediation": ("settled",),
}
FINAL_STATUS = {"relief": "closed", "mutual_aid": "closed", "mediation": "settled"}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def relief_journey(clients: dict[str, Client], member_id: int, tag: str, **_: Any) -> str:
    """Application → verify (recommend) → public notice, its timer fired by
    the due-work job → approve → pay (sent twice at once: one must win)."""
    cw, sup, fin = clients["caseworker"], clients["supervisor"], clients["finance"]
    case = cw.post(
        "/api/relief/applications/",
        {
            "member": member_id,
            "aid_type": "living",
            "cause": "illness",
            "reason": "家庭成员长期患病",
            "household_size": 3,
            "household_annual_income": "24000.00",
            "rigid_expenses": "6000.00",
            "requested_amount": "3000.00",
        },
        expect=201,
    )
    number = case["case_number"]
    cw.complete(
        number,
        "verify",
        "recommend",
        visit_date=_today(),
        verified_annual_income="24000.00",
        verified_rigid_expenses="6000.00",
        household_size=3,
        recommended_amount="3000.00",
        notes="入户核查属实",
    )
    make_timer_due(number)
    sup.wait_for_status(number, "awaiting_approval", 60)
    sup.complete(number, "approve", "approve", approved_amount="3000.00", comment="同意")
    complete_racing(
        fin,
        clients["finance_rival"],
        number,
        "disburse",
        "pay",
        amount="3000.00",
        method="bank_transfer",
        reference=f"R-{tag}",
        paid_on=_today(),
    )
    return str(number)


def mutual_aid_journey(clients: dict[str, Client], member_id: int, tag: str, **_: Any) -> str:
    """Claim → review (accept) → approve → pay the assessed benefit (sent
    twice at once: one must win)."""
    cw, sup, fin = clients["caseworker"], clients["supervisor"], clients["finance"]
    today = dt.date.fromisoformat(_today())
    admitted = max(dt.date(today.year, 1, 10), today - dt.timedelta(days=5)).isoformat()
    case = cw.post(
        "/api/mutual-aid/claims/",
        {
            "member": member_id,
            "product": "inpatient",
            "hospital": "三江侗族自治县人民医院",
            "admitted_on": admitted,
            "discharged_on": admitted,
            "diagnosis": "肺炎",
            "total_expense": "30000.00",
            "insurance_paid": "12000.00",
            "eligible_self_pay": "15000.00",
            "invoice_numbers": [f"INV-{tag}"],
        },
        expect=201,
    )
    number = case["case_number"]
    cw.complete(number, "review", "accept", comment="材料齐全")
    approved = sup.complete(number, "approve", "approve", comment="同意")
    amount = Decimal(approved["data"]["approved_amount"])
    complete_racing(
        fin,
        clients["finance_rival"],
        number,
        "pay",
        "pay",
        amount=str(amount),
        method="bank_transfer",
        reference=f"M-{tag}",
        paid_on=_today(),
    )
    return str(number)


def mediation_journey(
    clients: dict[str, Client], member_id: int, tag: str, serial: int = 0, **_: Any
) -> str:
    """Referral → assign a mediator → two sessions → settle → follow-up
    (fulfilled)."""
    from stdnum.cn import uscc

    coord, med = clients["coordinator"], clients["mediator"]
    today = dt.date.fromisoformat(_today())
    body = f"91450226MA{serial % 10**7:07d}"
    case = coord.post(
        "/api/mediation/referrals/",
        {
            "court": "三江侗族自治县人民法院",
            "court_case_number": f"({today.year})桂0226民初{tag}号",
            "referral_type": "delegated",
            "procedure": "ordinary",
            "referred_on": (today - dt.timedelta(days=3)).isoformat(),
            "received_on": (today - dt.timedelta(days=2)).isoformat(),
            "worker": {"member": member_id},
            "employer": {
                "name": f"三江负载测试{tag}有限公司",
                "credit_code": body + uscc.calc_check_digit(body + "0"),
            },
            "dispute_types": ["wages"],
            "amount_claimed": "18000.00",
            "summary": "拖欠工资三个月",
        },
        expect=201,
    )
    number = case["case_number"]
    coord.complete(number, "assign", "assign", mediator="mediator")
    for step in ("双方陈述意见", "达成初步方案"):
        med.post(
            f"/api/mediation/cases/{number}/sessions/",
            {
                "held_on": today.isoformat(),
                "place": "诉调对接工作室",
                "attendees": ["申请人", "企业代表"],
                "notes": step,
                "next_step": "",
            },
            expect=201,
        )
    med.complete(
        number,
        "mediate",
        "settle",
        agreed_amount="15000.00",
        terms="分两期支付",
        performance_due=(today + dt.timedelta(days=15)).isoformat(),
    )
    med.complete(number, "follow_up", "fulfilled", judicial_confirmation="confirmed")
    return str(number)


JOURNEYS: dict[str, Callable[..., str]] = {
    "relief": relief_journey,
    "mutual_aid": mutual_aid_journey,
    "mediation": mediation_journey,
}
PERSONAS = ("caseworker", "supervisor", "finance", "coordinator", "mediator")


@dataclass
class JourneyRun:
    program: str
    member_id: int
    tag: str
    serial: int
    number: str = ""
    seconds: float = 0.0
    error: str = ""


def run_journeys(
    runs: list[JourneyRun], bases: list[str], tokens: dict[str, str], threads: int, errors: Errors
) -> float:
    """Run the journeys on ``threads`` client threads (each thread its own
    clients, alternating over ``bases``); returns the wall time. A journey's
    failure is kept on its run; nothing is raised."""
    pending = iter(runs)
    lock = threading.Lock()

    def worker(offset: int) -> None:
        # each thread starts on a different web process
        rotated = bases[offset % len(bases) :] + bases[: offset % len(bases)]
        clients = {p: Client(rotated, tokens[p], errors, name=p) for p in PERSONAS}
        # pays at the same moment as "finance", through the other web process
        clients["finance_rival"] = Client(
            rotated[1:] + rotated[:1], tokens["finance"], errors, name="finance (rival)"
        )
        try:
            while True:
                with lock:
                    run = next(pending, None)
                if run is None:
                    return
                start = time.perf_counter()
                try:
                    run.number = JOURNEYS[run.program](
                        clients, run.member_id, run.tag, serial=run.serial
                    )
                except Exception as exc:  # recorded; the checks report it
                    run.error = f"{type(exc).__name__}: {exc}"
                run.seconds = time.perf_counter() - start
        finally:
            from django.db import connection

            connection.close()  # make_timer_due's connection of this thread

    start = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - start


def journey_runs(
    members: Iterator[Any], per_program: int, run_tag: str, first: int = 0
) -> list[JourneyRun]:
    """``per_program`` journeys of each program, interleaved."""
    programs = list(JOURNEYS) * per_program
    return [
        JourneyRun(program, next(members).pk, f"{run_tag}{serial:05d}", serial)
        for serial, program in enumerate(programs, start=first)
    ]
