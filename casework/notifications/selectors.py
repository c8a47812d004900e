"""How many notifications a user has not read (the list is
``services.notifications_for``, which the API reads too)."""

from __future__ import annotations

from typing import Any

from .models import Notification


def notifications_unread_count(user: Any) -> int:
    """How many of the user's own notifications are unread: one COUNT query."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
