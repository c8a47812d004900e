"""Changing a parameter: validated for its kind, audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record

from .errors import InvalidInput
from .models import Parameter
from .money import CENT
from .parameters import MONEY_PARAMETERS


@transaction.atomic
def parameter_update(*, parameter: Parameter, actor: Any, value: Decimal) -> Parameter:
    """Set a parameter's value. Refuses (400) a negative value, a fraction
    for an integer parameter, more than two decimals for a money parameter
    (``MONEY_PARAMETERS``)."""
    if value < 0:
        raise InvalidInput(_("must not be negative"), fields={"value": [_("must be zero or more")]})
    if parameter.kind == Parameter.Kind.INTEGER:
        if value != value.to_integral_value():
            raise InvalidInput(
                _("must be a whole number"), fields={"value": [_("must be a whole number")]}
            )
        text = str(int(value))
    else:
        if parameter.key in MONEY_PARAMETERS and value != value.quantize(CENT):
            raise InvalidInput(
                _("an amount of money has at most two decimals"),
                fields={"value": [_("an amount of money: at most two decimals")]},
            )
        text = format(value.normalize(), "f")
    parameter = Parameter.objects.select_for_update().get(pk=parameter.pk)
    before = parameter.value
    parameter.value = text
    parameter.save(update_fields=["value"])
    audit_record(
        case=None,
        actor=actor,
        type=events.PARAMETER_CHANGED.code,
        data={"key": parameter.key, "from": before, "to": text},
    )
    return parameter
