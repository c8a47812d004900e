"""Input of the legal-aid endpoint and task actions (validated before any
service runs): the application — the applicant a member or a person with a
normalized ID number, the employer with an optional credit code — and the
review, approval, assignment and closing actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core import text_limits
from casework.core.errors import InvalidInput
from casework.core.input_fields import CreditCodeField, IdentifierField
from casework.core.services import id_number_parse

from .inputs import text
from .models import AidClaim, AidResult


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


class ApplicantInput(serializers.Serializer):
    """``{"member"}`` or ``{"name", "id_number", "phone"}``."""

    member = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    name = serializers.CharField(
        max_length=text_limits.NAME, required=False, allow_blank=True, default=""
    )
    id_number = IdentifierField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["name"] = attrs["name"].strip()
        attrs["phone"] = attrs["phone"].strip()
        if attrs["member"] is not None:
            return attrs
        errors: dict[str, list[str]] = {}
        if not attrs["name"]:
            errors["name"] = [_("the applicant's name (or pick the member)")]
        if not attrs["id_number"]:
            errors["id_number"] = [_("the applicant's ID number (or pick the member)")]
        else:
            try:
                attrs["id_number"], _gender, _birth = id_number_parse(attrs["id_number"])
            except InvalidInput as exc:
                errors.update(exc.fields)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AidEmployerInput(serializers.Serializer):
    name = serializers.CharField(max_length=text_limits.SHORT)
    credit_code = CreditCodeField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["name"] = attrs["name"].strip()
        if not attrs["name"]:
            raise serializers.ValidationError({"name": [_("This field may not be blank.")]})
        return attrs


class LegalAidInput(serializers.Serializer):
    """``POST /api/legal/aid/``."""

    applicant = ApplicantInput()
    employer = AidEmployerInput()
    claim = serializers.ChoiceField(choices=AidClaim.choices)
    amount_in_dispute = money()
    household_size = serializers.IntegerField(min_value=1, max_value=50)
    household_monthly_income = money()
    migrant_worker = serializers.BooleanField(required=False, default=False)
    facts = text(max_length=text_limits.STATEMENT)


class AidCommentInput(serializers.Serializer):
    comment = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class AidReasonInput(serializers.Serializer):
    reason = text(max_length=text_limits.REASON)


class AidResubmitInput(serializers.Serializer):
    """The applicant's corrections: any figure of the application anew (the
    means test is computed again)."""

    note = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")
    claim = serializers.ChoiceField(choices=AidClaim.choices, required=False)
    amount_in_dispute = money(required=False)
    household_size = serializers.IntegerField(min_value=1, max_value=50, required=False)
    household_monthly_income = money(required=False)
    migrant_worker = serializers.BooleanField(required=False)
    facts = text(max_length=text_limits.STATEMENT, required=False)


class AidAssignInput(serializers.Serializer):
    lawyer = serializers.CharField(max_length=text_limits.NAME)
    firm = serializers.CharField(max_length=text_limits.SHORT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = {k: v.strip() for k, v in attrs.items()}
        blank = {k: [_("This field may not be blank.")] for k, v in attrs.items() if not v}
        if blank:
            raise serializers.ValidationError(blank)
        return attrs


class AidCloseInput(serializers.Serializer):
    result = serializers.ChoiceField(choices=AidResult.choices)
    amount_recovered = money()
