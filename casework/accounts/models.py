from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginLock(models.Model):
    """Failed logins of one user name, counted within a window; enough of them
    lock the name until ``locked_until``. Kept in the database so every web
    process sees the same count; attempts on a name queue on its row (one that
    logged in keeps a row with no failures)."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login lock")
        verbose_name_plural = _("login locks")

    def __str__(self) -> str:
        return self.username
