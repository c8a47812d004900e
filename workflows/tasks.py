from celery import shared_task

from .due_work import due_work_run


@shared_task
def run_due_work() -> list[str]:
    return due_work_run().lines()
