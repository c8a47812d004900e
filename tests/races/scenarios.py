"""The race scenarios shared by ``bench/races.py`` (≥ 200 trials each) and
``tests/races/test_race_trials_postgres.py`` (a few trials each in CI).

Each scenario builds its case(s) in the calling thread through the same
services and engine the API uses, then releases real threads — each on its
own database connection, closed when the thread ends — together at a
barrier, and returns the anomalies it saw: a list of sentences, empty when
the trial came out right. An unexpected exception in a contender (a 500, a
deadlock error, a unique-constraint error escaping as such) is an anomaly
too; a domain ``Conflict`` (409) is the expected answer of a loser.

Import this module only after ``django.setup()``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.audit.verify import audit_verify
from casework.core.errors import Conflict
from casework.core.models import Case, CaseNumberCounter, Member, OrgUnit, Payment
from casework.core.services import member_create
from casework.demo.seed import id_number_for
from casework.mutual_aid.enrollments import enrollment_create
from casework.mutual_aid.models import Claim, MemberLedger, Plan
from casework.relief.models import ReliefApplication
from workflows import engine
from workflows.due_work import due_work_run
from workflows.intake import claim_submit, relief_submit
from workflows.selectors import open_tasks_of

JOIN_TIMEOUT = 60  # seconds; a contender still running then is an anomaly


# --- running contenders together -------------------------------------------


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def conflict_code(self) -> str | None:
        """The 409 code of a loser, through the engine or through the API."""
        if isinstance(self.error, Conflict):
            return self.error.code
        if self.error is None and getattr(self.value, "status_code", None) == 409:
            return (self.value.json().get("error") or {}).get("code")
        return None

    @property
    def won(self) -> bool:
        if self.error is not None:
            return False
        status = getattr(self.value, "status_code", None)
        return status is None or 200 <= status < 300


Prepare = Callable[[], Callable[[], Any]]


def contend(*contenders: Prepare) -> tuple[list[Outcome], list[str]]:
    """Run each contender in its own thread: it prepares (on its own
    connection) and returns the action to race; the actions start together
    at a barrier. Returns the outcomes in order and the anomalies (a hung
    thread, an exception that is not a 409, a 5xx answer)."""
    barrier = threading.Barrier(len(contenders), timeout=JOIN_TIMEOUT)
    outcomes = [Outcome() for _ in contenders]

    def main(i: int, prepare: Prepare) -> None:
        try:
            action = prepare()
            barrier.wait()
            outcomes[i].value = action()
        except BaseException as exc:  # counted by the caller
            barrier.abort()
            outcomes[i].error = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=main, args=(i, c), name=f"contender-{i}", daemon=True)
        for i, c in enumerate(contenders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    anomalies = [f"{t.name} still running after {JOIN_TIMEOUT}s" for t in threads if t.is_alive()]
    for i, o in enumerate(outcomes):
        if o.error is not None and not isinstance(o.error, Conflict):
            anomalies.append(f"contender {i} raised {o.error!r}")
        status = getattr(o.value, "status_code", None)
        if status is not None and status >= 500:
            anomalies.append(f"contender {i} got HTTP {status}")
    return outcomes, anomalies


def fresh_user(username: str) -> Any:
    """A User instance of this thread's own (access helpers cache on it)."""
    return get_user_model().objects.get(username=username)


def api_post(username: str, url: str, data: dict[str, Any] | None = None) -> Prepare:
    """A contender POSTing as ``username`` through the REST API."""

    def prepare() -> Callable[[], Any]:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(fresh_user(username))
        return lambda: client.post(url, data or {}, format="json")

    return prepare


def engine_claim(username: str, task_id: int) -> Prepare:
    def prepare() -> Callable[[], Any]:
        user, task = fresh_user(username), Task.objects.get(pk=task_id)
        return lambda: engine.task_claim(task, user)

    return prepare


def engine_complete(username: str, task_id: int, action: str, data: dict[str, Any]) -> Prepare:
    def prepare() -> Callable[[], Any]:
        user, task = fresh_user(username), Task.objects.get(pk=task_id)
        return lambda: engine.task_complete(task, user, action, dict(data))

    return prepare


def engine_submit(username: str, member: Member) -> Prepare:
    def prepare() -> Callable[[], Any]:
        actor = fresh_user(username)
        return lambda: relief_submit(actor=actor, member=member, **RELIEF_APPLICATION)

    return prepare


