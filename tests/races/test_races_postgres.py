"""Races on PostgreSQL: real threads, each with its own connection, released
together by a barrier, against data committed for real (transaction=True).

What they prove, each over several rounds:

- two users claiming one task at once: one wins, the other gets 409
  ``already_claimed`` (through the API and through the engine);
- six concurrent ``pay`` completions of one relief case: one payment, one
  ``payment_made`` event, five 409s, the case ``closed``;
- concurrent submissions for different members: distinct, gap-free numbers;
- two concurrent submissions for the same member: one 201, one 409
  ``duplicate_case``;
- concurrent due-work runs fire a timer once;
- a withdrawal racing an approval: exactly one of them happens;
- concurrent parameter changes keep the case-less audit chain linear.

SQLite serializes every writer, so these only mean something on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.audit.verify import audit_verify
from casework.core.errors import Conflict
from casework.core.models import Case, CaseNumberCounter, Member, Payment
from casework.demo.seed import seed_members
from tests.conftest import application, end_public_notice, recommendation
from tests.races.contenders import contend
from workflows import engine
from workflows.due_work import due_work_run
from workflows.selectors import open_tasks_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (row locks between real connections); "
        "set DATABASE_URL=postgres://... to run them",
    ),
    # serialized_rollback: the flush after a transactional test also wipes the
    # rows seeded by data migrations (parameters, ceilings, role groups);
    # restore them before each test
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 5


def fresh_user(username: str) -> Any:
    """A User instance of this thread's own (access helpers cache on it)."""
    return get_user_model().objects.get(username=username)


def client_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(fresh_user(username))
    return client


def post(username: str, url: str, data: dict[str, Any] | None = None):
    """A contender POSTing as ``username``: it logs in (in its thread), then
    the request itself is the race."""

    def prepare() -> Callable[[], Any]:
        client = client_for(username)
        return lambda: client.post(url, data or {}, format="json")

    return prepare


def status_and_code(response: Any) -> tuple[int, str | None]:
    body = response.json()
    return response.status_code, (body.get("error") or {}).get("code")


# --- building cases in the main thread --------------------------------------


@pytest.fixture
def crowd(org) -> list[Member]:
    """48 members, 12 in each of the county and the three grassroots unions."""
    return seed_members([org["county"], *org["grassroots"]], count=48)


def in_unit(members: list[Member], unit: Any) -> list[Member]:
    return [m for m in members if m.org_unit_id == unit.pk]


def submit(api: Any, member: Member, **overrides: Any) -> str:
    response = api("caseworker").post("/api/relief/applications/", application(member, **overrides))
    assert response.status_code == 201, response.json()
    return response.json()["case_number"]


def to_disburse(api: Any, member: Member) -> str:
    number = submit(api, member)
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert done.status_code == 200, done.json()
    end_public_notice(number)
    approved = api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["case"]["status"] == "approved"
    return number


def open_task(number: str, node: str) -> Task:
    case = Case.objects.get(case_number=number)
    return open_tasks_of(case.pk).get(info__node=node)


def events_of(number: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(case__case_number=number).order_by("seq"))


def assert_chain_intact(number: str) -> None:
    seqs = [e.seq for e in events_of(number)]
    assert seqs == list(range(1, len(seqs) + 1)), f"{number}: audit seq {seqs}"
    case_id = Case.objects.get(case_number=number).pk
    result = audit_verify([case_id])
    assert result.ok, result.problems


