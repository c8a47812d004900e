"""Seasonal relief campaigns (PROCESSES.md §4): the campaign with its
budget and tiers (not a case), the nomination list (one-to-one with a
``core.Case``, ``CP-…``) and its recipients. A recipient's grant, once
issued, is a ``core.Payment`` (item = the recipient's id) in the member's
file."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.core.models import Case, Member, OrgUnit, PaymentMethod, money_field


class CampaignKind(models.TextChoices):
    WINTER_WARMTH = "winter_warmth", _("Winter warmth visits")
    GOLDEN_AUTUMN = "golden_autumn", _("Golden autumn student aid")
    SUMMER_COOL = "summer_cool", _("Summer cool visits")
    FESTIVAL = "festival", _("Festival visits")
    OTHER = "other", _("Other campaign")


class TierPer(models.TextChoices):
    PERSON = "person", _("per person")
    HOUSEHOLD = "household", _("per household")


class StudentLevel(models.TextChoices):
    UNDERGRADUATE = "undergraduate", _("undergraduate")
    JUNIOR_COLLEGE = "junior_college", _("junior college")
    VOCATIONAL = "vocational", _("vocational")


class RecipientStatus(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    VERIFIED = "verified", _("verified")
    EXCLUDED = "excluded", _("excluded")
    APPROVED = "approved", _("approved")
    ISSUED = "issued", _("issued")
    SIGNED = "signed", _("signed for")
    UNREACHABLE = "unreachable", _("unreachable")


class Campaign(models.Model):
    """A campaign of one kind and year, planned by a county (or higher)
    unit: its subtree nominates. The figures are kept live by the services
    (approved at approval, issued at issue) under the campaign's row lock."""

    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="campaigns")
    budget = money_field(_("budget"))
    opens_on = models.DateField(_("nominations open on"))
    closes_on = models.DateField(_("nominations close on"))
    notice_days = models.PositiveSmallIntegerField(_("public notice days"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_total = money_field(_("approved total"), default=0)
    issued_total = money_field(_("issued total"), default=0)
    person_times = models.PositiveIntegerField(_("person-times"), default=0)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.approved_total


class Tier(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tiers")
    code = models.CharField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=100)
    cash = money_field(_("cash"), default=0)
    goods_value = money_field(_("goods value"), default=0)
    per = models.CharField(_("per"), max_length=10, choices=TierPer.choices, default="person")
    requires_roster = models.BooleanField(_("requires the hardship roster"), default=False)

    class Meta:
        verbose_name = _("campaign tier")
        verbose_name_plural = _("campaign tiers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="tier_code_once_per_campaign")
        ]

    def __str__(self) -> str:
        return self.label


class CampaignList(models.Model):
    """One grassroots union's nomination list: a case."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="campaign_list"
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="lists")
    notice_ends_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_total = money_field(null=True, blank=True)
    history = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("nomination list")
        verbose_name_plural = _("nomination lists")


class Recipient(models.Model):
    """A member nominated on a list, in a tier; for 金秋助学 the student.
    The issue and signature facts are the grant's (its payment is the
    ``core.Payment`` of the list's case with ``item`` = this id)."""

    campaign_list = models.ForeignKey(
        CampaignList, on_delete=models.CASCADE, related_name="recipients"
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="recipients")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="campaign_grants")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="recipients")
    note = models.CharField(_("note"), max_length=500, blank=True)
    household = models.CharField(_("household"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecipientStatus.choices,
        default=RecipientStatus.NOMINATED,
        db_index=True,
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    student_name = models.CharField(_("student name"), max_length=100, blank=True)
    student_id_number = models.CharField(
        _("student ID number"), max_length=18, blank=True, db_index=True
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=StudentLevel.choices, blank=True)
    issued_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    issued_reference = models.CharField(max_length=100, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_by = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("campaign recipient")
        verbose_name_plural = _("campaign recipients")
        ordering = ["id"]
        indexes = [models.Index(fields=["campaign", "member"])]

    @property
    def amount(self) -> Decimal:
        return self.tier.cash + self.tier.goods_value
