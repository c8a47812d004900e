"""The plausible window of every date a user types in, declared once.

A date that records something which has happened (a home visit, a payment,
an admission or discharge, a referral, a session, joining the union) is not
in the future and not absurdly old; a date ahead (a performance due date)
is not absurdly far off. "Today" is the site's local date. Where the person
is known, a date is not before they were born: the input serializers of
task actions find the person on the case in their context, and the
services that take a person check it with ``before_birth``.

A date outside its window is refused at input (400 naming the field), so
it never reaches the services or the audit chain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

# nothing a case records (a visit, a payment, a stay, a referral) happened
# before this day: the union's records begin well after it
EARLIEST_EVENT = dt.date(1950, 1, 1)
# the earliest birth date an ID number may carry (``id_number_parse``): a
# membership or any other fact of a person is not older than this
EARLIEST_PERSON = dt.date(1900, 1, 1)
# how far ahead a date that lies ahead may be set
MAX_DAYS_AHEAD = 2 * 366


@dataclass(frozen=True)
class DateWindow:
    """The first and last plausible day, each a function of today."""

    earliest: Callable[[dt.date], dt.date]
    latest: Callable[[dt.date], dt.date]


# an event that has happened, possibly today
HAPPENED = DateWindow(earliest=lambda today: EARLIEST_EVENT, latest=lambda today: today)
# a fact of a person's life (e.g. joining the union), possibly today
IN_LIFETIME = DateWindow(earliest=lambda today: EARLIEST_PERSON, latest=lambda today: today)
# a date set for later, from today on
AHEAD = DateWindow(
    earliest=lambda today: today,
    latest=lambda today: today + dt.timedelta(days=MAX_DAYS_AHEAD),
)


def window_problem(value: dt.date, window: DateWindow, today: dt.date | None = None) -> str | None:
    """Why ``value`` lies outside ``window`` (a translated message), or None."""
    today = today or timezone.localdate()
    earliest, latest = window.earliest(today), window.latest(today)
    if value < earliest:
        if earliest == today:
            return _("must not be in the past (before today, %(today)s)") % {
                "today": today.isoformat()
            }
        return _("must not be before %(earliest)s") % {"earliest": earliest.isoformat()}
    if value > latest:
        if latest == today:
            return _("must not be in the future (after today, %(today)s)") % {
                "today": today.isoformat()
            }
        return _("must not be after %(latest)s") % {"latest": latest.isoformat()}
    return None


def before_birth(value: dt.date | None, birth_date: dt.date | None) -> str | None:
    """Why a date of a person's life before their birth is refused, or None."""
    if value is None or birth_date is None or value >= birth_date:
        return None
    return _("must not be before the member was born (%(birth)s)") % {
        "birth": birth_date.isoformat()
    }


class WindowValidator:
    """A serializer-field validator: the value lies in ``window`` and, when
    the serializer's context holds a case with a member, not before the
    member's birth."""

    requires_context = True

    def __init__(self, window: DateWindow, *, person: bool = True) -> None:
        self.window = window
        self.person = person

    def __call__(self, value: dt.date, field: serializers.Field) -> None:
        problem = window_problem(value, self.window)
        if problem is None and self.person:
            member = getattr(field.context.get("case"), "member", None)
            problem = before_birth(value, getattr(member, "birth_date", None))
        if problem:
            raise serializers.ValidationError(problem)


def date_field(window: DateWindow, **kwargs: Any) -> serializers.DateField:
    """A DateField refusing a date outside ``window``."""
    validators = [*kwargs.pop("validators", []), WindowValidator(window)]
    return serializers.DateField(validators=validators, **kwargs)


def happened(**kwargs: Any) -> serializers.DateField:
    """The date of something that has happened (today at the latest)."""
    return date_field(HAPPENED, **kwargs)


def ahead(**kwargs: Any) -> serializers.DateField:
    """A date set for later: from today, at most ``MAX_DAYS_AHEAD`` off."""
    return date_field(AHEAD, **kwargs)
