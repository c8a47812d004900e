"""The locust users of bench/load.py: staff reading their inboxes, queues
and cases, and a few working relief tasks (caseworkers recommend,
supervisors approve, finance pays). Run by load.py, which sets:

- ``LOAD_TOKENS_FILE``: JSON ``{"readers"|"caseworker"|"supervisor"|"finance":
  {username: token}}``;
- ``LOAD_TODAY``: today in the site's time zone (``visit_date``, ``paid_on``);
- ``LOAD_BASELINE=1``: one user of each kind (the baseline run).

A 409 on claim or complete is the expected answer when two users race for
one task: it counts as a success and is also reported as its own row
(type ``409``, "expected conflict"). Any other non-2xx answer is a failure.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

TOKENS: dict[str, dict[str, str]] = (
    json.loads(Path(os.environ["LOAD_TOKENS_FILE"]).read_text())
    if os.environ.get("LOAD_TOKENS_FILE")
    else {}
)
TODAY = os.environ.get("LOAD_TODAY", "")
BASELINE = os.environ.get("LOAD_BASELINE") == "1"


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    persona = "readers"

    def on_start(self) -> None:
        self.become_someone()

    def become_someone(self) -> None:
        """Act as one of the persona's users (chosen at random)."""
        self.username, token = random.choice(sorted(TOKENS[self.persona].items()))
        self.client.headers.update({"Authorization": f"Token {token}", "Accept-Language": "en"})

    def fetch(self, path: str, name: str) -> Any:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            return response.json()

    def send(self, path: str, name: str, data: dict[str, Any] | None = None) -> bool:
        """POST; True on 200, False on an expected 409 (counted apart)."""
        with self.client.post(path, json=data or {}, name=name, catch_response=True) as response:
            if response.status_code == 200:
                return True
            if response.status_code == 409:
                response.success()
                events.request.fire(
                    request_type="409",
                    name=f"expected conflict: {name}",
                    response_time=response.elapsed.total_seconds() * 1000,
                    response_length=0,
                    exception=None,
                    context={},
                )
                return False
            response.failure(f"{response.status_code}: {response.text[:200]}")
            return False


class Reader(Staff):
    """Most of the traffic: staff looking at their work and their cases. A
    reader is someone else on every visit, so the one reader of the
    baseline run sees the same mix of users as the many under load."""

    weight = 6
    fixed_count = 1 if BASELINE else 0

    @task(4)
    def inbox(self) -> None:
        self.become_someone()
        self.fetch("/api/tasks/?scope=inbox", "/api/tasks/?scope=inbox")

    @task(3)
    def queue(self) -> None:
        self.become_someone()
        self.fetch("/api/tasks/?scope=queue", "/api/tasks/?scope=queue")

    @task(1)
    def done(self) -> None:
        self.become_someone()
        self.fetch("/api/tasks/?scope=done", "/api/tasks/?scope=done")

    @task(2)
    def case_list(self) -> None:
        self.become_someone()
        self.fetch("/api/cases/", "/api/cases/")

    @task(3)
    def open_a_case(self) -> None:
        self.become_someone()
        first = self.fetch("/api/cases/?page_size=20", "/api/cases/")
        pages = -(-first["count"] // 20) if first else 0
        page = first
        if pages > 1:
            page = self.fetch(
                f"/api/cases/?page_size=20&page={random.randint(2, pages)}", "/api/cases/?page="
            )
        if page and page["results"]:
            number = random.choice(page["results"])["case_number"]
            self.fetch(f"/api/cases/{number}/", "/api/cases/[number]/")


class Worker(Staff):
    """Takes a relief task of its ``node`` from the queue: claim, open the
    task and its case, complete it with figures taken from the case."""

    abstract = True
    node = ""
    action = ""

    def fields(self, case: dict[str, Any]) -> dict[str, Any]:
        return {}

    @task
    def work_a_task(self) -> None:
        page = self.fetch(
            "/api/tasks/?scope=queue&program=relief&page_size=50",
            "/api/tasks/?scope=queue&program=relief",
        )
        tasks = [t for t in (page or {}).get("results", []) if t["name"] == self.node]
        if not tasks:
            return
        chosen = random.choice(tasks)
        task_id = chosen["id"]
        if not self.send(f"/api/tasks/{task_id}/claim/", "/api/tasks/[id]/claim/"):
            return
        self.fetch(f"/api/tasks/{task_id}/", "/api/tasks/[id]/")
        case = self.fetch(f"/api/cases/{chosen['case_number']}/", "/api/cases/[number]/")
        if case is None:
            return
        self.send(
            f"/api/tasks/{task_id}/complete/",
            f"/api/tasks/[id]/complete/ ({self.node})",
            {"action": self.action, **self.fields(case["data"])},
        )


class Caseworker(Worker):
    weight = 2
    fixed_count = 1 if BASELINE else 0
    persona = "caseworker"
    node, action = "verify", "recommend"

    def fields(self, case: dict[str, Any]) -> dict[str, Any]:
        return {
            "visit_date": TODAY,
            "verified_annual_income": case["household_annual_income"],
            "verified_rigid_expenses": case["rigid_expenses"],
            "household_size": case["household_size"],
            "recommended_amount": case["requested_amount"],
            "notes": "入户核查属实",
        }


class Supervisor(Worker):
    weight = 1
    fixed_count = 1 if BASELINE else 0
    persona = "supervisor"
    node, action = "approve", "approve"

    def fields(self, case: dict[str, Any]) -> dict[str, Any]:
        return {"approved_amount": case["recommended_amount"], "comment": "同意"}


class Finance(Worker):
    weight = 1
    fixed_count = 1 if BASELINE else 0
    persona = "finance"
    node, action = "disburse", "pay"

    def fields(self, case: dict[str, Any]) -> dict[str, Any]:
        return {
            "amount": case["approved_amount"],
            "method": "bank_transfer",
            "reference": f"LOAD-{random.randint(0, 10**9)}",
            "paid_on": TODAY,
        }
