import logging

from celery import shared_task

from .checkpoint import audit_checkpoint_write
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


@shared_task
def audit_checkpoint_nightly() -> dict:
    """Anchor every chain's head outside the database (after the nightly
    verification, which holds the chains against the previous checkpoint)."""
    checkpoint = audit_checkpoint_write()
    return {"at": checkpoint.at, "chains": len(checkpoint.heads), "path": str(checkpoint.path)}