def one_winner(outcomes: list[Outcome], loser_code: str, what: str) -> list[str]:
    """Exactly one contender won, every other got 409 ``loser_code``."""
    anomalies = []
    winners = [i for i, o in enumerate(outcomes) if o.won]
    if len(winners) != 1:
        anomalies.append(f"{what}: {len(winners)} winners (contenders {winners})")
    codes = [o.conflict_code for i, o in enumerate(outcomes) if i not in winners]
    if any(code != loser_code for code in codes):
        anomalies.append(f"{what}: losers answered {codes}, expected 409 {loser_code}")
    return anomalies


# --- the world the trials run in ---------------------------------------------


RELIEF_APPLICATION: dict[str, Any] = {
    "aid_type": "living",
    "cause": "illness",
    "reason": "长期患病",
    "household_size": 3,
    "household_annual_income": Decimal("24000.00"),
    "rigid_expenses": Decimal("6000.00"),
    "requested_amount": Decimal("3000.00"),
}


def recommendation() -> dict[str, Any]:
    return {
        "visit_date": timezone.localdate().isoformat(),
        "verified_annual_income": "24000.00",
        "verified_rigid_expenses": "6000.00",
        "household_size": 3,
        "recommended_amount": "3000.00",
        "notes": "入户核查属实",
    }


_serials = itertools.count(1)


@dataclass
class World:
    """The demo users (``seed_org_and_users``) and a supply of fresh members:
    every trial takes new members, so no grant limit, open-case check or
    annual cap of an earlier trial gets in its way."""

    users: dict[str, Any]
    county: OrgUnit
    grassroots: list[OrgUnit]
    made: list[Member] = field(default_factory=list)

    @classmethod
    def from_org(cls, org: dict[str, Any]) -> World:
        return cls(users=org["users"], county=org["county"], grassroots=list(org["grassroots"]))

    def member(self, unit: OrgUnit | None = None) -> Member:
        """A new member (born 1950 onwards, clear of the demo members' IDs)
        of ``unit`` — by default the grassroots union both ``caseworker``
        and ``caseworker2`` serve."""
        while True:
            i = next(_serials)
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=i // 100)
            number = id_number_for(birth, i, female=i % 2 == 1)
            if not Member.objects.filter(id_number=number).exists():
                break
        member = member_create(
            name=f"竞争{i:05d}",
            id_number=number,
            org_unit=unit or self.grassroots[0],
            phone=f"138{i:08d}",
            employer="三江县",
            member_since=dt.date(2010, 1, 1),
        )
        self.made.append(member)
        return member


def audit_chain_problems(case_id: int) -> list[str]:
    seqs = list(
        AuditEvent.objects.filter(case_id=case_id).order_by("seq").values_list("seq", flat=True)
    )
    problems = []
    if seqs != list(range(1, len(seqs) + 1)):
        problems.append(f"case {case_id}: audit seqs {seqs}")
    result = audit_verify([case_id])
    if not result.ok:
        problems.append(f"case {case_id}: audit chain broken: {result.problems}")
    return problems


def events(case_id: int, type_: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(case_id=case_id, type=type_).order_by("seq"))


def open_task_id(case_id: int, node: str) -> int:
    return open_tasks_of(case_id).get(info__node=node).pk


def relief_case(world: World, actor: str = "caseworker") -> Case:
    return relief_submit(actor=world.users[actor], member=world.member(), **RELIEF_APPLICATION)


def step(case: Case, username: str, node: str, action: str, data: dict[str, Any]) -> None:
    task = open_tasks_of(case.pk).get(info__node=node)
    engine.task_complete(task, fresh_user(username), action, data)


def relief_case_to_disburse(world: World) -> Case:
    """A relief case recommended, past its public notice, and approved."""
    case = relief_case(world)
    step(case, "caseworker", "verify", "recommend", recommendation())
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now() - dt.timedelta(seconds=1)
    )
    due_work_run()
    step(case, "supervisor", "approve", "approve", {"approved_amount": "3000.00"})
    case.refresh_from_db()
    assert case.case_status == "approved", case.case_status
    return case


# --- the scenarios -----------------------------------------------------------


def double_claim(world: World, trial: int) -> list[str]:
    """caseworker (county) and caseworker2 (the member's union) claim one
    verify task at once — through the API on even trials, the engine on odd
    ones: one holds it, the other gets 409 ``already_claimed``."""
    case = relief_case(world)
    task_id = open_task_id(case.pk, "verify")
    names = ("caseworker", "caseworker2")
    if trial % 2 == 0:
        contenders = [api_post(u, f"/api/tasks/{task_id}/claim/") for u in names]
    else:
        contenders = [engine_claim(u, task_id) for u in names]
    outcomes, anomalies = contend(*contenders)
    anomalies += one_winner(outcomes, "already_claimed", "claim")
    task = Task.objects.select_related("owner").get(pk=task_id)
    winners = [u for u, o in zip(names, outcomes, strict=True) if o.won]
    holder = task.owner.get_username() if task.owner else None
    if task.status != "ASSIGNED" or [holder] != winners:
        anomalies.append(f"task {task.status} held by {holder}, winners {winners}")
    claimed = [e.actor_name for e in events(case.pk, "task_claimed")]
    if len(claimed) != 1:
        anomalies.append(f"{len(claimed)} task_claimed events: {claimed}")
    return anomalies + audit_chain_problems(case.pk)


