"""The case statuses of a campaign nomination list, with the words the
pages, exports and notifications show for them. The flow sets the open
statuses (``Step.status``), the services the final ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignListStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWING = "reviewing", _("Under review")
    REVISING = "revising", _("Being revised")
    PUBLIC_NOTICE = "public_notice", _("On public notice")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    DISBURSING = "disbursing", _("Being issued")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
