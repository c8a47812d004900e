"""Demo legal services: the county's Thursday duty slots for this month and
next (the past ones marked), consultations of every outcome the system
takes, and union mediations (one referred by a consultation, one that
failed and ended unresolved). Through the services and the engine, like
any client. Idempotent: slots are generated once per day and time, the
cases are skipped when demo consultations exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from casework.core.models import CalendarDay, Member
from casework.legal.models import Consultation, DutySlot
from casework.legal.roster import slot_update, slots_generate
from casework.mediation.models import Referral
from workflows import engine
from workflows.intake import consultation_log, referral_register
from workflows.selectors import open_tasks_of

PLACE = "三江县职工服务中心（一小时法律服务圈）"
FIRM = "广西三江侗族自治县法律援助工作站"


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# statutory holidays past chinesecalendar's data (it ends with 2026): only the
# fixed New Year's Day of 2027 is certain before the State Council's notice
FIXED_HOLIDAYS = [(dt.date(2027, 1, 1), "元旦")]


def seed_calendar_days() -> None:
    """The fixed holidays the package does not know yet, as overrides (an
    existing override, e.g. an administrator's, is left as it is)."""
    for day, note in FIXED_HOLIDAYS:
        CalendarDay.objects.get_or_create(date=day, defaults={"is_workday": False, "note": note})


def seed_duty_slots(org: dict) -> list[DutySlot]:
    """Thursday mornings at the county from the first of this month to the
    end of next; the past ones attended (one swapped, one absent)."""
    seed_calendar_days()
    today = timezone.localdate()
    supervisor = org["users"]["supervisor"]
    slots_generate(
        actor=supervisor,
        org_unit=org["county"],
        weekday=4,
        date_from=today.replace(day=1),
        date_to=_month_end(_month_end(today) + dt.timedelta(days=1)),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        place=PLACE,
        lawyer="韦明律师",
        firm=FIRM,
    )
    slots = list(DutySlot.objects.filter(org_unit=org["county"]).order_by("date"))
    past = [s for s in slots if s.date <= today and s.status == "scheduled"]
    for n, slot in enumerate(past):
        if n == 1:
            slot_update(actor=supervisor, slot=slot, status="swapped", lawyer="杨帆律师")
        else:
            slot_update(actor=supervisor, slot=slot, status="absent" if n == 2 else "attended")
    return slots


def _visitor(name: str = "", id_number: str = "") -> dict[str, Any]:
    """A visitor as typed; a member visitor's name and ID number come from the record."""
    return {"name": name, "id_number": id_number, "id_refused": not id_number, "phone": ""}


# one consultation of each outcome the system takes (legal aid is not
# available yet): member index (or None), channel, at the duty slot, category,
# facts, advice, outcome, referred to, follow-up in days (or None)
CONSULTATIONS = [
    (61, "visit", True, "wages", "工地拖欠两个月工资",
     "保留考勤和工资条，先与单位协商；协商不成可申请工会调解或劳动仲裁", "answered", "", None),
    (None, "phone", True, "social_insurance", "单位未缴纳社会保险，咨询补缴办法",
     "", "later", "", 3),
    (62, "visit", True, "overtime", "每周加班二十小时未付加班费，单位拒绝协商",
     "转工会调解，十五日内未达成协议可申请仲裁", "referred_mediation", "", None),
    (None, "online", False, "contract", "试用期被口头辞退",
     "属劳动合同纠纷，建议向劳动保障监察大队投诉", "referred_other", "县劳动保障监察大队", None),
    (63, "hotline", False, "work_injury", "工伤认定后单位不支付停工留薪期工资",
     "可申请劳动仲裁，回访时告知仲裁流程", "answered", "", 1),
]  # fmt: skip


# the visitors who are no member, by how they asked
VISITORS = {"phone": "来电职工", "online": "网上咨询者"}


def _consultations(members: list[Member], slot: DutySlot | None) -> list[dict[str, Any]]:
    today = timezone.localdate()
    made = []
    for index, channel, at_slot, category, facts, advice, outcome, to, days in CONSULTATIONS:
        member = members[index] if index is not None else None
        made.append(
            {
                "channel": channel,
                "slot": slot.pk if slot and at_slot else None,
                "visitor": _visitor("" if member else VISITORS[channel]),
                "member": member.pk if member else None,
                "employer": {"name": "三江示范建筑有限公司", "credit_code": ""},
                "category": category,
                "facts": facts,
                "advice": advice,
                "outcome": outcome,
                "referred_to": to,
                "follow_up_on": today + dt.timedelta(days=days) if days is not None else None,
            }
        )
    return made


def _union_unresolved(org: dict, member: Member) -> Any:
    """A union mediation the employer refused: it ends unresolved."""
    users = org["users"]
    received = timezone.localdate() - dt.timedelta(days=5)
    case = referral_register(
        actor=users["coordinator"],
        court="",
        court_case_number="",
        referral_type="union",
        procedure="",
        referred_on=received,
        received_on=received,
        worker_member=member,
        worker_name="",
        worker_id_number="",
        worker_phone="",
        employer_name="三江示范餐饮有限公司",
        employer_credit_code="",
        dispute_types=["termination"],
        amount_claimed=Decimal("8000.00"),
        summary="违法解除劳动合同，要求经济补偿",
    )
    engine.task_complete(
        open_tasks_of(case.pk).first(), users["coordinator"], "assign", {"mediator": "mediator"}
    )
    engine.task_complete(
        open_tasks_of(case.pk).first(), users["mediator"], "refuse", {"reason": "用人单位拒绝调解"}
    )
    return case


@transaction.atomic
def seed_legal_demo(org: dict, members: list[Member]) -> int:
    """The duty slots, the consultations and the union mediations; returns
    how many cases were made."""
    slots = seed_duty_slots(org)
    if Consultation.objects.exists() or Referral.objects.filter(referral_type="union").exists():
        return 0
    today = timezone.localdate()
    slot = next((s for s in reversed(slots) if s.date <= today), None)
    made = 0
    for fields in _consultations(members, slot):
        consultation_log(actor=org["users"]["caseworker"], **fields)
        made += 2 if fields["outcome"] == "referred_mediation" else 1
    _union_unresolved(org, members[64])
    return made + 1