def double_completion(world: World, trial: int) -> list[str]:
    """caseworker and caseworker2 both complete one open verify task
    (``recommend``) at once: one completion, one public-notice timer, the
    other gets 409 ``task_closed``."""
    case = relief_case(world)
    task_id = open_task_id(case.pk, "verify")
    names = ("caseworker", "caseworker2")
    data = recommendation()
    if trial % 2 == 0:
        contenders = [
            api_post(u, f"/api/tasks/{task_id}/complete/", {"action": "recommend", **data})
            for u in names
        ]
    else:
        contenders = [engine_complete(u, task_id, "recommend", data) for u in names]
    outcomes, anomalies = contend(*contenders)
    anomalies += one_winner(outcomes, "task_closed", "complete")
    completed = events(case.pk, "task_completed")
    if len(completed) != 1:
        anomalies.append(f"{len(completed)} task_completed events")
    timers = Task.objects.filter(process_id=case.pk, flow_task_type="TIMER").count()
    if timers != 1:
        anomalies.append(f"{timers} public-notice timers")
    case.refresh_from_db()
    if case.case_status != "public_notice":
        anomalies.append(f"case ended {case.case_status}, not public_notice")
    return anomalies + audit_chain_problems(case.pk)


def double_payment(world: World, trial: int, payers: int = 3) -> list[str]:
    """``payers`` concurrent ``pay`` completions of one approved relief case
    by finance (API on even trials, engine on odd): one payment row, one
    ``payment_made`` event, the case closed, the rest 409 ``task_closed``."""
    case = relief_case_to_disburse(world)
    task_id = open_task_id(case.pk, "disburse")

    def pay(i: int) -> dict[str, Any]:
        return {
            "amount": "3000.00",
            "method": "bank_transfer",
            "reference": f"RACE-{trial}-{i}",
            "paid_on": timezone.localdate().isoformat(),
        }

    if trial % 2 == 0:
        contenders = [
            api_post("finance", f"/api/tasks/{task_id}/complete/", {"action": "pay", **pay(i)})
            for i in range(payers)
        ]
    else:
        contenders = [engine_complete("finance", task_id, "pay", pay(i)) for i in range(payers)]
    outcomes, anomalies = contend(*contenders)
    anomalies += one_winner(outcomes, "task_closed", "pay")
    payments = list(Payment.objects.filter(case=case))
    if len(payments) != 1:
        anomalies.append(f"{len(payments)} payment rows")
    made = events(case.pk, "payment_made")
    if len(made) != 1:
        anomalies.append(f"{len(made)} payment_made events")
    winner = next((i for i, o in enumerate(outcomes) if o.won), None)
    if len(payments) == 1 and winner is not None:
        if payments[0].reference != f"RACE-{trial}-{winner}":
            anomalies.append(f"payment {payments[0].reference} is not the winner's ({winner})")
    case.refresh_from_db()
    if case.case_status != "closed" or open_tasks_of(case.pk).exists():
        anomalies.append(f"case {case.case_status} with open tasks after payment")
    return anomalies + audit_chain_problems(case.pk)


def _inpatient_plan() -> Plan:
    return Plan.objects.get(year=timezone.localdate().year, product="inpatient")


def _big_claim(world: World, member: Member, plan: Plan, n: int) -> Case:
    """A claim that alone takes more than half the cap, accepted at review."""
    today = timezone.localdate()
    admitted = max(dt.date(today.year, 1, 2), today - dt.timedelta(days=3))
    case = claim_submit(
        actor=world.users["caseworker"],
        member=member,
        plan=plan,
        invoice_numbers=[f"CAP-{member.pk}-{n}"],
        hospital="三江县人民医院",
        admitted_on=admitted,
        discharged_on=admitted,
        diagnosis="重症",
        total_expense=Decimal("60000"),
        insurance_paid=Decimal("20000"),
        eligible_self_pay=Decimal("40000"),
        severity_class="",
    )
    step(case, "caseworker", "review", "accept", {})
    return case


