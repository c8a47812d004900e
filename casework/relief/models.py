from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Case, Member, OrgUnit, money_field


class AidType(models.TextChoices):
    LIVING = "living", _("living aid")
    EDUCATION = "education", _("education aid")
    MEDICAL = "medical", _("medical aid")
    TEMPORARY = "temporary", _("temporary aid")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    EDUCATION = "education", _("education")
    DISASTER = "disaster", _("disaster")
    ACCIDENT = "accident", _("accident")
    UNEMPLOYMENT = "unemployment", _("unemployment")
    OTHER = "other", _("other")


class Category(models.TextChoices):
    DEEP = "deep", _("deep hardship")
    RELATIVE = "relative", _("relative hardship")
    ACCIDENTAL = "accidental", _("accidental hardship")
    NOT_ELIGIBLE = "not_eligible", _("not eligible")


class ReasonCode(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("not eligible")
    INCOME_ABOVE_THRESHOLD = "income_above_threshold", _("income above threshold")
    FALSE_INFORMATION = "false_information", _("false information")
    LIMIT_REACHED = "limit_reached", _("limit reached")
    OTHER = "other", _("other")


class SubsistenceStandard(models.Model):
    """The local minimum living standard (低保) of a unit, per person per
    month. A unit without a row uses its nearest ancestor's."""

    org_unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="subsistence_standard"
    )
    monthly_amount = money_field(_("CNY per person per month"))
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("subsistence standard")
        verbose_name_plural = _("subsistence standards")

    def __str__(self) -> str:
        return f"{self.org_unit}: {self.monthly_amount}"


class ReliefCeiling(models.Model):
    """Most that one grant may be, per aid type and (optionally) category."""

    aid_type = models.CharField(max_length=20, choices=AidType.choices)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    amount = money_field()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("relief ceiling")
        verbose_name_plural = _("relief ceilings")
        constraints = [
            models.UniqueConstraint(
                fields=["aid_type", "category"], name="uniq_ceiling_aid_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.aid_type}/{self.category or '*'}: {self.amount}"


class ReliefApplication(models.Model):
    """The facts and decisions of one relief case."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="relief"
    )
    aid_type = models.CharField(max_length=20, choices=AidType.choices)
    cause = models.CharField(max_length=20, choices=Cause.choices)
    reason = models.TextField()
    household_size = models.PositiveSmallIntegerField()
    household_annual_income = money_field()
    rigid_expenses = money_field()
    accident_costs = money_field(null=True, blank=True)
    requested_amount = money_field()
    # verification (入户核查)
    visit_date = models.DateField(null=True, blank=True)
    verified_annual_income = money_field(null=True, blank=True)
    verified_rigid_expenses = money_field(null=True, blank=True)
    verified_household_size = models.PositiveSmallIntegerField(null=True, blank=True)
    verify_notes = models.TextField(blank=True)
    per_capita_monthly_income = money_field(null=True, blank=True)
    subsistence_standard = money_field(null=True, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    recommended_amount = money_field(null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_ends_on = models.DateField(null=True, blank=True)
    # approval
    approved_amount = money_field(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_comment = models.TextField(blank=True)
    needs_senior_approval = models.BooleanField(default=False)
    senior_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_on = models.DateField(null=True, blank=True)
    reject_reason_code = models.CharField(max_length=30, choices=ReasonCode.choices, blank=True)
    reject_reason = models.TextField(blank=True)
    history = models.JSONField(default=list, blank=True)  # returns, objections, resubmissions

    class Meta:
        verbose_name = _("relief application")
        verbose_name_plural = _("relief applications")
        indexes = [models.Index(fields=["aid_type", "granted_on"])]


class RosterEntry(models.Model):
    """A household on the hardship roster (建档), one per member."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("on the roster")
        EXITED = "exited", _("exited")

    member = models.OneToOneField(Member, on_delete=models.PROTECT, related_name="roster_entry")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    filed_on = models.DateField()
    review_due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    exit_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
