"""Times as the responses and pages show them."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def local_time(value: datetime | None) -> str | None:
    """Aware times in the server's zone, ISO 8601 with offset (+08:00)."""
    return timezone.localtime(value).isoformat() if value else None
