"""The case statuses of a labor-dispute mediation, with the words the
pages, exports and notifications show for them. The flow sets the open
statuses (``Step.status``), the services the final ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MediationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    MEDIATING = "mediating", _("Mediating")
    AWAITING_DECISION = "awaiting_decision", _("Time limit passed")
    FOLLOW_UP = "follow_up", _("Agreement follow-up")
    RETURNING = "returning", _("Being returned to court")
    SETTLED = "settled", _("Settled")
    SETTLED_UNFULFILLED = "settled_unfulfilled", _("Settled, not fulfilled")
    RETURNED_TO_COURT = "returned_to_court", _("Returned to court")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # a union mediation that failed or ran out of time: the parties may apply
    # for arbitration (《劳动争议调解仲裁法》 第十四条)
    UNRESOLVED = "unresolved", _("Unresolved (apply for arbitration)")
