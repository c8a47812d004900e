"""The Celery app. Tasks are thin: they take ids and call one service.

With no ``CELERY_BROKER_URL`` every task runs eagerly in-process (the
embedded default); with one, ``celery -A casework worker`` runs them and
``celery -A casework beat`` (django-celery-beat's database scheduler)
sends the periodic ones below."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    ["casework.audit", "casework.notifications", "casework.reports", "workflows"]
)

# Deployment knobs (the worker tests use them to run fast and in isolation):
# the queue name, how often due work runs, and how soon Redis hands a task
# whose worker died (unacknowledged, ``acks_late``) to another worker.
app.conf.task_default_queue = os.environ.get("CASEWORK_CELERY_QUEUE", "celery")
if os.environ.get("CASEWORK_CELERY_VISIBILITY_TIMEOUT"):
    app.conf.broker_transport_options = {
        "visibility_timeout": int(os.environ["CASEWORK_CELERY_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

app.conf.beat_schedule = {
    "run-due-work": {
        "task": "workflows.tasks.run_due_work",
        "schedule": float(os.environ.get("CASEWORK_DUE_WORK_SECONDS", "60")),
    },
    # the safety net of the e-mail jobs (casework.notifications.tasks)
    "resend-unsent-emails": {
        "task": "casework.notifications.tasks.resend_unsent_emails",
        "schedule": float(os.environ.get("CASEWORK_EMAIL_SWEEP_SECONDS", "300")),
    },
    "nightly-audit-verify": {
        "task": "casework.audit.tasks.audit_verify_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    # after the verification: it holds the chains against the previous one
    "nightly-audit-checkpoint": {
        "task": "casework.audit.tasks.audit_checkpoint_nightly",
        "schedule": crontab(hour=2, minute=45),
    },
}
