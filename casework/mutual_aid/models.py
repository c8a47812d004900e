"""Medical mutual aid (PROCESSES.md §2): plans, enrollments, claims, the
invoice register, payments and the member's yearly ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Case, Member, money_field


class Product(models.TextChoices):
    INPATIENT = "inpatient", _("inpatient medical mutual aid")
    CRITICAL_ILLNESS = "critical_illness", _("critical illness")
    FEMALE_SPECIAL = "female_special", _("female workers' special diseases")


LUMP_SUM_PRODUCTS = (Product.CRITICAL_ILLNESS, Product.FEMALE_SPECIAL)


class ReasonCode(models.TextChoices):
    NOT_ENROLLED = "NOT_ENROLLED", _("not enrolled")
    WAITING_PERIOD = "WAITING_PERIOD", _("in the waiting period")
    OUTSIDE_COVERAGE = "OUTSIDE_COVERAGE", _("outside the coverage period")
    LATE_CLAIM = "LATE_CLAIM", _("claimed after the deadline")
    CAP_EXHAUSTED = "CAP_EXHAUSTED", _("annual cap exhausted")
    NOT_APPLICABLE = "NOT_APPLICABLE", _("product not applicable")
    DOCUMENTS_INVALID = "documents_invalid", _("documents invalid")
    OTHER = "other", _("other")


class Plan(models.Model):
    """One year × product with every parameter of the benefit. ``version``
    counts changes: a claim stores the version (and a snapshot) it used."""

    year = models.PositiveSmallIntegerField(_("year"))
    product = models.CharField(_("product"), max_length=20, choices=Product.choices)
    contribution = money_field(_("contribution per member"))
    coverage_start = models.DateField(_("coverage start"))
    coverage_end = models.DateField(_("coverage end"))
    waiting_days = models.PositiveSmallIntegerField(_("waiting period (days) for new enrollees"))
    claim_deadline = models.DateField(_("claim deadline"))
    deductible_first = money_field(_("deductible, first stay"), default=Decimal("0"))
    deductible_subsequent = money_field(_("deductible, later stays"), default=Decimal("0"))
    # [{"up_to": "10000.00" | null, "ratio": "0.50"}], bounds cumulative on the base
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    annual_cap = money_field(_("annual cap per member"), null=True, blank=True)
    # {"1": "6000.00", ...}: severity class → lump sum
    lump_sums = models.JSONField(_("lump sums by severity class"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("mutual-aid plan")
        verbose_name_plural = _("mutual-aid plans")
        ordering = ["-year", "product"]
        constraints = [
            models.UniqueConstraint(fields=["year", "product"], name="uniq_plan_year_product")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.product}"

    def clean(self) -> None:
        from .rules import plan_problems, terms_from_plan

        try:
            problems = plan_problems(terms_from_plan(self))
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ValidationError(str(exc)) from exc
        if problems:
            raise ValidationError(problems)


class Enrollment(models.Model):
    """A member enrolled in a plan; ``renewal`` when enrolled in the same
    product the year before (no waiting period)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="enrollments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="enrollments")
    paid_amount = money_field(_("paid contribution"))
    enrolled_on = models.DateField(_("enrolled on"))
    renewal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["member", "plan"], name="uniq_enrollment_member_plan")
        ]


class Claim(models.Model):
    """The facts and decisions of one mutual-aid case, with the benefit
    calculation as it was made (amount, reasons, explanation, plan snapshot)."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="mutual_aid"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="claims")
    hospital = models.CharField(max_length=200, blank=True)
    admitted_on = models.DateField()
    discharged_on = models.DateField()
    diagnosis = models.TextField()
    total_expense = money_field()
    insurance_paid = money_field()
    eligible_self_pay = money_field()
    severity_class = models.CharField(max_length=10, blank=True)
    first_stay = models.BooleanField(default=True)
    # the benefit calculation
    benefit_amount = money_field(default=Decimal("0"))
    eligible = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    plan_version = models.PositiveIntegerField(default=1)
    plan_snapshot = models.JSONField(default=dict, blank=True)
    # decisions
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_amount = money_field(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reject_reason_code = models.CharField(max_length=30, choices=ReasonCode.choices, blank=True)
    reject_reason = models.TextField(blank=True)
    history = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("mutual-aid claim")
        verbose_name_plural = _("mutual-aid claims")


class ClaimedInvoice(models.Model):
    """The register of invoice numbers already claimed, across every case of
    every program: the unique number makes a second claim fail even when two
    submissions race."""

    number = models.CharField(max_length=60, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="claimed_invoices")

    class Meta:
        verbose_name = _("claimed invoice")
        verbose_name_plural = _("claimed invoices")


class MemberLedger(models.Model):
    """What a member's claims of one plan take from it: the row is locked
    (select_for_update) whenever a claim is approved or paid, so the annual
    cap holds under concurrency."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="mutual_aid_ledger")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="ledger")
    approved_total = money_field(default=Decimal("0"))
    paid_total = money_field(default=Decimal("0"))
    paid_claims = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("member ledger")
        verbose_name_plural = _("member ledgers")
        constraints = [
            models.UniqueConstraint(fields=["member", "plan"], name="uniq_ledger_member_plan")
        ]
