"""Reading the single-valued parameters (rows of ``Parameter``), from this
process's snapshot of them (``reference_data``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from .errors import ApplicationError
from .models import Parameter
from .reference_data import PARAMETERS, snapshot

# the parameters that are amounts of money (CNY): two decimals at most, as
# every amount the cases hold (``Parameter.kind`` tells integers from decimals
# only; the others are ratios and multipliers, which take more)
MONEY_PARAMETERS = frozenset({"relief.senior_approval_threshold"})

# integer parameters are day and month counts: far beyond ten years a due date
# falls off the calendar (OverflowError, a 500 on every new task)
MAX_INTEGER_PARAMETER = 3650


class MissingParameter(ApplicationError):
    status = 500
    code = "missing_parameter"


def _raw(key: str) -> str:
    held = snapshot(PARAMETERS)
    value = held.parameters.get(key) if held is not None else None
    if value is not None:
        return value
    try:
        return Parameter.objects.values_list("value", flat=True).get(key=key)
    except Parameter.DoesNotExist as exc:
        raise MissingParameter(_("parameter %(key)s is not configured") % {"key": key}) from exc


def param_decimal(key: str) -> Decimal:
    return Decimal(_raw(key))


def param_int(key: str) -> int:
    return int(Decimal(_raw(key)))
