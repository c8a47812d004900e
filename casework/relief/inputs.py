"""Input of the relief task actions (validated by the engine before the
service runs). Money accepts JSON strings or numbers, 2 decimal places;
dates lie in their plausible window (``core.date_windows``), text within
its limit (``core.text_limits``)."""

from rest_framework import serializers

from casework.core import text_limits
from casework.core.date_windows import happened
from casework.core.models import PaymentMethod

from .models import AidType, Cause, ReasonCode


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


def text(**kwargs):
    return serializers.CharField(style={"base_template": "textarea.html"}, **kwargs)


class RecommendInput(serializers.Serializer):
    visit_date = happened()
    verified_annual_income = money()
    verified_rigid_expenses = money()
    household_size = serializers.IntegerField(min_value=1, max_value=50)
    recommended_amount = money()
    accident_costs = money(required=False, allow_null=True)
    notes = text(max_length=text_limits.STATEMENT, required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = text(max_length=text_limits.REASON)


class OptionalReasonInput(serializers.Serializer):
    reason = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class RejectInput(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=ReasonCode.choices)
    reason = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class ResubmitInput(serializers.Serializer):
    note = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")
    aid_type = serializers.ChoiceField(choices=AidType.choices, required=False)
    cause = serializers.ChoiceField(choices=Cause.choices, required=False)
    reason = text(max_length=text_limits.STATEMENT, required=False)
    household_size = serializers.IntegerField(min_value=1, max_value=50, required=False)
    household_annual_income = money(required=False)
    rigid_expenses = money(required=False)
    accident_costs = money(required=False, allow_null=True)
    requested_amount = money(required=False)


class ObjectInput(serializers.Serializer):
    objection = text(max_length=text_limits.STATEMENT)


class ApproveInput(serializers.Serializer):
    approved_amount = money()
    comment = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class PayInput(serializers.Serializer):
    amount = money()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField(max_length=text_limits.REFERENCE)
    paid_on = happened()


class ApplicationInput(serializers.Serializer):
    member = serializers.IntegerField()
    aid_type = serializers.ChoiceField(choices=AidType.choices)
    cause = serializers.ChoiceField(choices=Cause.choices)
    reason = text(max_length=text_limits.STATEMENT)
    household_size = serializers.IntegerField(min_value=1, max_value=50)
    household_annual_income = money()
    rigid_expenses = money()
    accident_costs = money(required=False, allow_null=True)
    requested_amount = money()
