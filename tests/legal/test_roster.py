"""The duty roster (PROCESSES.md §5): slots from a weekly rule on working
days only, a holiday skipped and named, generating twice creates nothing
twice, and a slot marked attended, absent or swapped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.calendar import is_workday
from casework.demo.seed import seed_member_login
from casework.legal.models import DutySlot
from tests.conftest import Api
from tests.helpers import assert_error
from tests.legal.conftest import HOLIDAY_THURSDAY, duty_rule


def test_generation_skips_the_national_day_thursday_and_names_it(api, county):
    response = api("supervisor").post("/api/legal/slots/generate/", duty_rule(county.pk))
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "created": ["2026-09-24", "2026-10-08", "2026-10-15"],
        "skipped": [{"date": HOLIDAY_THURSDAY.isoformat(), "reason": "holiday"}],
    }
    slots = DutySlot.objects.order_by("date")
    assert [s.date.isoformat() for s in slots] == ["2026-09-24", "2026-10-08", "2026-10-15"]
    assert {(s.lawyer, s.place, s.status) for s in slots} == {
        ("韦律师", "县职工服务中心", "scheduled")
    }
    assert AuditEvent.objects.filter(type="duty_slots_generated", case=None).count() == 1


def test_generating_the_same_rule_again_creates_nothing_twice(api, county):
    api("supervisor").post("/api/legal/slots/generate/", duty_rule(county.pk))
    again = api("caseworker").post(
        "/api/legal/slots/generate/", duty_rule(county.pk, to="2026-10-23")
    )
    assert again.status_code == 201, again.json()
    assert again.json()["created"] == ["2026-10-22"]
    assert {s["reason"] for s in again.json()["skipped"]} == {"holiday", "exists"}
    assert DutySlot.objects.count() == 4


def test_the_list_shows_a_period_of_the_users_subtree(api, county, grassroots):
    api("supervisor").post("/api/legal/slots/generate/", duty_rule(county.pk))
    api("caseworker2").post("/api/legal/slots/generate/", duty_rule(grassroots[0].pk))
    listed = api("caseworker").get(
        "/api/legal/slots/", **{"from": "2026-10-01", "to": "2026-10-31"}
    )
    assert listed.status_code == 200
    rows = listed.json()
    assert [(r["date"], r["org_unit"]) for r in rows if r["org_unit"] == county.pk] == [
        ("2026-10-08", county.pk),
        ("2026-10-15", county.pk),
    ]
    assert rows[0]["starts_at"] == "09:00" and rows[0]["on_duty"] == "韦律师"
    # the grassroots caseworker sees their own union's slots, not the county's
    theirs = api("caseworker2").get(
        "/api/legal/slots/", **{"from": "2026-09-01", "to": "2026-10-31"}
    )
    assert {r["org_unit"] for r in theirs.json()} == {grassroots[0].pk}


def _slot(api, county, day: dt.date) -> DutySlot:
    """A slot on ``day``, or the working day nearest it on the same side of today."""
    step = dt.timedelta(days=-1 if day < timezone.localdate() else 1)
    while not is_workday(day):
        day += step
    rule = duty_rule(
        county.pk, weekday=day.isoweekday(), **{"from": day.isoformat(), "to": day.isoformat()}
    )
    assert api("supervisor").post("/api/legal/slots/generate/", rule).status_code == 201
    return DutySlot.objects.get(date=day)


def test_a_past_slot_is_marked_attended_then_absent(api, county):
    slot = _slot(api, county, timezone.localdate() - dt.timedelta(days=3))
    done = api("caseworker").patch(f"/api/legal/slots/{slot.pk}/", {"status": "attended"})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "attended"
    absent = api("caseworker").patch(f"/api/legal/slots/{slot.pk}/", {"status": "absent"})
    assert absent.json()["status"] == "absent"
    assert AuditEvent.objects.filter(type="duty_slot_changed").count() == 2


def test_a_slot_is_swapped_to_another_lawyer(api, county):
    slot = _slot(api, county, timezone.localdate() + dt.timedelta(days=3))
    swapped = api("supervisor").patch(
        f"/api/legal/slots/{slot.pk}/", {"status": "swapped", "lawyer": "杨律师"}
    )
    assert swapped.status_code == 200, swapped.json()
    assert swapped.json()["lawyer"] == "韦律师"
    assert swapped.json()["swapped_lawyer"] == "杨律师"
    assert swapped.json()["on_duty"] == "杨律师"


def test_a_slot_to_come_cannot_be_marked_attended(api, county):
    slot = _slot(api, county, timezone.localdate() + dt.timedelta(days=3))
    response = api("caseworker").patch(f"/api/legal/slots/{slot.pk}/", {"status": "attended"})
    assert_error(response, 409, code="not_yet")
    slot.refresh_from_db()
    assert slot.status == "scheduled"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "swapped"}, "lawyer"),
        ({"status": "swapped", "lawyer": "韦律师"}, "lawyer"),
        ({"status": "absent", "lawyer": "杨律师"}, "lawyer"),
        ({"status": "scheduled"}, "status"),
        ({"status": "gone"}, "status"),
        ({}, "status"),
    ],
)
def test_bad_slot_updates_are_refused_and_nothing_changes(api, county, body, field):
    slot = _slot(api, county, timezone.localdate() - dt.timedelta(days=1))
    events = AuditEvent.objects.count()
    response = api("caseworker").patch(f"/api/legal/slots/{slot.pk}/", body)
    assert_error(response, 400, field=field)
    slot.refresh_from_db()
    assert (slot.status, slot.swapped_lawyer) == ("scheduled", "")
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"weekday": 8}, "weekday"),
        ({"weekday": 0}, "weekday"),
        ({"from": "2026-10-16", "to": "2026-09-21"}, "to"),
        ({"to": "2028-01-01"}, "to"),
        ({"from": "not a date"}, "from"),
        ({"starts_at": "12:00", "ends_at": "09:00"}, "ends_at"),
        ({"starts_at": "25:00"}, "starts_at"),
        ({"lawyer": ""}, "lawyer"),
        ({"place": "   "}, "place"),
        ({"org_unit": 999999}, "org_unit"),
    ],
)
def test_bad_rules_are_refused_and_nothing_written(api, county, overrides, field):
    events = AuditEvent.objects.count()
    rule = {**duty_rule(county.pk), **overrides}
    response = api("supervisor").post("/api/legal/slots/generate/", rule)
    assert_error(response, 400, field=field)
    assert DutySlot.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_unit_outside_ones_subtree_is_refused(api, county, grassroots):
    response = api("caseworker2").post("/api/legal/slots/generate/", duty_rule(county.pk))
    assert_error(response, 400, field="org_unit")
    assert DutySlot.objects.count() == 0


@pytest.mark.parametrize("who", ["finance", "auditor", "mediator", "coordinator"])
def test_only_caseworkers_and_supervisors_keep_the_roster(api, county, who):
    response = api(who).post("/api/legal/slots/generate/", duty_rule(county.pk))
    assert_error(response, 403)
    assert DutySlot.objects.count() == 0


def test_outsiders_get_nothing_of_the_roster(api, county):
    slot = _slot(api, county, timezone.localdate() - dt.timedelta(days=1))
    # the grassroots caseworker: the county's slot does not exist for them
    outsider = api("caseworker2").patch(f"/api/legal/slots/{slot.pk}/", {"status": "absent"})
    assert_error(outsider, 404)
    # a finance officer of the county sees it, may not mark it
    assert_error(api("finance").patch(f"/api/legal/slots/{slot.pk}/", {"status": "absent"}), 403)
    slot.refresh_from_db()
    assert slot.status == "scheduled"


def test_members_have_no_roster(api, county, member):
    slot = _slot(api, county, timezone.localdate() - dt.timedelta(days=1))
    own = Api(seed_member_login(member, county))
    assert_error(own.get("/api/legal/slots/"), 403)
    assert_error(own.patch(f"/api/legal/slots/{slot.pk}/", {"status": "absent"}), 404)


def test_the_slot_list_reads_as_much_for_three_slots_as_for_twenty(api, county):
    reader = api("caseworker")
    autumn = {"from": "2026-09-01", "to": "2027-02-28"}
    reader.get("/api/legal/slots/", **autumn)  # the user's roles and unit read once
    api("supervisor").post("/api/legal/slots/generate/", duty_rule(county.pk))
    with CaptureQueriesContext(connection) as few:
        assert len(reader.get("/api/legal/slots/", **autumn).json()) == 3
    api("supervisor").post("/api/legal/slots/generate/", duty_rule(county.pk, to="2027-02-26"))
    with CaptureQueriesContext(connection) as many:
        assert len(reader.get("/api/legal/slots/", **autumn).json()) > 15
    assert len(many) == len(few)


def test_a_saturday_rule_creates_only_the_make_up_workday(api, county):
    # 2026-10-10 is a make-up workday (调休) of National Day; the other Saturdays are off
    rule = duty_rule(county.pk, weekday=6, **{"from": "2026-09-19", "to": "2026-10-10"})
    response = api("supervisor").post("/api/legal/slots/generate/", rule)
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == ["2026-10-10"]
    assert response.json()["skipped"] == [
        {"date": "2026-09-19", "reason": "weekend"},
        {"date": "2026-09-26", "reason": "weekend"},
        {"date": "2026-10-03", "reason": "weekend"},
    ]
