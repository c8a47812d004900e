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
