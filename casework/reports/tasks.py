"""Celery tasks of the reports: thin, take ids, call one service."""

from __future__ import annotations

from celery import shared_task

from .services import export_job_run


@shared_task(name="casework.reports.tasks.export_job")
def export_job(job_id: int) -> str:
    return export_job_run(job_id=job_id).status
