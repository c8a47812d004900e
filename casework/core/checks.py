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


@checks.register(checks.Tags.security, deploy=True)
def audit_chain_key_check(app_configs, **kwargs):
    """W002 (deploy): the audit chains are sealed with the development key."""
    from django.conf import settings

    if settings.AUDIT_CHAIN_KEY.startswith("dev-only") or len(settings.AUDIT_CHAIN_KEY) < 32:
        return [
            checks.Warning(
                "AUDIT_CHAIN_KEY is the development key or shorter than 32 characters.",
                hint="Set AUDIT_CHAIN_KEY to a long random secret kept outside the database.",
                id="casework.W002",
            )
        ]
    return []
