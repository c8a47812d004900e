"""The duty roster's writes (PROCESSES.md §5): slots generated from a weekly
rule on working days only, and a slot marked attended, absent or swapped.
Slots belong to no case: their events go to the audit chain outside cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.core.access import unit_in_scope, user_roles
from casework.core.calendar import is_workday
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.models import OrgUnit
from casework.core.roles import CASEWORKER, SUPERVISOR

from . import events, rules
from .models import DutySlot
from .statuses import SlotStatus

# who keeps the roster: the caseworkers and supervisors of the unit's subtree
ROSTER_ROLES = frozenset({CASEWORKER, SUPERVISOR})


@dataclass
class GenerateReport:
    created: list[dt.date] = field(default_factory=list)
    # {"date", "reason": "holiday" | "weekend" | "exists"}
    skipped: list[dict[str, Any]] = field(default_factory=list)


def roster_keeper_required(actor: Any) -> None:
    """403 unless the actor keeps the roster (caseworker or supervisor): the
    endpoints ask before reading the input."""
    if not (actor.is_superuser or user_roles(actor) & ROSTER_ROLES):
        raise Forbidden(_("only a caseworker or a supervisor keeps the duty roster"))


def roster_keeper_check(actor: Any, unit: OrgUnit) -> None:
    """``roster_keeper_required``, and 400 naming ``org_unit`` when the unit
    lies outside the actor's subtree."""
    roster_keeper_required(actor)
    if not unit_in_scope(actor, unit):
        raise InvalidInput(_("invalid input"), fields={"org_unit": [_("not a unit of yours")]})


def _skipped_because(day: dt.date, existing: set[dt.date]) -> str | None:
    """Why the rule makes no slot on ``day``: a weekday off is a statutory
    holiday, a Saturday or Sunday off the weekend; a slot already there."""
    if not is_workday(day):
        return "holiday" if day.isoweekday() <= 5 else "weekend"
    return "exists" if day in existing else None


@transaction.atomic
def slots_generate(
    *,
    actor: Any,
    org_unit: OrgUnit,
    weekday: int,
    date_from: dt.date,
    date_to: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    place: str,
    lawyer: str,
    firm: str = "",
) -> GenerateReport:
    """A slot on every ``weekday`` from ``date_from`` to ``date_to`` that is
    a working day (``casework.core.calendar``); a holiday is skipped and
    reported as such, a day that already has a slot at that time is skipped
    as ``exists`` (generating twice creates nothing twice). Refuses: 403
    (not a roster keeper), 400 (a unit outside the actor's subtree)."""
    roster_keeper_check(actor, org_unit)
    report = GenerateReport()
    days = list(rules.weekdays_between(weekday, date_from, date_to))
    existing = set(
        DutySlot.objects.filter(org_unit=org_unit, date__in=days, starts_at=starts_at).values_list(
            "date", flat=True
        )
    )
    new = []
    for day in days:
        reason = _skipped_because(day, existing)
        if reason:
            report.skipped.append({"date": day, "reason": reason})
            continue
        report.created.append(day)
        new.append(
            DutySlot(
                org_unit=org_unit,
                date=day,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place,
                lawyer=lawyer,
                firm=firm,
                created_by=actor,
            )
        )
    DutySlot.objects.bulk_create(new)
    if new:
        audit_record(
            case=None,
            actor=actor,
            type=events.DUTY_SLOTS_GENERATED.code,
            data={
                "org_unit": org_unit.pk,
                "created": report.created,
                "lawyer": lawyer,
                "starts_at": starts_at.isoformat(),
            },
        )
    return report


@transaction.atomic
def slot_update(*, actor: Any, slot: DutySlot, status: str, lawyer: str = "") -> DutySlot:
    """Mark the slot ``attended`` or ``absent`` (on or after its day: 409
    ``not_yet`` before), or ``swapped`` to another ``lawyer`` (400 without
    one, or with the same lawyer). A lawyer given with another status is
    refused (400). Roster keepers only (403)."""
    slot = DutySlot.objects.select_for_update().get(pk=slot.pk)
    roster_keeper_check(actor, slot.org_unit)
    lawyer = lawyer.strip()
    if status == SlotStatus.SWAPPED:
        if not lawyer or lawyer == slot.lawyer:
            raise InvalidInput(
                _("invalid input"),
                fields={"lawyer": [_("a swap names the lawyer who takes the slot instead")]},
            )
    elif lawyer:
        raise InvalidInput(
            _("invalid input"), fields={"lawyer": [_("only a swap names another lawyer")]}
        )
    elif slot.date > timezone.localdate():
        raise Conflict(
            _("the slot of %(date)s has not happened yet") % {"date": slot.date},
            code="not_yet",
        )
    before = {"status": slot.status, "swapped_lawyer": slot.swapped_lawyer}
    slot.status = status
    slot.swapped_lawyer = lawyer if status == SlotStatus.SWAPPED else ""
    slot.save(update_fields=["status", "swapped_lawyer"])
    audit_record(
        case=None,
        actor=actor,
        type=events.DUTY_SLOT_CHANGED.code,
        data={
            "slot": slot.pk,
            "date": slot.date,
            "from": before,
            "to": {"status": slot.status, "swapped_lawyer": slot.swapped_lawyer},
        },
    )
    return slot
