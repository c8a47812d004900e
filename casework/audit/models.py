from __future__ import annotations

from typing import Any

import pgtrigger
from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    """Bulk writes that would change or remove events are refused like the
    model's own ``save()`` and ``delete()``."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> Any:
        raise AppendOnlyError("audit events are append-only")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One link of a case's hash chain. Append-only: the model refuses updates
    and deletes, and on PostgreSQL a trigger refuses them too.

    ``case`` is null for events outside any case (parameter changes); those
    form their own chain."""

    case = models.ForeignKey(
        "core.Case", null=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    type = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="uniq_audit_case_seq"),
            # NULLs are distinct in the constraint above: the chain of events
            # outside any case needs its own.
            models.UniqueConstraint(
                fields=["seq"],
                condition=models.Q(case__isnull=True),
                name="uniq_audit_nocase_seq",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit events are append-only")
