"""Celery workers that die mid-job, and broker messages that arrive twice
(a real worker on Redis against the test's PostgreSQL database, the harness
of tests/e2e).

Payments have no asynchronous part (the ``pay`` step is one API call under
the case lock with a unique payment row; tests/races covers it), so the
background effect at stake is the notification e-mail: its mark
(``emailed_at``) is written exactly once, every notification is delivered,
and every copy of one notification carries the same Message-ID.

An e-mail handed to a mail server cannot be taken back: when the worker is
killed after the server accepted the message and before the mark commits,
the redelivered job sends it again. Nothing can make that exactly once on
the wire; the stable Message-ID lets the receiving side fold the copies,
and the test counts how often it happened."""

from __future__ import annotations

import datetime as dt
import email
import os
import random
import signal
import subprocess
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.core.models import Case
from casework.notifications.models import Notification
from tests.conftest import application, recommendation
from tests.e2e.conftest import REDIS_URL, Celeries, redis_answers, wait_for
from workflows.models import TaskInfo

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEND_EMAIL = "casework.notifications.tasks.send_notification_email"
RUN_DUE_WORK = "workflows.tasks.run_due_work"
RESEND_UNSENT = "casework.notifications.tasks.resend_unsent_emails"
KILLS = int(os.environ.get("CASEWORK_FAULT_KILLS", "50"))
WHOLE_WORKER_KILLS = int(os.environ.get("CASEWORK_FAULT_WHOLE_WORKER_KILLS", "2"))


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Celeries]:
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    runner = Celeries(tmp_path)
    try:
        yield runner
    finally:
        runner.close()


