"""The legal-services pages' reads (PROCESSES.md §5): the duty roster of a
month as a calendar (each week a row, each day its slots and, on a weekday
off, the holiday's name), the slots a consultation may name, the
consultations a user may see, and what a returning visitor's new
consultation starts with. Scope is the selectors' (``slots_between``,
``cases_visible_to``); a visitor's ID number and phone are never shown here
whole (the form carries them over unseen, or masks them)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import chinese_calendar
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from casework.core.access import case_scope_q, user_unit
from casework.core.calendar import is_workday
from casework.core.masking import mask_id_number
from casework.core.models import CalendarDay, Member
from casework.core.privacy import mask_phone
from casework.legal.models import Consultation, DutySlot
from casework.legal.selectors import slot_facts, slots_between, slots_visible_to

# the slots a consultation may name: this many days back, and today's
SLOT_CHOICE_DAYS = 14
# a returning visitor's earlier consultations shown in the search
FOUND_LIMIT = 20


@dataclass
class CalendarCell:
    day: dt.date
    in_month: bool
    today: bool
    workday: bool
    off: bool = False  # a weekday that is no working day: a holiday
    holiday: str = ""  # its name, when the calendar knows it
    slots: list[dict[str, Any]] = field(default_factory=list)


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def month_shift(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


def holiday_name(day: dt.date) -> str:
    """The name of the holiday ``day`` falls in: an override's note (a
    chinesecalendar holiday's name read in the page's language), else the
    package's name; "" when the package knows none."""
    note = CalendarDay.objects.filter(date=day).values_list("note", flat=True).first()
    chinese = (get_language() or "").startswith("zh")
    for holiday in chinese_calendar.Holiday:
        if note and note.strip() in (holiday.value, holiday.chinese):
            return str(holiday.chinese if chinese else holiday.value)
    if note:
        return str(note)
    try:
        _off, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year past the package's data
        return ""
    for holiday in chinese_calendar.Holiday:
        if name == holiday.value:
            return str(holiday.chinese if chinese else holiday.value)
    return ""


def roster_month(user: Any, month: dt.date) -> list[list[CalendarCell]]:
    """The month's weeks (Monday first), each day with the user's slots of
    that day and, on a weekday that is no working day, the holiday."""
    first = month_start(month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    for slot in slots_between(user, start, end):
        by_day.setdefault(slot.date, []).append(
            {**slot_facts(slot), "unit_name": slot.org_unit.name}
        )
    today = timezone.localdate()
    rows = []
    for week in weeks:
        row = []
        for day in week:
            workday = is_workday(day)
            off = not workday and day.isoweekday() <= 5
            row.append(
                CalendarCell(
                    day=day,
                    in_month=day.month == first.month,
                    today=day == today,
                    workday=workday,
                    off=off,
                    holiday=holiday_name(day) if off else "",
                    slots=by_day.get(day, []),
                )
            )
        rows.append(row)
    return rows


def slot_choices(user: Any) -> list[DutySlot]:
    """The slots of the user's own unit a consultation may name: the last
    ``SLOT_CHOICE_DAYS`` days and today, today's first."""
    unit = user_unit(user)
    if unit is None:
        return []
    today = timezone.localdate()
    slots = (
        slots_visible_to(user)
        .filter(org_unit=unit, date__range=(today - dt.timedelta(days=SLOT_CHOICE_DAYS), today))
        .order_by("-date", "starts_at")
    )
    return list(slots)


def todays_slot(slots: list[DutySlot]) -> DutySlot | None:
    today = timezone.localdate()
    return next((s for s in slots if s.date == today), None)


def consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    """The consultations of the cases the user may see, newest first."""
    return (
        Consultation.objects.filter(case_scope_q(user, prefix="case__"))
        .select_related("case", "slot")
        .order_by("-case__created", "-case_id")
    )


def consultations_filtered(user: Any, filters: dict[str, Any]) -> QuerySet[Consultation]:
    rows = consultations_visible_to(user)
    for name in ("channel", "category", "outcome"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("slot"):
        rows = rows.filter(slot_id=filters["slot"])
    if filters.get("date"):
        rows = rows.filter(case__created__date=filters["date"])
    return rows


def consultation_row(c: Consultation) -> dict[str, Any]:
    """A consultation as the list shows it (the visitor's name, no ID)."""
    return {
        "case_number": c.case.case_number,
        "created": c.case.created,
        "status": c.case.case_status,
        "channel": c.channel,
        "category": c.category,
        "outcome": c.outcome,
        "visitor": c.visitor_name,
        "employer": c.employer_name,
        "slot": c.slot,
        "referral": c.referral,
        "follow_up_on": c.follow_up_on,
    }


def earlier_visitors(user: Any, q: str) -> list[dict[str, Any]]:
    """The visitors of earlier consultations the user may see whose name,
    ID number or phone matches ``q``: each visitor once (their latest
    consultation), masked."""
    q = q.strip()
    if not q:
        return []
    found = consultations_visible_to(user).filter(
        Q(visitor_name__icontains=q) | Q(visitor_id_number=q.upper()) | Q(visitor_phone=q)
    )
    seen: set[tuple[str, str]] = set()
    rows = []
    for c in found[: FOUND_LIMIT * 3]:
        key = (c.visitor_name, c.visitor_id_number or c.visitor_phone)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "case_number": c.case.case_number,
                "name": c.visitor_name,
                "id_number": mask_id_number(c.visitor_id_number) if c.visitor_id_number else "",
                "member": c.member_id,
                "employer": c.employer_name,
                "date": c.case.created,
            }
        )
    return rows[:FOUND_LIMIT]


def earlier_consultation(user: Any, case_number: str) -> Consultation | None:
    return consultations_visible_to(user).filter(case__case_number=case_number).first()


def returning_visitor(
    user: Any, member: Member | None, earlier: Consultation | None
) -> dict[str, Any]:
    """What the form of a returning visitor starts with: the visitor (name;
    the ID number and phone masked, carried over unseen) and the employer,
    from their latest consultation, else from the member's record."""
    if earlier is None and member is not None:
        earlier = consultations_visible_to(user).filter(member=member).first()
    if earlier is not None:
        return {
            "from_case": earlier.case.case_number,
            "name": earlier.visitor_name,
            "id_number_masked": mask_id_number(earlier.visitor_id_number)
            if earlier.visitor_id_number
            else "",
            "id_refused": earlier.id_refused,
            "phone_masked": mask_phone(earlier.visitor_phone) if earlier.visitor_phone else "",
            "employer_name": earlier.employer_name,
            "employer_credit_code": earlier.employer_credit_code,
        }
    if member is not None:
        return {"from_case": "", "name": member.name, "employer_name": member.employer}
    return {}


def slot_text(slot_id: Any) -> str | None:
    """A consultation's duty slot (its case's fact ``slot``, an id) as the
    case page names it: day, hours and who was on duty ("2026-10-08
    09:00–12:00 韦律师"); None when it names no slot."""
    if not isinstance(slot_id, int) or isinstance(slot_id, bool):
        return None
    slot = DutySlot.objects.filter(pk=slot_id).first()
    if slot is None:
        return None
    hours = f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"
    return f"{slot.date:%Y-%m-%d} {hours} {slot.swapped_lawyer or slot.lawyer}"
