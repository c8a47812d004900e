from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user: shown in-app, and e-mailed when the user has
    an address. ``key`` is the idempotency key (e.g. ``reminder:task:12:user:3``):
    unique, so a sweep or a redelivered message never tells anyone twice."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    case = models.ForeignKey(
        "core.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    task_id = models.IntegerField(null=True, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_to = models.CharField(max_length=254, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "-created"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.subject}"
