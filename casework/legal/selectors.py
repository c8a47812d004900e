"""Legal-services reads, scoped to the user: the duty slots of a period (a
list and a month's calendar for the roster page), one slot, and the facts
of a consultation case (``data`` of GET /api/cases/{n}/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from casework.core.access import is_staff_user, user_unit
from casework.core.errors import NotFound
from casework.core.models import Case
from casework.core.privacy import case_view, person_shown

from .aid_selectors import legal_aid_report
from .models import Category, Channel, Consultation, DutySlot


def slots_visible_to(user: Any) -> QuerySet[DutySlot]:
    """The slots of the staff user's subtree (none for members)."""
    if user.is_superuser:
        return DutySlot.objects.all()
    unit = user_unit(user)
    if unit is None or not is_staff_user(user):
        return DutySlot.objects.none()
    return DutySlot.objects.filter(org_unit__path__startswith=unit.path)


def slots_between(user: Any, date_from: dt.date, date_to: dt.date) -> QuerySet[DutySlot]:
    """The user's slots from ``date_from`` to ``date_to``, in order, with
    their unit (one query)."""
    return (
        slots_visible_to(user)
        .filter(date__range=(date_from, date_to))
        .select_related("org_unit")
        .order_by("date", "starts_at", "pk")
    )


def slot_for_user(user: Any, slot_id: int) -> DutySlot:
    """One slot the user may see, else 404."""
    slot = slots_visible_to(user).select_related("org_unit").filter(pk=slot_id).first()
    if slot is None:
        raise NotFound(f"duty slot {slot_id} not found")
    return slot


def slot_facts(slot: DutySlot) -> dict[str, Any]:
    """A slot as the API and the roster page show it."""
    return {
        "id": slot.pk,
        "date": slot.date,
        "starts_at": slot.starts_at.strftime("%H:%M"),
        "ends_at": slot.ends_at.strftime("%H:%M"),
        "place": slot.place,
        "lawyer": slot.lawyer,
        "firm": slot.firm,
        "org_unit": slot.org_unit_id,
        "status": slot.status,
        "swapped_lawyer": slot.swapped_lawyer or None,
        # who is (or was) on duty
        "on_duty": slot.swapped_lawyer or slot.lawyer,
    }


def consultation_case_data(case: Case, user: Any) -> dict[str, Any]:
    """The consultation: channel, slot, visitor (ID number and phone masked
    unless the viewer sees them whole), employer, category, facts, advice,
    outcome, the follow-up and the case the referral opened."""
    c = Consultation.objects.select_related("member").get(case=case)
    return {
        "channel": c.channel,
        "slot": c.slot_id,
        "visitor": {
            "name": c.visitor_name,
            "id_refused": c.id_refused,
            **person_shown(c.visitor_id_number, c.visitor_phone, case_view(case, user).whole),
        },
        "member": c.member_id,
        "employer": {"name": c.employer_name, "credit_code": c.employer_credit_code},
        "category": c.category,
        "facts": c.facts,
        "advice": c.advice,
        "outcome": c.outcome,
        "referred_to": c.referred_to,
        "follow_up_on": c.follow_up_on,
        "follow_up_result": c.follow_up_result or None,
        "referral": c.referral or None,
    }


def consultation_report(year: int, unit_path: str | None) -> dict[str, Any]:
    """The work report's legal-service figures: consultations logged in
    ``year`` in ``unit_path``'s subtree (all when None), by channel and by
    category (every code, zero when none), and the legal-aid figures
    (``legal_aid_report``). Three queries."""
    logged = Consultation.objects.filter(case__created__year=year)
    if unit_path is not None:
        logged = logged.filter(case__org_unit__path__startswith=unit_path)

    def counted(field: str, codes: list[str]) -> dict[str, int]:
        rows = dict(logged.values(field).annotate(n=Count("pk")).values_list(field, "n"))
        return {code: rows.get(code, 0) for code in codes}

    by_channel = counted("channel", Channel.values)
    return {
        "consultations": sum(by_channel.values()),
        "by_channel": by_channel,
        "by_category": counted("category", Category.values),
        "legal_aid": legal_aid_report(year, unit_path),
    }
