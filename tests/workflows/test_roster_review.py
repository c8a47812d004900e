"""The yearly hardship-roster review: opened by the due-work sweep when the
review is due, decided through the task API like any other step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from casework.core.models import Case
from casework.relief.models import RosterEntry
from tests.conftest import application, end_public_notice, recommendation
from workflows.due_work import due_work_run

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str) -> time_machine.travel:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ))


def _filed(api, member) -> RosterEntry:
    cw, sup = api("caseworker"), api("supervisor")
    number = cw.post("/api/relief/applications/", application(member)).json()["case_number"]
    assert cw.complete(number, "verify", "recommend", **recommendation()).status_code == 200
    end_public_notice(number)
    assert sup.complete(number, "approve", "approve", approved_amount="3000.00").status_code == 200
    return RosterEntry.objects.get(member=member)


def _review_task(api, entry: RosterEntry) -> dict:
    queue = api("caseworker").get("/api/tasks/", scope="queue").json()["results"]
    reviews = [t for t in queue if t["program"] == "roster_review"]
    assert len(reviews) == 1, queue
    return reviews[0]


def test_the_review_opens_a_year_after_filing_once(api, member):
    with at("2026-03-02"):
        entry = _filed(api, member)
    assert entry.review_due == dt.date(2027, 3, 2)
    relief_cases = Case.objects.filter(program="relief").count()
    with at("2027-03-01"):
        assert due_work_run().roster_reviews_opened == 0
    with at("2027-03-02"):
        report = due_work_run()
        assert report.roster_reviews_opened == 1
        assert "roster reviews opened: 1" in report.lines()
        assert due_work_run().roster_reviews_opened == 0  # one open review at a time
        task = _review_task(api, entry)
        # the contract's task shape; 10 working days, by weekday in 2027
        assert task["name"] == "review" and task["status"] == "new"
        assert task["due"] == "2027-03-16" and task["overdue"] is False
        assert task["case_number"].startswith("RR-2027-")
        detail = api("caseworker").get(f"/api/cases/{task['case_number']}/").json()
        assert detail["data"]["category"] == "deep"
    assert Case.objects.filter(program="relief").count() == relief_cases  # relief counts unmoved
    with at("2027-03-03"):
        done = api("caseworker").post(f"/api/tasks/{task['id']}/complete/", {"action": "continue"})
        assert done.status_code == 200, done.json()
        assert done.json()["case"]["status"] == "continued"
    entry.refresh_from_db()
    assert (entry.status, entry.review_due) == ("active", dt.date(2028, 3, 3))


def test_change_category_and_exit_with_a_reason(api, member):
    with at("2026-03-02"):
        entry = _filed(api, member)
    cw = api("caseworker")
    with at("2027-03-02"):
        due_work_run()
        task = _review_task(api, entry)
        same = cw.post(
            f"/api/tasks/{task['id']}/complete/", {"action": "change_category", "category": "deep"}
        )
        assert same.status_code == 400
        changed = cw.post(
            f"/api/tasks/{task['id']}/complete/",
            {"action": "change_category", "category": "relative"},
        )
        assert changed.status_code == 200, changed.json()
    entry.refresh_from_db()
    assert (entry.category, entry.review_due) == ("relative", dt.date(2028, 3, 2))
    with at("2028-03-02"):
        assert due_work_run().roster_reviews_opened == 1
        task = _review_task(api, entry)
        bad = cw.post(f"/api/tasks/{task['id']}/complete/", {"action": "exit", "reason": "rich"})
        assert bad.status_code == 400
        out = cw.post(f"/api/tasks/{task['id']}/complete/", {"action": "exit", "reason": "retired"})
        assert out.status_code == 200, out.json()
        assert out.json()["case"]["status"] == "exited"
    entry.refresh_from_db()
    assert (entry.status, entry.exit_reason) == ("exited", "retired")
    with at("2029-03-05"):
        assert due_work_run().roster_reviews_opened == 0  # off the roster