def sequence(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


# --- (a) two users claim one task -------------------------------------------


def claim(username: str, task_id: int) -> Callable[[], Callable[[], Any]]:
    """Prepare an engine claim as ``username``."""

    def prepare() -> Callable[[], Any]:
        user, task = fresh_user(username), Task.objects.get(pk=task_id)
        return lambda: engine.task_claim(task, user)

    return prepare


def test_two_users_claiming_one_task_one_wins(api, crowd, grassroots):
    """caseworker (county) and caseworker2 (the grassroots union) may both
    take a verify task of a member of that union; they click at once."""
    members = in_unit(crowd, grassroots[0])
    contenders = ("caseworker", "caseworker2")
    winners = Counter()
    for round_ in range(ROUNDS):
        number = submit(api, members[round_])
        task_id = open_task(number, "verify").pk

        if round_ % 2 == 0:  # through the API
            outcomes = contend(*(post(u, f"/api/tasks/{task_id}/claim/") for u in contenders))
            results = [status_and_code(o.value) for o in outcomes]
            assert sorted(results) == [(200, None), (409, "already_claimed")], results
            winner = contenders[[r[0] for r in results].index(200)]
            assert outcomes[contenders.index(winner)].value.json()["assignee"] == winner
        else:  # through the engine
            outcomes = contend(*(claim(u, task_id) for u in contenders))
            won = [u for u, o in zip(contenders, outcomes, strict=True) if o.error is None]
            lost = [o.error for o in outcomes if o.error is not None]
            assert len(won) == 1 and len(lost) == 1, outcomes
            assert isinstance(lost[0], Conflict) and lost[0].code == "already_claimed", lost
            winner = won[0]

        winners[winner] += 1
        task = Task.objects.select_related("owner").get(pk=task_id)
        assert task.status == "ASSIGNED" and task.owner.username == winner
        assert task.info.case.case_status == "verifying"
        claimed = [e for e in events_of(number) if e.type == "task_claimed"]
        assert [e.actor_name for e in claimed] == [winner]
        assert_chain_intact(number)
    assert sum(winners.values()) == ROUNDS


# --- (b) six concurrent payments ---------------------------------------------


def test_concurrent_payments_pay_once(api, crowd, county):
    members = in_unit(crowd, county)
    today = timezone.localdate().isoformat()
    for round_ in range(ROUNDS):
        number = to_disburse(api, members[round_])
        task_id = open_task(number, "disburse").pk
        outcomes = contend(
            *(
                post(
                    "finance",
                    f"/api/tasks/{task_id}/complete/",
                    {
                        "action": "pay",
                        "amount": "3000.00",
                        "method": "bank_transfer",
                        "reference": f"BANK-{round_}-{i}",
                        "paid_on": today,
                    },
                )
                for i in range(6)
            )
        )
        results = Counter(status_and_code(o.value) for o in outcomes)
        assert results == {(200, None): 1, (409, "task_closed"): 5}, results
        winner = next(i for i, o in enumerate(outcomes) if o.value.status_code == 200)
        assert outcomes[winner].value.json()["case"]["status"] == "closed"

        payments = Payment.objects.filter(case__case_number=number)
        assert payments.count() == 1
        assert payments.get().reference == f"BANK-{round_}-{winner}"
        events = events_of(number)
        assert sum(e.type == "payment_made" for e in events) == 1
        pays = [e for e in events if e.type == "task_completed" and e.data["action"] == "pay"]
        assert len(pays) == 1
        case = Case.objects.get(case_number=number)
        assert case.case_status == "closed" and case.closed is not None
        assert not open_tasks_of(case.pk).exists()
        assert_chain_intact(number)


# --- (c) concurrent submissions: distinct, gap-free numbers -----------------


def test_concurrent_submissions_number_without_gaps_or_repeats(api, crowd):
    year = timezone.localdate().year
    per_round = 8
    numbers: list[str] = []
    for round_ in range(ROUNDS):
        batch = crowd[round_ * per_round : (round_ + 1) * per_round]
        outcomes = contend(
            *(post("caseworker", "/api/relief/applications/", application(m)) for m in batch)
        )
        statuses = [o.value.status_code for o in outcomes]
        assert statuses == [201] * per_round, [o.value.json() for o in outcomes]
        got = [o.value.json()["case_number"] for o in outcomes]
        assert all(n.startswith(f"RL-{year}-") for n in got), got
        assert len(set(got)) == per_round, f"a number was handed out twice: {sorted(got)}"
        first = round_ * per_round + 1
        assert sorted(sequence(n) for n in got) == list(range(first, first + per_round)), got
        numbers += got
        # each case went to its own member, and each case is whole
        by_member = dict(
            Case.objects.filter(case_number__in=got).values_list("member_id", "case_number")
        )
        assert set(by_member) == {m.pk for m in batch}
    assert CaseNumberCounter.objects.get(prefix="RL", year=year).last == ROUNDS * per_round
    assert Case.objects.count() == ROUNDS * per_round
    for number in numbers[:per_round]:
        assert_chain_intact(number)


# --- (d) two concurrent submissions for one member ---------------------------


def test_concurrent_submissions_for_one_member_make_one_case(api, crowd, grassroots):
    members = in_unit(crowd, grassroots[0])
    numbers: list[str] = []
    for round_ in range(ROUNDS):
        member = members[round_]
        outcomes = contend(
            *(
                post(u, "/api/relief/applications/", application(member))
                for u in ("caseworker", "caseworker2")
            )
        )
        results = sorted(status_and_code(o.value) for o in outcomes)
        assert results == [(201, None), (409, "duplicate_case")], results
        assert Case.objects.filter(member=member).count() == 1
        numbers += [o.value.json()["case_number"] for o in outcomes if o.value.status_code == 201]
    # the refused submissions took no number
    assert sorted(sequence(n) for n in numbers) == list(range(1, ROUNDS + 1))


# --- (e) concurrent due-work runs fire a timer once ---------------------------


def test_concurrent_due_work_runs_fire_a_timer_once(api, crowd, county):
    members = in_unit(crowd, county)
    for round_ in range(3):
        number = submit(api, members[round_])
        done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
        assert done.json()["case"]["status"] == "public_notice"
        case = Case.objects.get(case_number=number)
        Task.objects.filter(process_id=case.pk, flow_task_type="TIMER").update(
            scheduled=timezone.now()
        )
        outcomes = contend(*(lambda: lambda: due_work_run().timers_fired for _ in range(4)))
        assert sorted(o.value for o in outcomes) == [0, 0, 0, 1]
        case.refresh_from_db()
        assert case.case_status == "awaiting_approval"
        assert [t.info.node for t in open_tasks_of(case.pk)] == ["approve"]
        assert sum(e.type == "timer_fired" for e in events_of(number)) == 1
        assert_chain_intact(number)


# --- (f) withdrawal against approval ------------------------------------------


def test_withdraw_against_approve_one_of_them_wins(api, crowd, county):
    """The caseworker withdraws while the supervisor approves: either the case
    is withdrawn (the approval finds its task canceled) or it is approved
    (the withdrawal finds it past approval), never both."""
    members = in_unit(crowd, county)
    seen = Counter()
    for round_ in range(4):
        number = submit(api, members[round_])
        api("caseworker").complete(number, "verify", "recommend", **recommendation())
        end_public_notice(number)
        task_id = open_task(number, "approve").pk
        outcomes = contend(
            post(
                "supervisor",
                f"/api/tasks/{task_id}/complete/",
                {"action": "approve", "approved_amount": "3000.00"},
            ),
            post("caseworker", f"/api/cases/{number}/withdraw/", {"reason": "申请人撤回"}),
        )
        approve, withdraw = (status_and_code(o.value) for o in outcomes)
        case = Case.objects.get(case_number=number)
        if approve[0] == 200:
            assert withdraw == (409, "wrong_state"), withdraw
            assert case.case_status == "approved"
            assert [t.info.node for t in open_tasks_of(case.pk)] == ["disburse"]
        else:
            assert approve == (409, "task_closed") and withdraw[0] == 200, (approve, withdraw)
            assert case.case_status == "withdrawn"
            assert not open_tasks_of(case.pk).exists()
        seen[case.case_status] += 1
        assert_chain_intact(number)
    assert sum(seen.values()) == 4


# --- (g) parameter changes: the case-less audit chain -------------------------


def test_concurrent_parameter_changes_keep_the_audit_chain(org):
    """Parameter changes audit into the one chain outside any case; changes of
    different parameters at once must still take consecutive seqs (no row of
    their own to lock, and NULL cases escape the (case, seq) constraint)."""
    keys = (
        "relief.verify_days",
        "relief.approve_days",
        "relief.disburse_days",
        "relief.supplement_days",
    )

    def patch(key: str, value: int) -> Callable[[], Callable[[], Any]]:
        def prepare() -> Callable[[], Any]:
            client = client_for("admin")
            return lambda: client.patch(f"/api/parameters/{key}/", {"value": value}, format="json")

        return prepare

    for round_ in range(3):
        outcomes = contend(*(patch(key, 6 + round_) for key in keys))
        assert [o.value.status_code for o in outcomes] == [200] * len(keys)
    seqs = list(AuditEvent.objects.filter(case=None).values_list("seq", flat=True))
    assert seqs == list(range(1, 3 * len(keys) + 1)), f"case-less audit seqs: {seqs}"
    result = audit_verify()
    assert result.ok, result.problems
