"""Court–union labor-dispute mediation (PROCESSES.md §3): the referral of
one case, its sessions. Session notes, statements and agreement terms are
confidential (see ``casework.core.access`` and ``selectors.may_read_confidential``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Case, Member, money_field


class ReferralType(models.TextChoices):
    DELEGATED = "delegated", _("delegated (委派, before filing)")
    ENTRUSTED = "entrusted", _("entrusted (委托, after filing)")
    # no court: the worker (or a consultation) asks the union (PROCESSES.md §5)
    UNION = "union", _("union mediation (工会调解, no court)")


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary procedure")
    SIMPLE = "simple", _("simple procedure")


class DisputeType(models.TextChoices):
    WAGES = "wages", _("unpaid wages")
    TERMINATION = "termination", _("termination compensation")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    WORK_INJURY = "work_injury", _("work injury")
    OVERTIME = "overtime", _("overtime")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    SETTLE = "settle", _("settled")
    FAIL = "fail", _("failed")
    WITHDRAW = "withdraw", _("withdrawn by the applicant")
    REFUSE = "refuse", _("a party refused mediation")
    TIMEOUT = "timeout", _("time limit passed")


class JudicialConfirmation(models.TextChoices):
    NOT_APPLIED = "not_applied", _("not applied")
    APPLIED = "applied", _("applied")
    CONFIRMED = "confirmed", _("confirmed")
    REFUSED = "refused", _("refused")


class Performance(models.TextChoices):
    FULFILLED = "fulfilled", _("fulfilled")
    UNFULFILLED = "unfulfilled", _("unfulfilled")


class Referral(models.Model):
    """The facts and decisions of one mediation case. ``deadline`` is
    ``received_on`` + ``base_days`` (+ ``extension_days`` once extended),
    the day counts copied from the parameters when they applied."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="mediation"
    )
    court = models.CharField(max_length=200, blank=True)  # blank for a union mediation
    court_case_number = models.CharField(max_length=100, blank=True)
    referral_type = models.CharField(max_length=20, choices=ReferralType.choices)
    procedure = models.CharField(max_length=20, choices=Procedure.choices, blank=True)
    referred_on = models.DateField()
    received_on = models.DateField()
    base_days = models.PositiveSmallIntegerField()
    extension_days = models.PositiveSmallIntegerField(default=0)
    deadline = models.DateField()
    extended_at = models.DateTimeField(null=True, blank=True)
    parties_consent = models.BooleanField(null=True, blank=True)
    court_consent = models.BooleanField(null=True, blank=True)
    # the worker: a member, or a non-member person
    worker_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker_name = models.CharField(max_length=100)
    worker_id_number = models.CharField(max_length=18)
    worker_phone = models.CharField(max_length=30, blank=True)
    employer_name = models.CharField(max_length=200)
    employer_credit_code = models.CharField(max_length=18, blank=True)
    dispute_types = models.JSONField(default=list)
    amount_claimed = money_field()
    summary = models.TextField()
    # the mediator currently holding the case (kept by the steps' on_assigned hook)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_referrals",
    )
    # outcome
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    days_to_outcome = models.PositiveIntegerField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)  # confidential
    disputed_points = models.JSONField(default=list, blank=True)  # confidential
    agreed_amount = money_field(null=True, blank=True)
    terms = models.TextField(blank=True)  # confidential
    performance_due = models.DateField(null=True, blank=True)
    # follow-up
    judicial_confirmation = models.CharField(
        max_length=20, choices=JudicialConfirmation.choices, blank=True
    )
    performance = models.CharField(max_length=20, choices=Performance.choices, blank=True)
    follow_up_note = models.TextField(blank=True)  # confidential
    # return to court
    returned_on = models.DateField(null=True, blank=True)
    letter_reference = models.CharField(max_length=100, blank=True)
    return_reason = models.TextField(blank=True)  # confidential
    # the consultation (LC-…) that referred a union mediation, if any
    consultation_number = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("mediation referral")
        verbose_name_plural = _("mediation referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "court_case_number"],
                condition=~models.Q(referral_type="union"),
                name="uniq_referral_court_case_number",
            )
        ]
        indexes = [
            models.Index(fields=["mediator"]),
            models.Index(fields=["outcome"]),
            models.Index(fields=["received_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.court_case_number}".strip() or self.employer_name

    @property
    def union(self) -> bool:
        """A union mediation: no court, no extension, ``unresolved`` when it fails."""
        return self.referral_type == ReferralType.UNION

    @property
    def extended(self) -> bool:
        return self.extended_at is not None


class MediationSession(models.Model):
    """One mediation session (confidential: notes and statements)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    place = models.CharField(max_length=200)
    attendees = models.JSONField(default=list)
    notes = models.TextField()
    next_step = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_on", "pk"]
