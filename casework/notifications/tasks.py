"""E-mail delivery as a Celery task. Exactly once per notification: the row
is locked while the mail is sent and ``emailed_at`` is its idempotency mark,
so a message redelivered after a worker died (``acks_late``) either finds it
set and does nothing, or finds the first attempt rolled back and sends."""

from __future__ import annotations

import os
import time
from pathlib import Path

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


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


@shared_task
def send_notification_email(notification_id: int) -> bool:
    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.emailed_at is not None or not note.email_to:
            return False
        _fault_point("email:before_send")
        send_mail(note.subject, note.body or note.subject, None, [note.email_to])
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    _fault_point("email:after_commit")
    return True
