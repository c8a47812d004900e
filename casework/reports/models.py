"""Background exports: one row per requested export, polled by its owner."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """An XLSX export run by a Celery task (eagerly with no broker). Only
    the user who asked sees it; the rows are scoped to that user when the
    job runs."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("yearly summary")
        CASES = "cases", _("case list")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]


class CaseFigures(models.Model):
    """What the yearly summary counts of one relief or mutual-aid case, in
    one narrow row: a copy of facts kept in the case, its program row and
    its payment, rewritten by ``casework.reports.figures.figures_refresh``
    whenever the engine moves the case (in the same transaction). The
    summary reads a year from here without joining a million cases to their
    processes, program rows and payments."""

    case = models.OneToOneField(
        "core.Case", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    program = models.CharField(max_length=20)
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    member_id = models.BigIntegerField(null=True)
    created = models.DateTimeField()  # the case's
    kind = models.CharField(max_length=20)  # relief: aid type; mutual aid: product
    category = models.CharField(max_length=20, blank=True)  # relief
    status = models.CharField(max_length=30)  # the case status
    reason = models.CharField(max_length=30, blank=True)  # rejection reason code
    granted_on = models.DateField(null=True)  # relief
    grant_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    approved = models.BooleanField(default=False)  # mutual aid: an amount was approved
    paid_on = models.DateField(null=True)
    payment_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("case figures")
        verbose_name_plural = _("case figures")
        indexes = [
            models.Index(fields=["program", "created"]),
            models.Index(fields=["program", "granted_on"]),
            models.Index(fields=["program", "paid_on"]),
        ]
