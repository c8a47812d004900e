"""The case statuses of a consultation, and the states of a duty slot,
with the words the pages, exports and notifications show for them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open (follow-up promised)")
    CLOSED = "closed", _("Closed")


class SlotStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    ATTENDED = "attended", _("attended")
    ABSENT = "absent", _("absent")
    SWAPPED = "swapped", _("swapped (another lawyer)")


class LegalAidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWING = "reviewing", _("Under review")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting documents")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    ASSIGNING = "assigning", _("Assigning a lawyer")
    IN_PROGRESS = "in_progress", _("In progress (lawyer assigned)")
    CLOSED = "closed", _("Closed")
    REFUSED = "refused", _("Refused legal aid")
    WITHDRAWN = "withdrawn", _("Withdrawn")
