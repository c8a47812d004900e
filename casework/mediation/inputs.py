"""Input of the mediation endpoints and task actions (validated before any
service runs). Money accepts JSON strings or numbers, 2 decimal places;
dates lie in their plausible window (``core.date_windows``), text within
its limit (``core.text_limits``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core import text_limits
from casework.core.date_windows import ahead, happened
from casework.core.errors import InvalidInput
from casework.core.input_fields import CreditCodeField, IdentifierField, UsernameField
from casework.core.roles import MEDIATOR
from casework.core.services import id_number_parse

from .models import DisputeType, JudicialConfirmation, Procedure, ReferralType


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


def text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(style={"base_template": "textarea.html"}, **kwargs)


def strings(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=text_limits.SHORT), max_length=50, **kwargs
    )


class MediationWorkerInput(serializers.Serializer):
    """Either ``{"member"}`` or ``{"name", "id_number", "phone"}``."""

    member = serializers.IntegerField(required=False, min_value=1)
    name = serializers.CharField(max_length=text_limits.NAME, required=False)
    id_number = IdentifierField(max_length=30, required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "member" in attrs:
            if "name" in attrs or "id_number" in attrs:
                raise serializers.ValidationError(
                    {"member": [_("give either a member or a non-member's name and ID number")]}
                )
            return attrs
        missing = {
            name: [_("this field is required (or give a member)")]
            for name in ("name", "id_number")
            if not attrs.get(name)
        }
        if missing:
            raise serializers.ValidationError(missing)
        try:
            attrs["id_number"], _gender, _birth = id_number_parse(attrs["id_number"])
        except InvalidInput as exc:
            raise serializers.ValidationError(exc.fields) from exc
        attrs["name"] = attrs["name"].strip()
        return attrs


class MediationEmployerInput(serializers.Serializer):
    name = serializers.CharField(max_length=text_limits.SHORT)
    # required of a court referral (``MediationReferralInput.validate``)
    credit_code = CreditCodeField()


# what a court referral has and a union mediation has not
COURT_FIELDS = ("court", "court_case_number", "procedure")


class MediationReferralInput(serializers.Serializer):
    """A court referral, or (``referral_type: union``) a union mediation
    with no court fields."""

    court = serializers.CharField(max_length=text_limits.SHORT, required=False, allow_blank=True)
    court_case_number = IdentifierField(max_length=100, required=False, allow_blank=True)
    referral_type = serializers.ChoiceField(choices=ReferralType.choices)
    procedure = serializers.ChoiceField(
        choices=Procedure.choices, required=False, allow_blank=True, default=""
    )
    referred_on = happened()
    received_on = happened()
    worker = MediationWorkerInput()
    employer = MediationEmployerInput()
    dispute_types = serializers.ListField(
        child=serializers.ChoiceField(choices=DisputeType.choices), min_length=1, max_length=6
    )
    amount_claimed = money()
    summary = text(max_length=text_limits.STATEMENT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = self._court_errors(attrs)
        if attrs["referral_type"] == ReferralType.ENTRUSTED and not attrs.get("procedure"):
            errors["procedure"] = [
                _("an entrusted referral needs its procedure: ordinary or simple")
            ]
        if attrs["received_on"] < attrs["referred_on"]:
            errors["received_on"] = [_("may not be before the day of referral")]
        if len(set(attrs["dispute_types"])) != len(attrs["dispute_types"]):
            errors["dispute_types"] = [_("each dispute type once")]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["court"] = attrs.get("court", "").strip()
        attrs["court_case_number"] = attrs.get("court_case_number", "").strip()
        return attrs

    @staticmethod
    def _court_errors(attrs: dict[str, Any]) -> dict[str, Any]:
        """A court referral names its court, case number and the employer's
        credit code; a union mediation has no court."""
        if attrs["referral_type"] == ReferralType.UNION:
            return {
                name: [_("a union mediation has no court: leave this out")]
                for name in COURT_FIELDS
                if attrs.get(name)
            }
        errors: dict[str, Any] = {
            name: [_("This field is required.")]
            for name in ("court", "court_case_number")
            if not (attrs.get(name) or "").strip()
        }
        if not attrs["employer"].get("credit_code"):
            errors["employer"] = {"credit_code": [_("This field is required.")]}
        return errors


class MediationSessionInput(serializers.Serializer):
    held_on = happened()
    place = serializers.CharField(max_length=text_limits.SHORT)
    attendees = strings(min_length=1)
    notes = text(max_length=text_limits.RECORD)
    next_step = text(max_length=text_limits.STATEMENT, required=False, allow_blank=True, default="")


class MediationExtendInput(serializers.Serializer):
    parties_consent = serializers.BooleanField()
    court_consent = serializers.BooleanField(required=False, default=False)


# --- task actions ----------------------------------------------------------


class MediatorField(UsernameField):
    """A username of an active user with the mediator role; the task detail
    lists the allowed usernames as the field's choices."""

    offer_choices = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "queryset",
            get_user_model()
            .objects.filter(is_active=True, groups__name=MEDIATOR)
            .order_by("username"),
        )
        super().__init__(**kwargs)


class MediationAssignInput(serializers.Serializer):
    mediator = MediatorField()


class MediationSettleInput(serializers.Serializer):
    agreed_amount = money()
    terms = text(max_length=text_limits.RECORD)
    performance_due = ahead()


class MediationFailInput(serializers.Serializer):
    reason = text(max_length=text_limits.STATEMENT)
    disputed_points = strings(min_length=1)


class MediationReasonInput(serializers.Serializer):
    reason = text(max_length=text_limits.STATEMENT)


class MediationFollowUpInput(serializers.Serializer):
    judicial_confirmation = serializers.ChoiceField(choices=JudicialConfirmation.choices)


class MediationUnfulfilledInput(serializers.Serializer):
    judicial_confirmation = serializers.ChoiceField(choices=JudicialConfirmation.choices)
    note = text(max_length=text_limits.STATEMENT, required=False, allow_blank=True, default="")


class MediationReturnedInput(serializers.Serializer):
    returned_on = happened()
    letter_reference = serializers.CharField(max_length=text_limits.REFERENCE)
