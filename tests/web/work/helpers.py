"""Builders shared by the work-queue tests (tests/web/work, tests/browser)."""

from __future__ import annotations

import datetime as dt
import re

from casework.core.models import Member
from casework.demo.people import id_number_for


def member_with_x_id(member: Member) -> str:
    """Give the member a valid ID number ending in X; return it."""
    for serial in range(200):
        number = id_number_for(dt.date(1979, 6, 2), serial, female=True)
        if number.endswith("X") and not Member.objects.filter(id_number=number).exists():
            Member.objects.filter(pk=member.pk).update(id_number=number)
            return number
    raise AssertionError("no ID number ending in X")


def rows(html: str, testid: str = "task-row") -> list[str]:
    """The case numbers of a list page's rows, in order."""
    return re.findall(rf'data-testid="{testid}" data-case="([^"]+)"', html)
