import datetime as dt

from django.core import checks
from django.utils import timezone

from .calendar import package_years


def calendar_data_warnings(today: dt.date) -> list[checks.CheckMessage]:
    """W001 when the holiday package has no data for the year after ``today``
    (deadlines set now can fall into it)."""
    _, last = package_years()
    if today.year + 1 > last:
        return [
            checks.Warning(
                f"chinesecalendar has holiday data up to {last} only; dates after that "
                "count Monday-Friday unless a CalendarDay override says otherwise.",
                hint="Add CalendarDay rows for the coming year's holidays and make-up "
                "workdays in the admin, or upgrade chinesecalendar.",
                id="casework.W001",
            )
        ]
    return []


@checks.register()
def calendar_data_check(app_configs, **kwargs):
    """Warn when the holiday package's data ends before next year."""
    return calendar_data_warnings(timezone.localdate())
