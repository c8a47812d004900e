"""The applicant member hears of the decisions on their case: connected to
``workflows.hooks.case_decided`` (``NotificationsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from . import messages
from .services import notify


def applicant_tell_decision(case: Any, status: str) -> None:
    """Tell the applicant member (when they have an account) that their
    case reached ``status`` (approved, or ended). Sent only when the
    transaction commits; once per case and status (the notification key)."""
    member = case.member
    user = member.user if member is not None else None
    if user is None:
        return
    subject, body = messages.decision(case, status)
    notify(
        key=f"decision:case:{case.pk}:{status}",
        recipients=[user],
        kind="decision",
        subject=subject,
        body=body,
        case=case,
    )
