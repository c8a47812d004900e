"""Input of the legal-services endpoints and task actions (validated before
any service runs): the duty roster's rule, list period and slot update, a
consultation and its follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core import text_limits
from casework.core.date_windows import AHEAD, window_problem
from casework.core.errors import InvalidInput
from casework.core.input_fields import CreditCodeField, IdentifierField
from casework.core.services import id_number_parse

from .models import Category, Channel, ConsultationOutcome
from .rules import MAX_RULE_DAYS
from .statuses import SlotStatus


def text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(style={"base_template": "textarea.html"}, **kwargs)


def _period_errors(attrs: dict[str, Any]) -> dict[str, list[str]]:
    start, end = attrs["date_from"], attrs["date_to"]
    if end < start:
        return {"to": [_("may not be before the first day (from)")]}
    if (end - start).days > MAX_RULE_DAYS:
        return {"to": [_("a period of at most %(days)s days") % {"days": MAX_RULE_DAYS}]}
    return {}


class SlotGenerateInput(serializers.Serializer):
    org_unit = serializers.IntegerField(min_value=1)
    weekday = serializers.IntegerField(min_value=1, max_value=7)
    vars()["from"] = serializers.DateField(source="date_from")
    to = serializers.DateField(source="date_to")
    starts_at = serializers.TimeField(format="%H:%M")
    ends_at = serializers.TimeField(format="%H:%M")
    place = serializers.CharField(max_length=text_limits.SHORT)
    lawyer = serializers.CharField(max_length=text_limits.NAME)
    firm = serializers.CharField(
        max_length=text_limits.SHORT, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = _period_errors(attrs)
        if attrs["ends_at"] <= attrs["starts_at"]:
            errors["ends_at"] = [_("must be after the start time")]
        if errors:
            raise serializers.ValidationError(errors)
        for name in ("place", "lawyer", "firm"):
            attrs[name] = attrs[name].strip()
        return attrs


class SlotPeriodInput(serializers.Serializer):
    """``?from=&to=`` of the slot list (default: this month)."""

    vars()["from"] = serializers.DateField(source="date_from", required=False)
    to = serializers.DateField(source="date_to", required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        attrs.setdefault("date_from", today.replace(day=1))
        attrs.setdefault("date_to", attrs["date_from"] + dt.timedelta(days=41))
        errors = _period_errors(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class SlotUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[c for c in SlotStatus.choices if c[0] != SlotStatus.SCHEDULED]
    )
    lawyer = serializers.CharField(
        max_length=text_limits.NAME, required=False, allow_blank=True, default=""
    )


class VisitorInput(serializers.Serializer):
    """The visitor: a name; the ID number optional (its refusal recorded)."""

    name = serializers.CharField(max_length=text_limits.NAME)
    id_number = IdentifierField(max_length=30, required=False, allow_blank=True, default="")
    id_refused = serializers.BooleanField(required=False, default=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["id_number"] and attrs["id_refused"]:
            raise serializers.ValidationError(
                {"id_refused": [_("an ID number was given: it was not refused")]}
            )
        if attrs["id_number"]:
            try:
                attrs["id_number"], _gender, _birth = id_number_parse(attrs["id_number"])
            except InvalidInput as exc:
                raise serializers.ValidationError(exc.fields) from exc
        attrs["name"] = attrs["name"].strip()
        return attrs


class EmployerInput(serializers.Serializer):
    """The employer as the visitor names it; the credit code optional."""

    name = serializers.CharField(max_length=text_limits.SHORT, required=False, allow_blank=True)
    credit_code = CreditCodeField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["name"] = (attrs.get("name") or "").strip()
        return attrs


class ConsultationInput(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    slot = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    visitor = VisitorInput()
    member = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    employer = EmployerInput(required=False)
    category = serializers.ChoiceField(choices=Category.choices)
    facts = text(max_length=text_limits.STATEMENT)
    advice = text(max_length=text_limits.STATEMENT, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=ConsultationOutcome.choices)
    referred_to = serializers.CharField(
        max_length=text_limits.SHORT, required=False, allow_blank=True, default=""
    )
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        outcome = attrs["outcome"]
        if outcome == ConsultationOutcome.ANSWERED and not attrs["advice"].strip():
            errors["advice"] = [_("an answered consultation records the advice given")]
        if outcome == ConsultationOutcome.LATER and attrs["follow_up_on"] is None:
            errors["follow_up_on"] = [_("an answer promised for later needs its follow-up date")]
        if outcome == ConsultationOutcome.REFERRED_OTHER and not attrs["referred_to"].strip():
            errors["referred_to"] = [_("say to whom the visitor was referred")]
        if attrs["follow_up_on"] is not None:
            problem = window_problem(attrs["follow_up_on"], AHEAD)
            if problem:
                errors["follow_up_on"] = [problem]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["employer"] = attrs.get("employer") or {"name": "", "credit_code": ""}
        attrs["referred_to"] = attrs["referred_to"].strip()
        return attrs


class FollowUpDoneInput(serializers.Serializer):
    result = text(max_length=text_limits.STATEMENT)
