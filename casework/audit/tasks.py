import logging

from celery import shared_task

from .verify import audit_verify

logger = logging.getLogger(__name__)


@shared_task
def audit_verify_nightly() -> dict:
    result = audit_verify()
    if not result.ok:
        logger.error("audit chain broken: %s", "; ".join(result.problems))
    return {
        "ok": result.ok,
        "cases_checked": result.cases_checked,
        "first_broken": result.first_broken,
    }
