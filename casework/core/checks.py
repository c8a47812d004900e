import datetime as dt

from django.core import checks

from .calendar import package_years


@checks.register()
def calendar_data_check(app_configs, **kwargs):
    """Warn when the holiday package's data ends before next year."""
    _, last = package_years()
    if dt.date.today().year + 1 > last:
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
