"""The case statuses of hardship relief and of the yearly roster review,
with the words the pages, exports and notifications show for them. The
flows set the open statuses (``Step.status``), the services the final ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReliefStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFYING = "verifying", _("Being verified")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting documents")
    PUBLIC_NOTICE = "public_notice", _("On public notice")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    LAPSED = "lapsed", _("Lapsed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RosterReviewStatus(models.TextChoices):
    REVIEW_DUE = "review_due", _("Review due")
    REVIEWING = "reviewing", _("Under review")
    CONTINUED = "continued", _("Kept on the roster")
    CATEGORY_CHANGED = "category_changed", _("Category changed")
    EXITED = "exited", _("Left the roster")
