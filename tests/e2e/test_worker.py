"""The background work for real: a Celery worker and beat on Redis, writing
to the test's PostgreSQL database (run by ``make test`` on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.core.models import Case
from casework.notifications.models import Notification
from tests.conftest import application, recommendation
from workflows.models import TaskInfo

from .conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    # committed for real so the worker sees it; serialized_rollback restores
    # the rows the data migrations seeded (parameters, groups) after the flush
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEND_EMAIL = "casework.notifications.tasks.send_notification_email"


def _relief_case_in_notice(api, member) -> str:
    created = api("caseworker").post("/api/relief/applications/", application(member))
    assert created.status_code == 201, created.json()
    number = created.json()["case_number"]
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert done.json()["case"]["status"] == "public_notice"
    return number


def _status(number: str) -> str:
    return Case.objects.get(case_number=number).case_status


def test_beat_and_worker_fire_a_due_timer_and_sweep_deadlines(celeries, api, users, members):
    users["supervisor"].email = "supervisor@example.org"
    users["supervisor"].save(update_fields=["email"])
    noticed = _relief_case_in_notice(api, members[0])
    case = Case.objects.get(case_number=noticed)
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now() - dt.timedelta(seconds=1)
    )
    late = api("caseworker").post("/api/relief/applications/", application(members[1]))
    late_number = late.json()["case_number"]
    late_info = TaskInfo.objects.get(case__case_number=late_number, node="verify")
    TaskInfo.objects.filter(pk=late_info.pk).update(due=timezone.localdate() - dt.timedelta(days=3))

    celeries.worker()
    celeries.beat()

    wait_for(lambda: _status(noticed) == "awaiting_approval", 60, "the notice timer to fire")
    wait_for(
        lambda: TaskInfo.objects.filter(pk=late_info.pk, escalated_at__isnull=False).exists(),
        30,
        "the overdue task to be escalated",
    )
    escalations = Notification.objects.filter(kind="escalation", task_id=late_info.pk)
    assert escalations.exists()
    assert {n.recipient.get_username() for n in escalations} >= {"supervisor"}
    # several sweeps have run by now; the escalation went out once per person
    wait_for(lambda: celeries.log("w1").count("run_due_work") >= 4, 30, "more sweeps")
    assert escalations.count() == len({n.recipient_id for n in escalations})
    assert "succeeded" in celeries.log("w1")
    assert "workflows.tasks.run_due_work" in celeries.log("beat")
    # its e-mails went through the worker too, one per notification with an address
    emailed = escalations.exclude(email_to="")
    wait_for(
        lambda: not emailed.filter(emailed_at__isnull=True).exists(), 30, "the escalation e-mails"
    )
    assert emailed.exists()
    assert len(celeries.mails()) == emailed.count()


def _note(user, key: str) -> Notification:
    return Notification.objects.create(
        key=key,
        recipient=user,
        kind="reminder",
        subject=f"test {key}",
        body="body",
        email_to="someone@example.org",
    )


def test_a_worker_killed_mid_job_leaves_it_done_exactly_once(celeries, users, tmp_path):
    # 1. killed in the middle of sending: nothing committed, nothing sent;
    #    the message comes back (acks_late) and the restarted worker sends it once
    note = _note(users["caseworker"], "crash-before-send")
    marker = tmp_path / "paused"
    first = celeries.worker(
        "w1", CASEWORK_FAULT_PAUSE="email:before_send", CASEWORK_FAULT_MARKER=str(marker)
    )
    celeries.send(SEND_EMAIL, note.pk)
    wait_for(marker.exists, 60, "the worker to be in the middle of the job")
    celeries.kill(first)
    note.refresh_from_db()
    assert note.emailed_at is None and celeries.mails() == []

    celeries.worker("w2")
    wait_for(
        lambda: Notification.objects.get(pk=note.pk).emailed_at is not None,
        60,
        "the redelivered job to complete",
    )
    assert len(celeries.mails()) == 1

    # 2. killed after the commit but before the acknowledgement: the
    #    redelivered message finds the idempotency mark and does nothing
    other = _note(users["supervisor"], "crash-after-commit")
    marker.unlink()
    third = celeries.worker(
        "w3", CASEWORK_FAULT_PAUSE="email:after_commit", CASEWORK_FAULT_MARKER=str(marker)
    )
    celeries.kill(celeries.procs[1])  # w2 must not take the message
    celeries.send(SEND_EMAIL, other.pk)
    wait_for(marker.exists, 60, "the job to commit")
    celeries.kill(third)
    assert Notification.objects.get(pk=other.pk).emailed_at is not None
    assert len(celeries.mails()) == 2

    celeries.worker("w4")
    wait_for(
        lambda: f"{SEND_EMAIL}[" in celeries.log("w4") and "succeeded" in celeries.log("w4"),
        60,
        "the redelivered message",
    )
    assert "False" in celeries.log("w4")  # it did nothing
    assert len(celeries.mails()) == 2
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
