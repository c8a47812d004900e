"""The sweep behind the e-mail jobs: a notification whose e-mail job was
lost (by the broker, or never queued) is sent by the next sweep, once;
a young one is left to its own job."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from casework.notifications.models import Notification
from casework.notifications.tasks import resend_unsent_emails


def note(user, key: str, age_seconds: int) -> Notification:
    made = Notification.objects.create(
        key=key, recipient=user, kind="reminder", subject=key, email_to="a@example.org"
    )
    Notification.objects.filter(pk=made.pk).update(
        created=timezone.now() - dt.timedelta(seconds=age_seconds)
    )
    return made


def test_the_sweep_sends_a_lost_e_mail_once_and_leaves_young_ones(users, monkeypatch):
    monkeypatch.setenv("CASEWORK_EMAIL_RETRY_SECONDS", "60")
    lost = note(users["caseworker"], "lost", 600)
    young = note(users["supervisor"], "young", 5)
    without_address = note(users["finance"], "no-address", 600)
    Notification.objects.filter(pk=without_address.pk).update(email_to="")

    assert resend_unsent_emails() == 1  # eager here: sent at once
    assert [m.subject for m in mail.outbox] == ["lost"]
    assert (
        mail.outbox[0].extra_headers["Message-ID"].startswith(f"<casework.notification.{lost.pk}@")
    )
    assert resend_unsent_emails() == 0
    assert len(mail.outbox) == 1
    young.refresh_from_db()
    assert young.emailed_at is None
