from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from viewflow.workflow.models import Process


def money_field(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField:
    """CNY amounts: Decimal with 2 places."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class PaymentMethod(models.TextChoices):
    """How a grant or benefit is paid, in every program."""

    BANK_TRANSFER = "bank_transfer", _("bank transfer")
    CASH = "cash", _("cash")
    GOODS = "goods", _("goods")


class OrgUnit(models.Model):
    """A node of the union tree: province → city → county → grassroots.

    ``path`` is the materialized path of ids (``/1/3/7/``) so a subtree is one
    indexed prefix query.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province")
        CITY = 2, _("city")
        COUNTY = 3, _("county federation")
        GRASSROOTS = 4, _("grassroots union")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=50, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("union unit")
        verbose_name_plural = _("union units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class UserProfile(models.Model):
    """Which unit a staff user belongs to (roles are Django groups)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="users")

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return f"{self.user} @ {self.org_unit}"


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")

    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="members")
    member_since = models.DateField(_("union member since"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [models.Index(fields=["org_unit", "name"])]

    def __str__(self) -> str:
        return self.name


class Case(Process):
    """A process instance seen as a case: one row per relief application,
    mutual-aid claim or mediation. It *is* the viewflow process (multi-table
    inheritance), so the flow lock on the process locks the case."""

    class Program(models.TextChoices):
        RELIEF = "relief", _("hardship relief")
        MUTUAL_AID = "mutual_aid", _("medical mutual aid")
        MEDIATION = "mediation", _("labor-dispute mediation")
        ROSTER_REVIEW = "roster_review", _("hardship roster review")
        CAMPAIGN = "campaign", _("seasonal relief campaign")
        CONSULTATION = "consultation", _("legal consultation")
        LEGAL_AID = "legal_aid", _("legal aid")
        RECONSIDERATION = "reconsideration", _("reconsideration")

    case_number = models.CharField(_("case number"), max_length=20, unique=True)
    program = models.CharField(_("program"), max_length=20, choices=Program.choices)
    case_status = models.CharField(_("case status"), max_length=30, db_index=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cases")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = pgettext_lazy("model name", "cases")  # "cases" alone is a count unit
        indexes = [
            models.Index(fields=["program", "case_status"]),
            models.Index(fields=["org_unit", "program"]),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def payment(self) -> Payment | None:
        """The case's one payment (``item`` 0: a relief grant, a mutual-aid
        benefit), None until it is paid. A list that prefetched ``payments``
        pays no query per row; otherwise one query, remembered."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "payments" in cache:
            return next((p for p in cache["payments"] if p.item == 0), None)
        if "_payment" not in self.__dict__:
            found = self.payments.filter(item=0).first() if self.pk is not None else None
            self.__dict__["_payment"] = found
        return self.__dict__["_payment"]

    def payment_remember(self, payment: Payment | None) -> None:
        """The single payment just recorded (``core.payments``), or found
        missing with the case under its lock (None): read next without a
        query."""
        self.__dict__["_payment"] = payment


class CaseNumberCounter(models.Model):
    """Last number handed out per program prefix and year. Locked row per
    (prefix, year): allocation and case insert share one transaction, so a
    rolled-back case gives its number back and the sequence has no gaps."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="uniq_counter_prefix_year")
        ]


class CalendarDay(models.Model):
    """An override of the working-day calendar (a holiday or make-up workday
    the package does not know, or any date past its data)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_workday else 'holiday'}"


class Parameter(models.Model):
    """A single-valued parameter of the processes (PROCESSES.md *(param)*)."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("integer")
        DECIMAL = "decimal", _("decimal")

    key = models.CharField(_("key"), max_length=80, unique=True)
    value = models.CharField(_("value"), max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DECIMAL)
    description = models.CharField(_("description"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=50)
    file = models.FileField(upload_to="documents/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["uploaded_at", "id"]


class Payment(models.Model):
    """A payment of a case to a member, whatever the program pays: unique per
    (case, item), so each is paid exactly once. ``item`` is 0 for the single
    payment of a relief or mutual-aid case, the recipient's id for a
    campaign grant. Written only by ``casework.core.payments.payment_record``."""

    Method = PaymentMethod

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    item = models.PositiveBigIntegerField(default=0, db_default=0)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="payments")
    amount = money_field()
    method = models.CharField(max_length=20, choices=Method.choices)
    reference = models.CharField(max_length=100)
    paid_on = models.DateField()
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="payment_once_per_case_item")
        ]
