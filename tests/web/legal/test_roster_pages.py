"""The duty roster's pages: the month as a calendar (slots with time, place,
lawyer, firm and status; a weekday holiday named), prev / next month, the
print view, the weekly rule's form (what was created, what was skipped and
why) and a slot marked attended / absent / swapped."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from casework.core.calendar import is_workday
from casework.demo.legal import seed_calendar_days
from casework.legal.models import DutySlot
from tests.legal.conftest import HOLIDAY_THURSDAY


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _day(html: str, day: dt.date) -> str:
    """The calendar cell of ``day``."""
    start = html.index(f'data-date="{day.isoformat()}"')
    return html[start : html.index("</td>", start)]


def test_the_month_shows_each_slot_and_the_holiday_named(web, slot):
    slot(dt.date(2026, 9, 29), lawyer="韦律师", firm="广西三江律师事务所", place="县职工服务中心")
    slot(dt.date(2026, 10, 8), lawyer="杨律师", firm="", status="attended")
    html = web("lawyer").get("/legal/?month=2026-10").content.decode()
    national_day = _day(html, HOLIDAY_THURSDAY)
    assert "National Day" in national_day and 'data-testid="holiday"' in national_day
    october_8 = _day(html, dt.date(2026, 10, 8))
    assert "杨律师" in october_8 and "09:00–12:00" in october_8 and "attended" in october_8
    # the first week of the grid begins in September: its slot is shown too
    september_29 = _day(html, dt.date(2026, 9, 29))
    for seen in ("韦律师", "广西三江律师事务所", "县职工服务中心", "scheduled"):
        assert seen in september_29
    assert 'href="?month=2026-09"' in html and 'href="?month=2026-11"' in html


def test_the_chinese_month_names_the_holiday_in_chinese(web, slot):
    html = web("lawyer", "zh-hans").get("/legal/?month=2026-10").content.decode()
    assert "国庆节" in _day(html, HOLIDAY_THURSDAY)


def test_a_month_that_is_no_month_is_refused_with_400(web):
    response = web("caseworker").get("/legal/?month=2026-13")
    assert response.status_code == 400
    assert "cannot be used" in _text(response)


def test_the_print_view_has_the_month_and_no_menu(web, slot):
    slot(dt.date(2026, 10, 8), lawyer="杨律师")
    response = web("caseworker").get("/legal/roster/print/?month=2026-10")
    html = response.content.decode()
    assert response.status_code == 200
    assert "杨律师" in html and "National Day" in html
    assert "vf-page__menu" not in html and 'data-testid="slot-mark"' not in html
    assert "size: A4" in open_css()


def open_css() -> str:
    from pathlib import Path

    import casework.web

    return (Path(casework.web.__file__).parent / "static/web/legal.css").read_text()


def test_the_rule_generates_slots_and_names_the_skipped_holiday(web, county):
    client = web("supervisor")
    form = client.get("/legal/roster/generate/?month=2026-10")
    assert form.status_code == 200 and 'name="weekday"' in form.content.decode()
    response = client.post(
        "/legal/roster/generate/",
        {
            "org_unit": county.pk,
            "weekday": 4,
            "from": "2026-09-21",
            "to": "2026-10-16",
            "starts_at": "09:00",
            "ends_at": "12:00",
            "place": "县职工服务中心",
            "lawyer": "韦律师",
            "firm": "广西三江律师事务所",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    created = re.findall(r'data-testid="created-day" data-date="([\d-]+)"', html)
    assert created == ["2026-09-24", "2026-10-08", "2026-10-15"]
    skipped = re.findall(
        r'data-testid="skipped-day" data-date="([\d-]+)" data-reason="(\w+)"', html
    )
    assert skipped == [("2026-10-01", "holiday")]
    assert "National Day" in _text(response)
    assert DutySlot.objects.filter(org_unit=county).count() == 3


def test_a_bad_rule_is_refused_beside_its_field_and_nothing_is_written(web, county):
    rule = {
        "org_unit": county.pk,
        "weekday": 4,
        "from": "2026-10-16",
        "to": "2026-09-21",
        "starts_at": "12:00",
        "ends_at": "09:00",
        "place": "县职工服务中心",
        "lawyer": "韦律师",
    }
    response = web("supervisor").post("/legal/roster/generate/", rule)
    assert response.status_code == 400
    text = _text(response)
    assert "may not be before the first day" in text and "must be after the start time" in text
    blank = web("supervisor").post("/legal/roster/generate/", {**rule, "place": ""})
    assert blank.status_code == 400 and "This field may not be blank." in _text(blank)
    assert not DutySlot.objects.exists()


def test_the_duty_lawyer_reads_the_roster_but_does_not_keep_it(web, slot, county):
    slot(timezone.localdate() - dt.timedelta(days=1))
    client = web("lawyer")
    assert 'data-testid="generate-link"' not in client.get("/legal/").content.decode()
    assert client.get("/legal/roster/generate/").status_code == 403
    posted = client.post("/legal/roster/generate/", {"org_unit": county.pk, "weekday": 4})
    assert posted.status_code == 403 and not DutySlot.objects.filter(lawyer="x").exists()


def test_a_slot_is_marked_attended_then_swapped(web, slot):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    duty = slot(yesterday)
    client = web("caseworker")
    response = client.post(f"/legal/roster/slots/{duty.pk}/", {"status": "attended"}, follow=True)
    duty.refresh_from_db()
    assert duty.status == "attended"
    assert "is marked: attended" in _text(response)
    client.post(f"/legal/roster/slots/{duty.pk}/", {"status": "swapped", "lawyer": "杨律师"})
    duty.refresh_from_db()
    assert (duty.status, duty.swapped_lawyer) == ("swapped", "杨律师")
    html = client.get(f"/legal/?month={yesterday:%Y-%m}").content.decode()
    assert "<s>韦律师</s> 杨律师" in _day(html, yesterday)


def test_marking_a_slot_before_its_day_is_refused_on_the_page(web, slot):
    duty = slot(timezone.localdate() + dt.timedelta(days=3))
    response = web("caseworker").post(
        f"/legal/roster/slots/{duty.pk}/", {"status": "absent"}, follow=True
    )
    duty.refresh_from_db()
    assert duty.status == "scheduled"
    assert "has not happened yet" in _text(response)


def test_the_lawyer_may_not_mark_a_slot(web, slot):
    duty = slot(timezone.localdate() - dt.timedelta(days=1))
    assert (
        web("lawyer").post(f"/legal/roster/slots/{duty.pk}/", {"status": "absent"}).status_code
        == 403
    )
    duty.refresh_from_db()
    assert duty.status == "scheduled"


def test_the_demo_names_new_years_day_2027_a_holiday(web):
    """chinesecalendar ends with 2026: the demo's override makes 2027-01-01 a
    holiday, named on the roster."""
    assert is_workday(dt.date(2027, 1, 1))  # the package's fallback: a Friday
    seed_calendar_days()
    assert not is_workday(dt.date(2027, 1, 1))
    html = web("caseworker", "zh-hans").get("/legal/?month=2027-01").content.decode()
    assert "元旦" in _day(html, dt.date(2027, 1, 1))
    english = web("caseworker").get("/legal/?month=2027-01").content.decode()
    assert "New Year&#x27;s Day" in _day(english, dt.date(2027, 1, 1))
