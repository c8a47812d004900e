"""The working-day calendar.

Order of truth for a date: the ``CalendarDay`` override table, then the
``chinesecalendar`` package (statutory holidays and make-up workdays) where it
has data, then Monday–Friday. The fallback is logged once per year and
reported by a system check, never an error. The overrides are read from
this process's snapshot of them (``reference_data``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from functools import lru_cache

import chinese_calendar

from .models import CalendarDay
from .reference_data import CALENDAR, snapshot

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def package_years() -> tuple[int, int]:
    """First and last year the chinesecalendar package has data for."""
    years = sorted(
        {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    )
    return years[0], years[-1]


_warned_years: set[int] = set()


def _package_is_workday(day: dt.date) -> bool:
    first, last = package_years()
    if first <= day.year <= last:
        return bool(chinese_calendar.is_workday(day))
    if day.year not in _warned_years:
        _warned_years.add(day.year)
        logger.warning(
            "working-day calendar: no holiday data for %s; counting Monday-Friday "
            "(add CalendarDay overrides or upgrade chinesecalendar)",
            day.year,
        )
    return day.weekday() < 5


def _overrides(start: dt.date, end: dt.date) -> Mapping[dt.date, bool]:
    """The overrides of the days from ``start`` to ``end``: all of them when
    the snapshot holds them (read-only), else the window's rows."""
    held = snapshot(CALENDAR)
    if held is not None:
        return held.calendar
    return dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
    )


def is_workday(day: dt.date) -> bool:
    override = _overrides(day, day).get(day)
    return _package_is_workday(day) if override is None else override


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself not
    counted); for a negative ``days`` the date that many working days before
    it, e.g. ``-1`` for a reminder one working day before a due date.
    ``days == 0`` returns ``start``."""
    if days == 0:
        return start
    step = dt.timedelta(days=1 if days > 0 else -1)
    # Overrides are read once for a window wide enough for any holiday run.
    span = dt.timedelta(days=abs(days) * 2 + 30)

    def window(edge: dt.date) -> tuple[dt.date, dt.date]:
        return (edge, edge + span) if days > 0 else (edge - span, edge)

    low, high = window(start)
    overrides = dict(_overrides(low, high))
    day, left = start, abs(days)
    while left:
        day += step
        if not low <= day <= high:
            low, high = window(day)
            overrides.update(_overrides(low, high))
        workday = overrides.get(day)
        if workday is None:
            workday = _package_is_workday(day)
        if workday:
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start, end)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        workday = overrides.get(day)
        if workday is None:
            workday = _package_is_workday(day)
        count += bool(workday)
    return count