def cap_race(world: World, trial: int) -> list[str]:
    """Two claims of one member, each worth more than half the inpatient
    annual cap: approved at once by two supervisors, then paid at once. The
    member is never paid past the cap and the ledger matches the rows."""
    plan = _inpatient_plan()
    cap = plan.annual_cap
    member = world.member(world.county)
    enrollment_create(
        actor=world.users["caseworker"],
        member=member,
        plan=plan,
        paid_amount=plan.contribution,
        enrolled_on=dt.date(plan.year - 1, 1, 1),
    )
    cases = [_big_claim(world, member, plan, n) for n in (1, 2)]
    approvals = [
        engine_complete(u, open_task_id(c.pk, "approve"), "approve", {})
        for u, c in zip(("supervisor", "supervisor2"), cases, strict=True)
    ]
    outcomes, anomalies = contend(*approvals)
    for o in outcomes:
        if not o.won and o.conflict_code != "cap_exhausted":
            anomalies.append(f"approval refused with {o.conflict_code}")
    claims = {c.case_id: c for c in Claim.objects.filter(case__in=cases)}
    approved = [c.approved_amount for c in claims.values() if c.approved_amount is not None]
    ledger = MemberLedger.objects.get(member=member, plan=plan)
    if ledger.approved_total != sum(approved, Decimal("0")):
        anomalies.append(f"ledger approved {ledger.approved_total} ≠ claims {approved}")
    if cap is not None and sum(approved, Decimal("0")) > cap:
        anomalies.append(f"approved {sum(approved)} past the cap {cap}")

    payable = [c for c in cases if claims[c.pk].approved_amount is not None]
    pays = [
        engine_complete(
            "finance",
            open_task_id(c.pk, "pay"),
            "pay",
            {
                "amount": str(claims[c.pk].approved_amount),
                "method": "cash",
                "reference": f"CAP-{trial}-{c.pk}",
                "paid_on": timezone.localdate().isoformat(),
            },
        )
        for c in payable
    ]
    if pays:
        outcomes, more = contend(*pays)
        anomalies += more
        anomalies += [f"payment refused with {o.conflict_code}" for o in outcomes if not o.won]
    paid = list(Payment.objects.filter(member=member).values_list("amount", flat=True))
    total = sum(paid, Decimal("0"))
    ledger.refresh_from_db()
    if cap is not None and total > cap:
        anomalies.append(f"paid {total} past the cap {cap}")
    if ledger.paid_total != total or ledger.paid_claims != len(paid):
        anomalies.append(
            f"ledger paid {ledger.paid_total} in {ledger.paid_claims} ≠ rows {total} in {len(paid)}"
        )
    if len(paid) != len(payable):
        anomalies.append(f"{len(paid)} payments for {len(payable)} approved claims")
    for c in cases:
        anomalies += audit_chain_problems(c.pk)
    return anomalies


def case_numbers(world: World, trial: int, submitters: int = 8) -> list[str]:
    """``submitters`` threads each submit a relief case for a different
    member at once: every one gets a number, the numbers are distinct and
    continue the year's sequence without a gap; every case is whole."""
    members = [world.member(world.county) for _ in range(submitters)]
    year = timezone.localdate().year
    before = (
        CaseNumberCounter.objects.filter(prefix="RL", year=year).values_list("last", flat=True)
    ).first() or 0
    outcomes, anomalies = contend(*(engine_submit("caseworker", m) for m in members))
    cases = [o.value for o in outcomes if o.won]
    if len(cases) != submitters:
        anomalies.append(f"{len(cases)} of {submitters} submissions succeeded")
    numbers = [c.case_number for c in cases]
    if len(set(numbers)) != len(numbers):
        anomalies.append(f"a number was handed out twice: {sorted(numbers)}")
    got = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    if got != list(range(before + 1, before + 1 + len(numbers))):
        anomalies.append(f"numbers {got} do not continue from {before} without a gap")
    after = CaseNumberCounter.objects.get(prefix="RL", year=year).last
    if after != before + len(numbers):
        anomalies.append(f"counter at {after}, expected {before + len(numbers)}")
    for case in cases:
        if not ReliefApplication.objects.filter(case_id=case.pk).exists():
            anomalies.append(f"{case.case_number} has no application row")
        if not open_tasks_of(case.pk).filter(info__node="verify").exists():
            anomalies.append(f"{case.case_number} has no verify task")
        anomalies += audit_chain_problems(case.pk)
    if len(cases) == submitters and {c.member_id for c in cases} != {m.pk for m in members}:
        anomalies.append("the cases do not belong one to each member")
    return anomalies


SCENARIOS: dict[str, Callable[[World, int], list[str]]] = {
    "double claim": double_claim,
    "double completion": double_completion,
    "double payment": double_payment,
    "annual cap": cap_race,
    "case numbers": case_numbers,
}
