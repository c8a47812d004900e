"""E-mail delivery as a Celery task. Exactly once per notification: the row
is locked while the mail is sent and ``emailed_at`` is its idempotency mark,
so a message redelivered after a worker died (``acks_late``) either finds it
set and does nothing, or finds the first attempt rolled back and sends.

One window is left that no code can close: the mail server accepted the
message and the worker died before the mark committed. The redelivered job
then sends it again — as the same message: the Message-ID is derived from
the notification, so the receiving side can fold the copies into one."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone

from .models import Notification

RESEND_BATCH = 500  # a sweep queues at most this many; the next takes the rest


def _fault_point(name: str) -> None:
    """For the worker crash tests only: with CASEWORK_FAULT_PAUSE=name the
    task writes CASEWORK_FAULT_MARKER and sleeps here, so a test can kill
    the worker at this exact point."""
    if os.environ.get("CASEWORK_FAULT_PAUSE") != name:
        return
    marker = os.environ.get("CASEWORK_FAULT_MARKER")
    if marker:
        Path(marker).write_text(name)
    time.sleep(float(os.environ.get("CASEWORK_FAULT_SECONDS", "60")))


def _email_of(note: Notification) -> EmailMessage:
    """The e-mail of a notification; every attempt builds the same message,
    Message-ID included."""
    return EmailMessage(
        subject=note.subject,
        body=note.body or note.subject,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[note.email_to],
        headers={"Message-ID": f"<casework.notification.{note.pk}@{DNS_NAME}>"},
    )


@shared_task
def send_notification_email(notification_id: int) -> bool:
    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.emailed_at is not None or not note.email_to:
            return False
        _fault_point("email:before_send")
        _email_of(note).send()
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    _fault_point("email:after_commit")
    return True


@shared_task
def resend_unsent_emails() -> int:
    """The safety net under exactly-once: queue the e-mail again for every
    notification with an address and no mark that is older than
    $CASEWORK_EMAIL_RETRY_SECONDS (default 300). Catches a message the broker
    lost (on Redis a worker process killed mid-job can take its message
    with it: kombu#1836) or one never queued (the broker down at commit).
    Sending twice is harmless: the job locks the row and checks the mark.
    Returns how many it queued."""
    age = dt.timedelta(seconds=float(os.environ.get("CASEWORK_EMAIL_RETRY_SECONDS", "300")))
    unsent = (
        Notification.objects.filter(emailed_at=None, created__lt=timezone.now() - age)
        .exclude(email_to="")
        .order_by("pk")
        .values_list("pk", flat=True)[:RESEND_BATCH]
    )
    ids = list(unsent)
    for pk in ids:
        send_notification_email.delay(pk)
    return len(ids)
