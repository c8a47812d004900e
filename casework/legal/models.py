"""Legal services (PROCESSES.md §5): the duty roster's slots and the
consultations (one case each, ``LC-…``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Case, Member, OrgUnit, money_field

from .statuses import SlotStatus


class DutySlot(models.Model):
    """A lawyer on duty at a place on a day; one per unit, day and start time
    (generating the same rule again creates nothing twice)."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="duty_slots")
    date = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    place = models.CharField(max_length=200)
    lawyer = models.CharField(max_length=100)
    firm = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=SlotStatus.choices, default=SlotStatus.SCHEDULED
    )
    swapped_lawyer = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("duty slot")
        verbose_name_plural = _("duty slots")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "date", "starts_at"], name="uniq_duty_slot_unit_day_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M} {self.lawyer}"


class Channel(models.TextChoices):
    VISIT = "visit", _("visit")
    PHONE = "phone", _("phone")
    ONLINE = "online", _("online")
    HOTLINE = "hotline", _("hotline (12351)")


class Category(models.TextChoices):
    """The mediation dispute types, and contracts."""

    WAGES = "wages", _("unpaid wages")
    TERMINATION = "termination", _("termination compensation")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    WORK_INJURY = "work_injury", _("work injury")
    OVERTIME = "overtime", _("overtime")
    CONTRACT = "contract", _("labour contract")
    OTHER = "other", _("other")


class ConsultationOutcome(models.TextChoices):
    ANSWERED = "answered", _("answered")
    LATER = "later", _("answer later (follow-up)")
    REFERRED_MEDIATION = "referred_mediation", _("referred to union mediation")
    REFERRED_LEGAL_AID = "referred_legal_aid", _("referred to legal aid")
    REFERRED_OTHER = "referred_other", _("referred elsewhere")


class Consultation(models.Model):
    """One visit, call or online question and the advice given."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="consultation"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    slot = models.ForeignKey(
        DutySlot, null=True, blank=True, on_delete=models.PROTECT, related_name="consultations"
    )
    visitor_name = models.CharField(max_length=100)
    visitor_id_number = models.CharField(max_length=18, blank=True)
    id_refused = models.BooleanField(default=False)
    visitor_phone = models.CharField(max_length=30, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(max_length=200, blank=True)
    employer_credit_code = models.CharField(max_length=18, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    facts = models.TextField()
    advice = models.TextField(blank=True)
    outcome = models.CharField(max_length=30, choices=ConsultationOutcome.choices)
    referred_to = models.CharField(max_length=200, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_result = models.TextField(blank=True)
    # the case number the referral opened (a union mediation MD-…)
    referral = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["channel"]), models.Index(fields=["category"])]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.visitor_name}"


class AidClaim(models.TextChoices):
    """What a legal-aid applicant claims from the employer."""

    WAGES = "wages", _("unpaid wages")
    WORK_INJURY = "work_injury", _("work-injury compensation")
    TERMINATION = "termination", _("termination compensation")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    OTHER = "other", _("other")


class AidResult(models.TextChoices):
    WON = "won", _("won")
    SETTLED = "settled", _("settled by agreement")
    LOST = "lost", _("lost")
    WITHDRAWN = "withdrawn", _("withdrawn")


class IncomeCeiling(models.Model):
    """The legal-aid means test's household income ceiling of a unit, per
    person per month. A unit without a row uses its nearest ancestor's, and
    with none the parameter ``legal_aid.income_ceiling`` (seeded 1,690)."""

    org_unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="legal_aid_income_ceiling"
    )
    monthly_amount = money_field(_("CNY per person per month"))
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal-aid income ceiling")
        verbose_name_plural = _("legal-aid income ceilings")

    def __str__(self) -> str:
        return f"{self.org_unit}: {self.monthly_amount}"


class LegalAid(models.Model):
    """One legal-aid application (``LA-…``): the applicant (a member or a
    person), the employer, the claim, the computed means test, and the
    decisions, the lawyer assigned and the result."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="legal_aid"
    )
    applicant_name = models.CharField(max_length=100)
    applicant_id_number = models.CharField(max_length=18, blank=True)
    applicant_phone = models.CharField(max_length=30, blank=True)
    employer_name = models.CharField(max_length=200)
    employer_credit_code = models.CharField(max_length=18, blank=True)
    claim = models.CharField(max_length=20, choices=AidClaim.choices)
    amount_in_dispute = money_field()
    household_size = models.PositiveSmallIntegerField()
    household_monthly_income = money_field()
    migrant_worker = models.BooleanField(default=False)
    facts = models.TextField()
    # the means test as computed at intake (and again at each resubmission)
    eligible = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    per_capita_income = money_field()
    income_ceiling = money_field()
    # where the application came from: a consultation's or a refused case's number
    consultation = models.CharField(max_length=20, blank=True)
    reopened_from = models.CharField(max_length=20, blank=True)
    # decisions
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.TextField(blank=True)
    lawyer = models.CharField(max_length=100, blank=True)
    firm = models.CharField(max_length=200, blank=True)
    assigned_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=20, choices=AidResult.choices, blank=True)
    amount_recovered = money_field(null=True, blank=True)
    history = models.JSONField(default=list)

    class Meta:
        verbose_name = _("legal-aid application")
        verbose_name_plural = _("legal-aid applications")
        indexes = [models.Index(fields=["result"])]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.applicant_name}"
