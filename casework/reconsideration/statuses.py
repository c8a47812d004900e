"""The case statuses of a reconsideration (PROCESSES.md §6), with the words
the pages, exports and notifications show for them. The flow sets
``reviewing``; the services the final ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReconsiderationStatus(models.TextChoices):
    REVIEWING = "reviewing", _("Under review")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")
