"""Exports: synchronous ones for the API, and the background job (a Celery
task calls ``export_job_run``). Every export is audited as ``exported`` in
the chain outside cases."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.access import org_units_visible_to
from casework.core.errors import Conflict, InvalidInput
from workflows.selectors import cases_list

from . import xlsx
from .models import ExportJob
from .selectors import report_monthly, report_summary, report_unit

logger = logging.getLogger(__name__)
CASE_FILTERS = ("program", "status", "org_unit", "overdue", "q")


def export_audit(*, actor: Any, what: str, **data: Any) -> None:
    audit_record(case=None, actor=actor, type=events.EXPORTED.code, data={"export": what, **data})


def summary_export(*, actor: Any, year: int, org_unit_id: int | None) -> bytes:
    """The yearly summary as XLSX for a subtree the actor may see."""
    unit = report_unit(actor, org_unit_id)
    content = xlsx.summary_workbook(
        report_summary(actor, year=year, org_unit=unit), report_monthly(year, unit)
    )
    export_audit(actor=actor, what="summary", year=year, org_unit=unit.pk if unit else None)
    return content


def cases_query(actor: Any, filters: dict[str, Any]) -> Any:
    f = {k: v for k, v in filters.items() if k in CASE_FILTERS and v not in (None, "")}
    if "org_unit" in f:
        unit = org_units_visible_to(actor).filter(pk=f["org_unit"]).first()
        if unit is None:
            raise InvalidInput(_("unknown org unit"), fields={"org_unit": [_("not found")]})
        f["org_unit"] = unit
    return cases_list(actor, **f)


def cases_export(*, actor: Any, filters: dict[str, Any]) -> bytes:
    """The case list as filtered by the API's filters, scoped to the actor."""
    qs = cases_query(actor, filters)
    content = xlsx.cases_workbook(qs)
    export_audit(actor=actor, what="cases", filters=filters)
    return content


def cases_export_checked(*, actor: Any, filters: dict[str, Any]) -> bytes:
    """``cases_export`` for a request: staff only, and a list too long to
    write while the client waits is refused (409) in favour of a job."""
    report_unit(actor, None)
    limit = getattr(settings, "REPORTS_SYNC_EXPORT_MAX_ROWS", 20000)
    if cases_query(actor, filters).count() > limit:
        raise Conflict(
            _("more than %(limit)s cases: start an export job (POST /api/reports/exports/)")
            % {"limit": limit},
            code="export_too_large",
        )
    return cases_export(actor=actor, filters=filters)


@transaction.atomic
def export_job_create(*, actor: Any, kind: str, params: dict[str, Any]) -> ExportJob:
    """Record an export to run in the background. Checks the scope now, so
    a bad request fails at once rather than in the worker."""
    if kind == ExportJob.Kind.SUMMARY:
        report_unit(actor, params.get("org_unit"))
    else:
        report_unit(actor, None)  # staff only
        cases_query(actor, params)
    return ExportJob.objects.create(kind=kind, params=params, requested_by=actor)


def export_job_run(*, job_id: int) -> ExportJob:
    """Run one job: idempotent (a finished job is left alone), progress
    saved as it goes, the file attached when done, failures recorded."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        return job
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    actor = get_user_model().objects.get(pk=job.requested_by_id)
    try:
        if job.kind == ExportJob.Kind.SUMMARY:
            content = summary_export(
                actor=actor, year=job.params["year"], org_unit_id=job.params.get("org_unit")
            )
        else:
            qs = cases_query(actor, job.params)
            job.rows_total = qs.count()
            job.save(update_fields=["rows_total"])

            def progress(done: int) -> None:
                ExportJob.objects.filter(pk=job.pk).update(
                    rows_done=done, progress=min(99, done * 100 // max(job.rows_total or 1, 1))
                )

            content = xlsx.cases_workbook(qs, progress=progress)
            export_audit(actor=actor, what="cases", filters=job.params, job=job.pk)
    except Exception as exc:
        job.status = ExportJob.Status.FAILED
        job.error = str(exc)[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        logger.exception("export job %s failed", job.pk)
        return job
    job.refresh_from_db(fields=["rows_done"])
    job.file.save(f"export-{job.pk}.xlsx", ContentFile(content), save=False)
    job.status = ExportJob.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    return job
