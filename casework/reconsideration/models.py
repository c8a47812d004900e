"""A member's request to reconsider a rejection or refusal (PROCESSES.md
§6): one case ``RC-…`` per decision, linked to the original case and, once
overturned, to the case it reopened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Case


class Decision(models.TextChoices):
    UPHOLD = "uphold", _("upheld")
    OVERTURN = "overturn", _("overturned")


class Reconsideration(models.Model):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="reconsideration"
    )
    # one per decision: the rejected or refused case it asks to reconsider
    original = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="reconsidered_in", verbose_name=_("original")
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reopened_as = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="reopened_by"
    )

    class Meta:
        verbose_name = _("reconsideration")
        verbose_name_plural = _("reconsiderations")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.original_id}"
