"""The Celery app. Tasks are thin: they take ids and call one service."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["casework.audit", "workflows"])

app.conf.beat_schedule = {
    "run-due-work": {"task": "workflows.tasks.run_due_work", "schedule": 60.0},
    "nightly-audit-verify": {
        "task": "casework.audit.tasks.audit_verify_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
}
