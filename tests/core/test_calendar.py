"""The working-day calendar: chinesecalendar's 2026 holidays and make-up
workdays, CalendarDay overrides, the Monday–Friday fallback past the
package's data and the system check that says so."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from casework.core import calendar
from casework.core.calendar import add_working_days, is_workday, working_days_between
from casework.core.checks import calendar_data_warnings
from casework.core.models import CalendarDay

D = dt.date


@pytest.fixture
def fresh_fallback_warnings():
    """The fallback warning is logged once per year per process; forget
    which years have been warned about so this test sees its own."""
    calendar._warned_years.clear()
    yield
    calendar._warned_years.clear()


# --- chinesecalendar's 2026 data ----------------------------------------------


def test_package_data_ends_with_2026():
    assert calendar.package_years() == (2004, 2026)


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2026, 2, 15) + dt.timedelta(days=i) for i in range(9)])
def test_every_day_of_spring_festival_2026_is_a_holiday(day):
    assert not is_workday(day)


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2026, 10, 1) + dt.timedelta(days=i) for i in range(7)])
def test_every_day_of_national_day_2026_is_a_holiday(day):
    assert not is_workday(day)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day",
    [D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)],
    ids=[
        "sat-before-spring-festival",
        "sat-after-spring-festival",
        "sun-before-national-day",
        "sat-after-national-day",
    ],
)
def test_make_up_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_workday(day)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 2, 13), True),  # Friday before the holiday
        (D(2026, 2, 24), True),  # Tuesday after it
        (D(2026, 3, 1), False),  # an ordinary Sunday
        (D(2026, 10, 8), True),  # Thursday after National Day
        (D(2026, 10, 11), False),  # Sunday after the make-up Saturday
    ],
)
def test_ordinary_days_around_the_holidays(day, expected):
    assert is_workday(day) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Fri 13 Feb: Sat 14 (make-up) is 1, 15–23 are off, Tue 24 … Fri 27 are 2–5
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        # Wed 11 Feb: Thu 12, Fri 13, Sat 14, then Tue 24, Wed 25
        (D(2026, 2, 11), 5, D(2026, 2, 25)),
        # Fri 27 Feb: the make-up Saturday 28 counts
        (D(2026, 2, 27), 1, D(2026, 2, 28)),
        # started inside the holiday: Tue 24 is the first working day
        (D(2026, 2, 18), 1, D(2026, 2, 24)),
        # Thu 24 Sep: Fri 25 is Mid-Autumn; Mon 28, Tue 29, Wed 30, then
        # Thu 8 and Fri 9 Oct
        (D(2026, 9, 24), 5, D(2026, 10, 9)),
        # Fri 18 Sep: Sun 20 (make-up) is the first
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # Wed 30 Sep: Thu 8, Fri 9, Sat 10 (make-up)
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 2, 15), 0, D(2026, 2, 15)),
    ],
)
def test_add_working_days_counts_as_a_user_would(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 2, 13), D(2026, 2, 27), 5),
        (D(2026, 2, 14), D(2026, 2, 23), 0),  # only holidays after the make-up Saturday
        (D(2026, 2, 13), D(2026, 3, 2), 7),  # …27, Sat 28, Mon 2 Mar
        (D(2026, 9, 24), D(2026, 10, 12), 7),  # (25 off) 28–30, 8, 9, Sat 10, 12
        (D(2026, 9, 19), D(2026, 9, 20), 1),
        (D(2026, 5, 5), D(2026, 5, 5), 0),
    ],
)
def test_working_days_between_counts_the_days_after_start_up_to_end(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.django_db
def test_working_days_between_is_negative_when_end_is_before_start():
    assert working_days_between(D(2026, 2, 27), D(2026, 2, 13)) == -5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start",
    [D(2026, 1, 30), D(2026, 2, 11), D(2026, 9, 17), D(2026, 12, 21)],
)
@pytest.mark.parametrize("days", [1, 3, 5, 10, 20])
def test_add_working_days_and_working_days_between_agree(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # one working day before Tue 24 Feb is the make-up Saturday 14
        (D(2026, 2, 24), -1, D(2026, 2, 14)),
        (D(2026, 2, 24), -2, D(2026, 2, 13)),
        (D(2026, 10, 8), -1, D(2026, 9, 30)),
        # Mon 12 Oct: the make-up Saturday 10 comes first
        (D(2026, 10, 12), -1, D(2026, 10, 10)),
        # back across National Day and Mid-Autumn (Fri 25 Sep) to the make-up
        # Sunday: 8 Oct, 30, 29, 28, (25 off) 24, 23, 22, 21 Sep, Sun 20
        (D(2026, 10, 9), -9, D(2026, 9, 20)),
    ],
)
def test_add_working_days_with_negative_days_counts_backwards(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("end", [D(2026, 2, 24), D(2026, 10, 12), D(2027, 1, 4)])
@pytest.mark.parametrize("days", [1, 4, 12])
def test_counting_backwards_from_a_working_day_inverts_working_days_between(
    end, days, fresh_fallback_warnings
):
    assert working_days_between(add_working_days(end, -days), end) == days


# --- CalendarDay overrides win over the package --------------------------------


@pytest.mark.django_db
def test_override_turns_a_package_working_day_into_a_holiday():
    CalendarDay.objects.create(date=D(2026, 2, 24), is_workday=False, note="延长假期")
    assert not is_workday(D(2026, 2, 24))
    # Sat 14 = 1, 24 is off now, 25–27 = 2–4, Sat 28 (make-up) = 5
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 28)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 4


@pytest.mark.django_db
def test_override_turns_a_package_holiday_into_a_working_day():
    CalendarDay.objects.create(date=D(2026, 2, 16), is_workday=True, note="值班")
    assert is_workday(D(2026, 2, 16))
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 16)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 6


@pytest.mark.django_db
def test_override_turns_a_make_up_saturday_into_a_day_off():
    CalendarDay.objects.create(date=D(2026, 10, 10), is_workday=False)
    assert not is_workday(D(2026, 10, 10))
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 12)


# --- past the package's data: Monday–Friday, logged, never a crash ------------


@pytest.mark.django_db
def test_a_2027_date_falls_back_to_monday_to_friday_and_logs_a_warning(
    caplog, fresh_fallback_warnings
):
    with caplog.at_level(logging.WARNING, logger="casework.core.calendar"):
        assert is_workday(D(2027, 3, 1))  # Monday
        assert not is_workday(D(2027, 3, 6))  # Saturday
    warnings = [r for r in caplog.records if r.name == "casework.core.calendar"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "2027" in warnings[0].getMessage()
    assert "Monday-Friday" in warnings[0].getMessage()


@pytest.mark.django_db
def test_the_fallback_warning_is_logged_once_per_year(caplog, fresh_fallback_warnings):
    with caplog.at_level(logging.WARNING, logger="casework.core.calendar"):
        add_working_days(D(2027, 1, 4), 30)
        add_working_days(D(2027, 6, 1), 30)
        is_workday(D(2028, 1, 3))
    messages = [r.getMessage() for r in caplog.records if r.name == "casework.core.calendar"]
    assert len(messages) == 2
    assert "2027" in messages[0] and "2028" in messages[1]


@pytest.mark.django_db
def test_a_range_crossing_from_2026_into_2027_uses_the_package_then_the_fallback(
    caplog, fresh_fallback_warnings
):
    with caplog.at_level(logging.WARNING, logger="casework.core.calendar"):
        # Wed 30 Dec 2026: Thu 31 (package), Fri 1 Jan 2027 (fallback: a
        # weekday, so counted), Mon 4, Tue 5
        assert add_working_days(D(2026, 12, 30), 4) == D(2027, 1, 5)
        assert working_days_between(D(2026, 12, 30), D(2027, 1, 5)) == 4
        assert working_days_between(D(2027, 1, 5), D(2026, 12, 30)) == -4
    assert any("2027" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_a_2027_override_wins_over_the_fallback_both_ways():
    CalendarDay.objects.create(date=D(2027, 2, 8), is_workday=False, note="春节")
    CalendarDay.objects.create(date=D(2027, 2, 20), is_workday=True, note="调休")
    assert not is_workday(D(2027, 2, 8))  # a Monday
    assert is_workday(D(2027, 2, 20))  # a Saturday
    # Fri 5 Feb: Mon 8 is off, Tue 9 … Fri 12
    assert add_working_days(D(2027, 2, 5), 4) == D(2027, 2, 12)
    # Fri 19 Feb: Sat 20 works
    assert add_working_days(D(2027, 2, 19), 1) == D(2027, 2, 20)


@pytest.mark.django_db
def test_a_date_before_the_package_data_falls_back_too(fresh_fallback_warnings):
    assert is_workday(D(2003, 6, 2))  # Monday
    assert not is_workday(D(2003, 6, 1))  # Sunday


# --- the system check ---------------------------------------------------------


def test_system_check_w001_is_reported_while_next_year_has_no_holiday_data():
    ids = [message.id for message in run_checks()]
    _, last = calendar.package_years()
    if timezone.localdate().year + 1 > last:
        assert "casework.W001" in ids
    else:
        assert "casework.W001" not in ids


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (D(2025, 6, 30), False),
        (D(2025, 12, 31), False),
        (D(2026, 1, 1), True),
        (D(2026, 11, 26), True),
        (D(2030, 1, 1), True),
    ],
)
def test_calendar_warning_depends_on_whether_next_year_has_data(today, warned):
    messages = calendar_data_warnings(today)
    assert [m.id for m in messages] == (["casework.W001"] if warned else [])
    if warned:
        assert "2026" in messages[0].msg
        assert messages[0].hint


# --- queries ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("days", [1, 5, 60, 250, -5, -250])
def test_add_working_days_reads_overrides_in_one_query(days, django_assert_max_num_queries):
    CalendarDay.objects.create(date=D(2026, 2, 24), is_workday=False)
    CalendarDay.objects.create(date=D(2026, 3, 7), is_workday=True)
    with django_assert_max_num_queries(1):
        add_working_days(D(2026, 2, 10), days)


@pytest.mark.django_db
def test_working_days_between_reads_overrides_in_one_query(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        working_days_between(D(2026, 1, 1), D(2027, 12, 31))
