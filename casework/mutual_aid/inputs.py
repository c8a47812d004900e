"""Input of the mutual-aid endpoints and task actions (validated before the
service runs). Money accepts JSON strings or numbers, 2 decimal places;
dates lie in their plausible window (``core.date_windows``), text within
its limit (``core.text_limits``).
Class names are unique across the API (the OpenAPI schema names them)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core import text_limits
from casework.core.date_windows import happened
from casework.core.input_fields import IdentifierField
from casework.core.models import PaymentMethod

from .models import Product, ReasonCode


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


def text(**kwargs):
    return serializers.CharField(style={"base_template": "textarea.html"}, **kwargs)


# a plan's bands and severity classes: a handful each in practice
MAX_TIERS = 20
MAX_SEVERITY_CLASSES = 20
SEVERITY_CLASS_LENGTH = 10  # Claim.severity_class


class PlanTierInput(serializers.Serializer):
    up_to = money(allow_null=True)
    ratio = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=0, max_value=1)


class PlanInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    product = serializers.ChoiceField(choices=Product.choices)
    contribution = money()
    coverage_start = serializers.DateField()
    coverage_end = serializers.DateField()
    waiting_days = serializers.IntegerField(min_value=0, max_value=3650)
    claim_deadline = serializers.DateField()
    deductible_first = money(required=False, default="0")
    deductible_subsequent = money(required=False, default="0")
    # many=True hands max_length to the ListSerializer (the stubs do not know)
    tiers = PlanTierInput(many=True, required=False, default=list, max_length=MAX_TIERS)  # type: ignore[call-arg]
    annual_cap = money(required=False, allow_null=True, default=None)
    lump_sums = serializers.DictField(child=money(), required=False, default=dict)

    def validate_lump_sums(self, value):
        # a key is a severity class: no longer than a claim's (SeverityInput)
        if len(value) > MAX_SEVERITY_CLASSES:
            raise serializers.ValidationError(
                _("at most %(count)s severity classes") % {"count": MAX_SEVERITY_CLASSES}
            )
        if any(len(str(key)) > SEVERITY_CLASS_LENGTH for key in value):
            raise serializers.ValidationError(
                _("a severity class has at most %(count)s characters")
                % {"count": SEVERITY_CLASS_LENGTH}
            )
        return value

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        return _plan_json(values)


class PlanChangeInput(PlanInput):
    """A partial change: any plan parameter but the year and product."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)

    def validate(self, attrs):
        for frozen in ("year", "product"):
            if frozen in self.initial_data:
                raise serializers.ValidationError({frozen: [_("cannot be changed")]})
        return attrs


def _plan_json(values: dict) -> dict:
    """Tiers and lump sums are stored as JSON with amounts as strings."""
    if "tiers" in values:
        values["tiers"] = [
            {
                "up_to": None if t["up_to"] is None else str(t["up_to"]),
                "ratio": str(t["ratio"].normalize()),
            }
            for t in values["tiers"]
        ]
    if "lump_sums" in values:
        values["lump_sums"] = {str(k): str(v) for k, v in values["lump_sums"].items()}
    return values


class EnrollmentInput(serializers.Serializer):
    member = serializers.IntegerField()
    plan = serializers.IntegerField()
    paid_amount = money()
    enrolled_on = serializers.DateField()


class EnrollmentImportInput(serializers.Serializer):
    file = serializers.FileField()
    plan = serializers.IntegerField()
    org_unit = serializers.IntegerField(required=False)


class ClaimInput(serializers.Serializer):
    member = serializers.IntegerField()
    product = serializers.ChoiceField(choices=Product.choices)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    hospital = serializers.CharField(max_length=text_limits.SHORT)
    admitted_on = happened()
    discharged_on = happened()
    diagnosis = text(max_length=text_limits.STATEMENT)
    total_expense = money()
    insurance_paid = money()
    eligible_self_pay = money()
    invoice_numbers = serializers.ListField(
        child=IdentifierField(max_length=60), min_length=1, max_length=100
    )
    severity_class = serializers.CharField(
        max_length=SEVERITY_CLASS_LENGTH, required=False, allow_blank=True
    )

    def validate_invoice_numbers(self, value):
        numbers = [n.strip() for n in value]
        if any(not n for n in numbers):
            raise serializers.ValidationError(_("invoice numbers must not be blank"))
        if len(set(numbers)) != len(numbers):
            raise serializers.ValidationError(_("an invoice number appears twice"))
        return numbers

    def validate(self, attrs):
        if attrs["discharged_on"] < attrs["admitted_on"]:
            raise serializers.ValidationError(
                {"discharged_on": [_("must not be before the admission")]}
            )
        if attrs["insurance_paid"] > attrs["total_expense"]:
            raise serializers.ValidationError(
                {"insurance_paid": [_("must not exceed the total expense")]}
            )
        if attrs["eligible_self_pay"] > attrs["total_expense"] - attrs["insurance_paid"]:
            raise serializers.ValidationError(
                {"eligible_self_pay": [_("must not exceed the expense left after insurance")]}
            )
        return attrs


class ClaimAcceptInput(serializers.Serializer):
    eligible_self_pay = money(required=False, allow_null=True, default=None)
    comment = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class ClaimReasonInput(serializers.Serializer):
    reason = text(max_length=text_limits.REASON)


class ClaimRejectInput(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=ReasonCode.choices)
    reason = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class ClaimResubmitInput(serializers.Serializer):
    note = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")
    hospital = serializers.CharField(max_length=text_limits.SHORT, required=False)
    admitted_on = happened(required=False)
    discharged_on = happened(required=False)
    diagnosis = text(max_length=text_limits.STATEMENT, required=False)
    total_expense = money(required=False)
    insurance_paid = money(required=False)
    eligible_self_pay = money(required=False)


class SeverityInput(serializers.Serializer):
    severity_class = serializers.CharField(max_length=SEVERITY_CLASS_LENGTH)


class ClaimApproveInput(serializers.Serializer):
    comment = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class ClaimPayInput(serializers.Serializer):
    amount = money()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField(max_length=text_limits.REFERENCE)
    paid_on = happened()
