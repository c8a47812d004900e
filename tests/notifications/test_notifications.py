"""Notifications: in-app API, e-mail only after commit, the applicant told
of decisions, and sweeps that race each other still tell everyone once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from casework.notifications.models import Notification
from casework.notifications.services import notify
from tests.conftest import Api, application
from tests.races.contenders import contend
from workflows.due_work import due_work_run
from workflows.models import TaskInfo


def test_my_notifications_paged_and_marked_read(api, users):
    me, other = users["caseworker"], users["supervisor"]
    for i in range(3):
        notify(key=f"t:{i}", recipients=[me], kind="reminder", subject=f"s{i}")
    notify(key="t:other", recipients=[other], kind="reminder", subject="not yours")
    page = api("caseworker").get("/api/notifications/", page_size=2).json()
    assert page["count"] == 3
    assert [n["subject"] for n in page["results"]] == ["s2", "s1"]
    first = page["results"][0]
    assert first["read"] is False
    read = api("caseworker").post(f"/api/notifications/{first['id']}/read/")
    assert read.status_code == 200 and read.json()["read"] is True
    unread = api("caseworker").get("/api/notifications/", unread="true").json()
    assert unread["count"] == 2
    theirs = Notification.objects.get(recipient=other)
    assert api("caseworker").post(f"/api/notifications/{theirs.pk}/read/").status_code == 404


def test_notify_twice_with_one_key_tells_once(users):
    assert len(notify(key="k", recipients=[users["caseworker"]], kind="x", subject="a")) == 1
    assert notify(key="k", recipients=[users["caseworker"]], kind="x", subject="a") == []
    assert Notification.objects.count() == 1


def test_email_goes_after_commit_and_never_for_a_rolled_back_change(
    users, django_capture_on_commit_callbacks
):
    user = users["caseworker"]
    user.email = "cw@example.org"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(key="rolled-back", recipients=[user], kind="x", subject="gone")
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(key="kept", recipients=[user], kind="x", subject="kept")
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert [m.subject for m in mail.outbox] == ["kept"]
    assert Notification.objects.get(key__startswith="kept").emailed_at is not None
    # a redelivered message sends nothing more
    from casework.notifications.tasks import send_notification_email

    assert send_notification_email(Notification.objects.get().pk) is False
    assert len(mail.outbox) == 1


def test_the_applicant_member_is_told_of_decisions(api, member, django_capture_on_commit_callbacks):
    from casework.demo.seed import seed_member_login

    login = seed_member_login(member, member.org_unit)
    login.email = "applicant@example.org"
    login.save(update_fields=["email"])
    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    assert not Notification.objects.filter(recipient=login).exists()  # not for mere progress
    with django_capture_on_commit_callbacks(execute=True):
        done = api("caseworker").complete(
            number, "verify", "reject", reason_code="income_above_threshold", reason="收入超标"
        )
    assert done.status_code == 200, done.json()
    note = Notification.objects.get(recipient=login)
    assert (note.kind, note.case.case_number) == ("decision", number)
    # in the applicant's language: the site default
    assert note.subject == f"您的案件 {number}：未通过"
    assert [m.to for m in mail.outbox] == [["applicant@example.org"]]
    mine = Api(login).get("/api/notifications/").json()
    assert mine["results"][0]["case_number"] == number


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_sweeps_remind_and_escalate_once(api, members):
    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(members[0]))
        .json()["case_number"]
    )
    late = (
        api("caseworker")
        .post("/api/relief/applications/", application(members[1]))
        .json()["case_number"]
    )
    today = timezone.localdate()
    TaskInfo.objects.filter(case__case_number=number).update(due=today)  # remind
    TaskInfo.objects.filter(case__case_number=late).update(due=today - dt.timedelta(days=2))
    outcomes = contend(*(lambda: lambda: due_work_run() for _ in range(4)))
    reports = [o.value for o in outcomes]
    assert sum(r.reminders_sent for r in reports) == 1
    assert sum(r.escalations_sent for r in reports) == 1
    for kind in ("reminder", "escalation"):
        notes = Notification.objects.filter(kind=kind)
        assert notes.exists()
        assert notes.count() == len({n.recipient_id for n in notes})
