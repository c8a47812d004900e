"""The legal-services pages' forms: a posted form turned into the data the
API's input serializers validate (``casework.legal.inputs``: the roster's
rule, a slot's mark, a consultation), their errors keyed as the form's
fields are, and the query strings of the roster's month and the
consultations list. Validation and its messages stay the serializers'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from casework.core.errors import InvalidInput
from casework.legal.inputs import ConsultationInput, SlotGenerateInput, SlotUpdateInput
from casework.legal.models import Category, Channel, Consultation, ConsultationOutcome
from casework.web.member_forms import flat_errors

# the form's names of the consultation's nested fields
NESTED = {
    "visitor": ("name", "id_number", "id_refused", "phone"),
    "employer": ("name", "credit_code"),
}
# what a consultation starts with
DEFAULTS = {"channel": Channel.VISIT, "outcome": ConsultationOutcome.ANSWERED}
WEEKDAYS = [
    (1, gettext_lazy("Monday")),
    (2, gettext_lazy("Tuesday")),
    (3, gettext_lazy("Wednesday")),
    (4, gettext_lazy("Thursday")),
    (5, gettext_lazy("Friday")),
    (6, gettext_lazy("Saturday")),
    (7, gettext_lazy("Sunday")),
]
THURSDAY = 4


class MonthInput(serializers.Serializer):
    """``?month=YYYY-MM`` of the roster (default: this month)."""

    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", required=False, max_length=7)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        text = attrs.get("month")
        if text:
            year, month = (int(part) for part in text.split("-"))
            if not 2000 <= year <= 2100:
                raise serializers.ValidationError({"month": [_("a month from 2000 to 2100")]})
            attrs["month"] = dt.date(year, month, 1)
        else:
            attrs["month"] = timezone.localdate().replace(day=1)
        return attrs


class ConsultationFilter(serializers.Serializer):
    """The consultations list's filters."""

    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    outcome = serializers.ChoiceField(choices=ConsultationOutcome.choices, required=False)
    date = serializers.DateField(required=False)
    slot = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


def form_errors(errors: Any) -> dict[str, list[str]]:
    """A serializer's errors keyed as the form's fields (``visitor_name``)."""
    out: dict[str, list[str]] = {}
    for name, problems in errors.items():
        if isinstance(problems, dict) and name in NESTED:
            for sub, inner in flat_errors(problems).items():
                key = name if sub == "non_field_errors" else f"{name}_{sub}"
                out.setdefault(key, []).extend(inner)
        else:
            for key, inner in flat_errors({name: problems}).items():
                out.setdefault(key.replace(".", "_"), []).extend(inner)
    return out


def _blank_none(value: str | None) -> str | None:
    return value if value else None


def consultation_data(posted: QueryDict, earlier: Consultation | None) -> dict[str, Any]:
    """The body of ``POST /api/legal/consultations/`` from the form. A
    returning visitor's ID number and phone, shown masked, are carried over
    from their earlier consultation when left blank (the same visitor's
    name), never typed again."""
    visitor: dict[str, Any] = {
        "name": posted.get("visitor_name", ""),
        "id_number": posted.get("visitor_id_number", "").strip(),
        "id_refused": posted.get("visitor_id_refused") == "on",
        "phone": posted.get("visitor_phone", "").strip(),
    }
    if earlier is not None and visitor["name"].strip() == earlier.visitor_name:
        if not visitor["id_number"] and not visitor["id_refused"]:
            visitor["id_number"] = earlier.visitor_id_number
            visitor["id_refused"] = earlier.id_refused
        visitor["phone"] = visitor["phone"] or earlier.visitor_phone
    return {
        "channel": posted.get("channel", ""),
        "slot": _blank_none(posted.get("slot")),
        "visitor": visitor,
        "member": _blank_none(posted.get("member")),
        "employer": {
            "name": posted.get("employer_name", ""),
            "credit_code": posted.get("employer_credit_code", ""),
        },
        "category": posted.get("category", ""),
        "facts": posted.get("facts", ""),
        "advice": posted.get("advice", ""),
        "outcome": posted.get("outcome", ""),
        "referred_to": posted.get("referred_to", ""),
        "follow_up_on": _blank_none(posted.get("follow_up_on", "").strip()),
    }


def validated(serializer: serializers.Serializer) -> dict[str, Any]:
    """The serializer's data, or 400 with its errors keyed as the form's."""
    if not serializer.is_valid():
        raise InvalidInput(
            _("Please correct the marked fields."), fields=form_errors(serializer.errors)
        )
    return dict(serializer.validated_data)


def consultation_input(posted: QueryDict, earlier: Consultation | None) -> dict[str, Any]:
    return validated(ConsultationInput(data=consultation_data(posted, earlier)))


def generate_input(posted: QueryDict) -> dict[str, Any]:
    """``POST /api/legal/slots/generate/``'s input from the form."""
    names = ("org_unit", "weekday", "from", "to", "starts_at", "ends_at", "place", "lawyer", "firm")
    return validated(SlotGenerateInput(data={name: posted.get(name, "") for name in names}))


def slot_update_input(posted: QueryDict) -> dict[str, Any]:
    data = {"status": posted.get("status", ""), "lawyer": posted.get("lawyer", "")}
    return validated(SlotUpdateInput(data=data))


def generate_initial(month: dt.date, unit_id: int | None) -> dict[str, Any]:
    """The rule's form starts with Thursdays of the month shown, 9 to 12."""
    last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return {
        "org_unit": unit_id or "",
        "weekday": THURSDAY,
        "from": month.isoformat(),
        "to": last.isoformat(),
        "starts_at": "09:00",
        "ends_at": "12:00",
        "place": "",
        "lawyer": "",
        "firm": "",
    }