def prefork_worker(runner: Celeries, name: str, concurrency: int = 1) -> subprocess.Popen:
    """A worker whose jobs run in forked child processes; a child killed
    mid-job is replaced at once, and its message (``acks_late``,
    ``reject_on_worker_lost``) goes back to the queue."""
    return runner._start(
        [
            "worker",
            "-l",
            "info",
            "-Q",
            runner.queue,
            "-n",
            f"{name}-{runner.queue}@%h",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        runner.tmp / f"{name}.log",
        EMAIL_BACKEND="tests.faults.mailsink.EmailBackend",
        CASEWORK_MAILSINK_DELAY="0.04",
        CASEWORK_EMAIL_RETRY_SECONDS="5",
    )


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, split after ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


class Sender:
    """One broker connection for the messages a test publishes."""

    def __init__(self, runner: Celeries) -> None:
        self.runner = runner
        self.app = Celery("casework-fault-sender", broker=REDIS_URL)

    def __call__(self, task: str, *args: object, task_id: str | None = None) -> None:
        self.app.send_task(task, args=list(args), queue=self.runner.queue, task_id=task_id)

    def close(self) -> None:
        self.app.close()


@pytest.fixture
def send(workers: Celeries) -> Iterator[Sender]:
    sender = Sender(workers)
    try:
        yield sender
    finally:
        sender.close()


def notes(users: dict, start: int, count: int) -> list[Notification]:
    recipients = [users["caseworker"], users["supervisor"], users["finance"]]
    return [
        Notification.objects.create(
            key=f"fault:{n}",
            recipient=recipients[n % len(recipients)],
            kind="reminder",
            subject=f"fault-test {n}",
            body="body",
            email_to="someone@example.org",
        )
        for n in range(start, start + count)
    ]


def deliveries(runner: Celeries) -> dict[str, list[str]]:
    """Subject → the Message-IDs of its delivered copies."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in runner.mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        found[str(message["Subject"])].append(str(message["Message-ID"]))
    return found


def test_workers_killed_mid_job_50_times_lose_and_repeat_nothing_but_the_wire_copy(
    workers, send, users, capsys
):
    made: list[Notification] = []
    # two job processes: while the message of a killed one waits for the
    # broker's visibility timeout, the other keeps the jobs going
    worker = prefork_worker(workers, "k0", concurrency=2)
    rng = random.Random(8)
    whole_at = set(rng.sample(range(5, KILLS), min(WHOLE_WORKER_KILLS, KILLS - 5)))
    mid_job, restarts = 0, 0
    started = time.monotonic()
    for kill in range(KILLS):
        # keep the queue fed, so every kill finds a job running
        pending = Notification.objects.filter(pk__in=[n.pk for n in made], emailed_at=None)
        if pending.count() < 10:
            batch = notes(users, len(made), 20)
            made += batch
            for note in batch:
                send(SEND_EMAIL, note.pk)
        # jobs are running (a new e-mail went out): kill one a moment later
        sent_before = len(list(workers.mail_dir.glob("*.eml")))
        wait_for(
            lambda before=sent_before: len(list(workers.mail_dir.glob("*.eml"))) > before,
            90,
            "a job to run",
            interval=0.02,
        )
        time.sleep(rng.uniform(0, 0.1))
        if os.environ.get("CASEWORK_FAULT_DEBUG"):
            print(f"kill {kill} at {time.monotonic() - started:.1f}s", flush=True)
        if kill in whole_at:
            workers.kill(worker)  # the main process and its child, with the job
            restarts += 1
            worker = prefork_worker(workers, f"k{restarts}", concurrency=2)
        else:
            children = children_of(worker.pid)
            if children:
                try:
                    os.kill(rng.choice(children), signal.SIGKILL)
                except ProcessLookupError:  # it had just been replaced
                    pass
    logs = "".join(workers.log(f"k{i}") for i in range(restarts + 1))
    mid_job = logs.count("Task handler raised error: WorkerLostError")
    unsent = Notification.objects.filter(pk__in=[n.pk for n in made], emailed_at=None)
    # a killed job's message comes back on its own (requeued, or after the
    # broker's visibility timeout) ...
    try:
        wait_for(lambda: not unsent.exists(), 15, "the redelivered jobs")
    except AssertionError:
        pass
    # ... unless Redis lost it (kombu#1836): the periodic sweep, sent here
    # as beat would, queues those again
    lost = unsent.count()
    deadline = time.monotonic() + 60
    while unsent.exists() and time.monotonic() < deadline:
        send(RESEND_UNSENT)
        time.sleep(2)
    assert not unsent.exists(), f"{unsent.count()} notifications never e-mailed"
    time.sleep(1)  # a last redelivered copy, if any, has time to show
    took = time.monotonic() - started

    got = deliveries(workers)
    copies = Counter({subject: len(ids) for subject, ids in got.items()})
    expected = {n.subject for n in made}
    assert set(got) == expected, "a notification was never delivered"
    duplicates = sum(c - 1 for c in copies.values())
    # every copy of one notification is the same message for the receiver
    assert all(len(set(ids)) == 1 for ids in got.values()), {
        s: ids for s, ids in got.items() if len(set(ids)) > 1
    }
    # one mark per notification, and no two notifications share a Message-ID
    assert Notification.objects.filter(pk__in=[n.pk for n in made], emailed_at=None).count() == 0
    assert len({ids[0] for ids in got.values()}) == len(made)
    # most kills found a job running; a copy comes only from a job killed
    # after the hand-off to the mail server: at most one a kill
    assert mid_job >= KILLS // 4, mid_job
    assert duplicates <= mid_job + restarts
    with capsys.disabled():
        print(
            f"\n[worker kills] {KILLS} SIGKILLs ({restarts} of the whole worker, restarted; "
            f"{KILLS - restarts} of the job's process), {mid_job} reported mid-job; "
            f"{len(made)} notifications, all marked once and delivered ({lost} messages "
            f"lost by the broker, queued again by the sweep); {duplicates} "
            f"redelivered copies on the wire (same Message-ID); {took:.0f} s"
        )


def _relief_case_with_due_timer(api, member) -> str:
    created = api("caseworker").post("/api/relief/applications/", application(member))
    number = created.json()["case_number"]
    done = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert done.json()["case"]["status"] == "public_notice"
    case = Case.objects.get(case_number=number)
    Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=timezone.now() - dt.timedelta(seconds=1)
    )
    return number


def test_a_duplicated_broker_message_has_its_effect_once(workers, send, users, api, members):
    note = notes(users, 1000, 1)[0]
    number = _relief_case_with_due_timer(api, members[0])
    # two children: the two copies of each message run at the same time
    prefork_worker(workers, "d1", concurrency=2)
    for _ in range(2):
        send(SEND_EMAIL, note.pk, task_id=f"dup-email-{note.pk}")
    for _ in range(2):
        send(RUN_DUE_WORK, task_id="dup-due-work")

    wait_for(lambda: workers.log("d1").count("succeeded") >= 4, 90, "both copies of both messages")
    assert workers.log("d1").count(f"[dup-email-{note.pk}] succeeded") == 2
    assert workers.log("d1").count("[dup-due-work] succeeded") == 2
    assert len(deliveries(workers)[note.subject]) == 1
    assert Case.objects.get(case_number=number).case_status == "awaiting_approval"
    case = Case.objects.get(case_number=number)
    assert TaskInfo.objects.filter(case=case, node="approve").count() == 1
    assert AuditEvent.objects.filter(case=case, type="timer_fired").count() == 1
