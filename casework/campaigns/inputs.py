"""Input of the campaign endpoints and task actions (one serializer per
action; the API, the task pages' forms and their messages come from it).
Money accepts JSON strings or numbers with 2 places; dates lie in their
plausible window; text within its limit (``core.text_limits``)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.core import text_limits
from casework.core.date_windows import happened
from casework.core.input_fields import IdentifierField
from casework.core.models import PaymentMethod

from .models import CampaignKind, StudentLevel, TierPer


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


def text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(style={"base_template": "textarea.html"}, **kwargs)


class TierInput(serializers.Serializer):
    code = serializers.SlugField(max_length=30)
    label = serializers.CharField(max_length=text_limits.NAME)  # type: ignore[assignment]
    cash = money(default=0)
    goods_value = money(default=0)
    per = serializers.ChoiceField(choices=TierPer.choices, default=TierPer.PERSON)
    requires_roster = serializers.BooleanField(default=False)


class CampaignInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CampaignKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=text_limits.SHORT)
    org_unit = serializers.IntegerField()
    budget = money()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    notice_days = serializers.IntegerField(min_value=0, max_value=60, required=False)
    tiers = TierInput(many=True, allow_empty=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["closes_on"] < attrs["opens_on"]:
            raise serializers.ValidationError({"closes_on": [_("must not be before opens_on")]})
        codes = [t["code"] for t in attrs["tiers"]]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError({"tiers": [_("each tier code once")]})
        return attrs


class StudentInput(serializers.Serializer):
    name = serializers.CharField(max_length=text_limits.NAME)
    id_number = IdentifierField(max_length=18)
    school = serializers.CharField(max_length=text_limits.SHORT)
    level = serializers.ChoiceField(choices=StudentLevel.choices)


class RecipientInput(serializers.Serializer):
    member = serializers.IntegerField()
    tier = serializers.CharField(max_length=30)
    note = serializers.CharField(
        max_length=text_limits.SHORT, required=False, allow_blank=True, default=""
    )
    household = serializers.CharField(
        max_length=text_limits.NAME, required=False, allow_blank=True, default=""
    )
    student = StudentInput(required=False, allow_null=True)


class ListInput(serializers.Serializer):
    org_unit = serializers.IntegerField()
    recipients = RecipientInput(many=True, allow_empty=False, max_length=5000)  # type: ignore[call-arg]


# a recipient as one line of text: member, tier[, note][, student name,
# student ID number, school, level] (commas, Chinese commas or tabs)
LINE_SEPARATOR = re.compile(r"\s*[,，\t]\s*")
STUDENT_FIELDS = ("name", "id_number", "school", "level")


def recipient_from_line(line: str) -> dict[str, Any]:
    """A recipient typed as a line (the task page's list) as the API's object."""
    parts = LINE_SEPARATOR.split(line.strip())
    item: dict[str, Any] = {"member": parts[0], "tier": parts[1] if len(parts) > 1 else ""}
    rest = parts[2:]
    if len(rest) >= len(STUDENT_FIELDS) + 1:
        item["student"] = dict(zip(STUDENT_FIELDS, rest[-len(STUDENT_FIELDS) :], strict=True))
        rest = rest[: -len(STUDENT_FIELDS)]
    item["note"] = ", ".join(rest)
    return item


def recipient_lines(recipients: list[dict[str, Any]]) -> list[str]:
    """The list's recipients not excluded as the lines ``recipient_from_line``
    reads (a member kept keeps the student and household the list holds)."""
    return [
        ", ".join(str(v) for v in (r["member"], r["tier"], r.get("note", "")) if v != "")
        for r in recipients
        if r.get("status") != "excluded"
    ]


class RecipientItem(serializers.Field):
    """One recipient of a correction: the object of a nomination, or a line."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, str):
            data = recipient_from_line(data)
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("a recipient object or line"))
        item = RecipientInput(data=data)
        if not item.is_valid():
            raise serializers.ValidationError(item.errors)
        return dict(item.validated_data)

    def to_representation(self, value: Any) -> Any:
        return value


class ListImportInput(serializers.Serializer):
    org_unit = serializers.IntegerField()
    file = serializers.FileField()


class ReasonInput(serializers.Serializer):
    reason = text(max_length=text_limits.REASON)


class ResubmitInput(serializers.Serializer):
    """The nominating union's corrections: a note, and the corrected list
    (replacing the recipients; omitted = the list as it is)."""

    note = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")
    recipients = serializers.ListField(
        child=RecipientItem(), required=False, allow_empty=False, max_length=5000
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The students' ID numbers apart, one per recipient ("" for none):
        the input goes into the audit chain, where ``student_id_number`` is
        an identity number (masked to whoever may not see it whole) and the
        recipients' other fields are what the list says openly."""
        if "recipients" in attrs:
            items = [dict(r) for r in attrs["recipients"]]
            numbers = []
            for item in items:
                student = dict(item.get("student") or {})
                numbers.append(student.pop("id_number", ""))
                if student:
                    item["student"] = student
            attrs = {**attrs, "recipients": items, "student_id_number": numbers}
        return attrs


class VerifyInput(serializers.Serializer):
    """The review's end: recipients still nominated are verified."""

    comment = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class ObjectInput(serializers.Serializer):
    recipient = serializers.IntegerField(required=False, allow_null=True, default=None)
    objection = text(max_length=text_limits.STATEMENT)


class ApproveInput(serializers.Serializer):
    comment = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class CloseInput(serializers.Serializer):
    note = text(max_length=text_limits.REASON, required=False, allow_blank=True, default="")


class IssueInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField(
        max_length=text_limits.REFERENCE, required=False, allow_blank=True, default=""
    )
    issued_on = happened()


class SignInput(serializers.Serializer):
    signed_on = happened()
    signed_by = serializers.CharField(max_length=text_limits.NAME)


class RecipientVerifyInput(serializers.Serializer):
    """A recipient verified during the review: nothing to say."""
