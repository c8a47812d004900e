"""The case statuses of a medical mutual-aid claim, with the words the
pages, exports and notifications show for them. The flow sets the open
statuses (``Step.status``), the services the final ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MutualAidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWING = "reviewing", _("Under review")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting documents")
    MEDICAL_REVIEW = "medical_review", _("Medical review")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
