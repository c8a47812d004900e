"""Telling people: one ``Notification`` row per recipient and event, keyed
for idempotency, and its e-mail sent by a Celery task after the transaction
commits (never for a rolled-back change)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.core.errors import NotFound

from .messages import Message, render_for
from .models import Notification

logger = logging.getLogger(__name__)


def notify(
    *,
    key: str,
    recipients: Iterable[Any],
    kind: str,
    subject: str | Message,
    body: str | Message = "",
    case: Any = None,
    task_id: int | None = None,
) -> list[Notification]:
    """Create one notification per recipient under ``key:user:<pk>``; a key
    that exists already (another run, a redelivered message) is skipped.
    A ``Message`` subject or body is rendered in each recipient's language.
    Returns the notifications created by this call."""
    created = []
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    key=f"{key}:user:{user.pk}"[:120],
                    recipient=user,
                    kind=kind,
                    case=case,
                    task_id=task_id,
                    subject=render_for(user, subject)[:200],
                    body=render_for(user, body),
                    email_to=user.email or "",
                )
        except IntegrityError:
            logger.info("notification %s for user %s exists, skipped", key, user.pk)
            continue
        created.append(note)
        if note.email_to:
            transaction.on_commit(partial(_queue_email, note.pk))
    return created


def _queue_email(notification_id: int) -> None:
    from .tasks import send_notification_email

    send_notification_email.delay(notification_id)


def notifications_for(user: Any) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("case")
        .order_by("-created", "-id")
    )


def notification_mark_read(user: Any, notification_id: int) -> Notification:
    note = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if note is None:
        raise NotFound(_("notification %(id)s not found") % {"id": notification_id})
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of ``user`` read now, in one UPDATE;
    another user's are never touched. Returns how many were marked."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
