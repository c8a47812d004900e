"""Legal aid's closing has no due date but is reminded monthly
(PROCESSES.md §5): every 30 calendar days since the task opened, once, its
holder or — unclaimed — the unit's caseworkers, in their language."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from casework.core.models import Parameter
from casework.notifications.models import Notification
from tests.legal.aid_helpers import apply, closing_report_attach
from workflows.due_work import due_work_run
from workflows.legal_aid_reminders import aid_close_reminders_send

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ))


def _in_progress(api) -> str:
    """A legal-aid case carried to its ``close`` step (the lawyer assigned)."""
    number = apply(api)["case_number"]
    assert api("caseworker").complete(number, "review", "accept").status_code == 200
    assert api("supervisor").complete(number, "approve", "approve").status_code == 200
    assigned = api("caseworker").complete(
        number, "assign", "assign", lawyer="韦明", firm="广西三江律师事务所"
    )
    assert assigned.json()["case"]["status"] == "in_progress", assigned.json()
    return number


def _reminders(number: str) -> list[Notification]:
    return list(
        Notification.objects.filter(
            case__case_number=number, key__startswith="open_reminder:"
        ).order_by("pk")
    )


def test_the_open_closing_is_reminded_every_30_days_once(api):
    assert Parameter.objects.get(key="legal_aid.close_reminder_days").value == "30"
    with at("2026-03-02"):
        number = _in_progress(api)
        assert due_work_run().aid_close_reminders_sent == 0
    with at("2026-03-31"):  # 29 days
        assert due_work_run().aid_close_reminders_sent == 0
    with at("2026-04-02"):  # 31 days
        report = due_work_run()
        assert report.aid_close_reminders_sent == 1
        assert "legal-aid closing reminders sent: 1" in report.lines()
        assert due_work_run().aid_close_reminders_sent == 0  # the same day again
    first = _reminders(number)
    assert first and {n.kind for n in first} == {"reminder"}
    # unclaimed: the county's caseworkers may take it, so they are told
    assert "caseworker" in {n.recipient.get_username() for n in first}
    assert "supervisor" not in {n.recipient.get_username() for n in first}
    zh = next(n for n in first if n.recipient.get_username() == "caseworker")
    assert zh.subject == f"【{number}】“法律援助结案”已开启 31 天"
    assert "自 2026-03-02 开启" in zh.body and "结案报告" in zh.body
    with at("2026-04-20"):  # 49 days: still the first period
        assert due_work_run().aid_close_reminders_sent == 0
    with at("2026-05-02"):  # 61 days
        assert due_work_run().aid_close_reminders_sent == 1
        assert due_work_run().aid_close_reminders_sent == 0
    assert len(_reminders(number)) == 2 * len(first)


def test_a_claimed_closing_reminds_its_holder_only(api):
    with at("2026-03-02"):
        number = _in_progress(api)
        task = api("caseworker").open_task(number, "close")
        assert api("caseworker").post(f"/api/tasks/{task['id']}/claim/").status_code == 200
    with at("2026-04-02"):
        assert aid_close_reminders_send() == 1
    assert [n.recipient.get_username() for n in _reminders(number)] == ["caseworker"]


def test_a_closed_case_is_not_reminded(api, capsys):
    with at("2026-03-02"):
        number = _in_progress(api)
        closing_report_attach(api, number)
        closed = api("caseworker").complete(
            number, "close", "close", result="won", amount_recovered="12000.00"
        )
        assert closed.json()["case"]["status"] == "closed", closed.json()
    with at("2026-04-02"):
        call_command("run_due_work")
    assert "legal-aid closing reminders sent: 0" in capsys.readouterr().out
    assert _reminders(number) == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_remind_once(api):
    with at("2026-03-02"):
        number = _in_progress(api)
    with at("2026-04-02"):
        start = threading.Barrier(2)
        results: list[int] = []

        def run() -> None:
            try:
                start.wait()
                results.append(aid_close_reminders_send())
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sorted(results) == [0, 1]
    recipients = [n.recipient_id for n in _reminders(number)]
    assert recipients and len(recipients) == len(set(recipients))
