"""The rows of the task and case lists as the pages print them: the API's
row (``casework.presenters.lists``) with its words, links and dates made
once in Python, so a row of the template is plain lookups. A filter, a
``{% trans %}``, a ``{% blocktrans %}`` or a ``{% person %}`` in a row cost
the list page 0.2–0.3 ms a row (issue 19); here they are the same calls
the tags make, without the template's machinery around each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from casework.audit.services import SYSTEM_ACTOR
from casework.presenters.lists import case_row, task_row
from casework.presenters.people import people_names
from casework.web.labels import label

NONE = "—"


def _translated(text: Any) -> str:
    """``{% trans text %}`` of a value: percent signs kept as they are."""
    return gettext(str(text).replace("%", "%%")).replace("%%", "%")


def _day(value: Any) -> str:
    """``|date:"Y-m-d"|default:"—"`` of a due date."""
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d")
    return value.isoformat() if isinstance(value, dt.date) else NONE


def _minute(iso: str | None) -> str:
    """``|show`` of the API's time (``presenters.times.local_time``): to the
    minute in the server's zone."""
    if not iso:
        return NONE
    return formats.date_format(timezone.localtime(dt.datetime.fromisoformat(iso)), "Y-m-d H:i")


def _days_left(days: int | None) -> str:
    if days is None:
        return ""
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def _holder_names(tasks: list[Any], request: Any) -> Callable[[str], str]:
    """How the holder column names a task's holder (``{% person %}``): the
    staff's names, read once (``people_names``); but a page whose tasks
    are held by nobody or by the reader (the inbox, the queue, done) needs
    none read: the reader is staff (the pages are staff-only), named as
    ``staff_names`` names them."""
    me = request.user.get_username()
    if me != SYSTEM_ACTOR and all(task.owner_id in (None, request.user.pk) for task in tasks):
        mine = f"{request.user.first_name} {request.user.last_name}".strip() or me
        return lambda username: mine
    return people_names(request).name


def task_rows(tasks: Any, request: Any) -> list[dict[str, Any]]:
    """The task list's rows (``web/home.html``): ``task_row`` plus
    ``case_url``, ``task_url``, ``tick`` (the tick box's label, escaped as
    ``{% blocktrans %}`` escapes its values), ``program_label``,
    ``step``, ``status_label``, ``holder``, ``due_day``, ``days_left_text``,
    ``created_day`` and ``created_title``."""
    user = request.user
    name = _holder_names(tasks, request)
    cases_url, tasks_url = reverse("cases:index"), reverse("work:task", args=[0])[:-2]
    tick = gettext("Tick %(case)s")
    rows = []
    for task in tasks:
        row = task_row(task, user)
        number, assignee, created = row["case_number"], row["assignee"], row["created"]
        row |= {
            "case_url": f"{cases_url}{quote(number, safe='/')}/",
            "task_url": f"{tasks_url}{row['id']}/",
            "tick": mark_safe(tick % {"case": conditional_escape(number)}),  # noqa: S308
            "program_label": label(row["program"], "program"),
            "step": _translated(row["title"]),
            "status_label": label(row["case_status"], "status"),
            "holder": name(assignee) if assignee else NONE,
            "due_day": _day(row["due"]),
            "days_left_text": _days_left(row["days_left"]),
            "created_day": (created or "")[:10],
            "created_title": _minute(created),
        }
        rows.append(row)
    return rows


def case_rows(cases: Any, request: Any) -> list[dict[str, Any]]:
    """The case list's rows (``web/case_list.html``): ``case_row`` plus
    ``case_url``, ``program_label``, ``status_label``, ``due_day`` and
    ``created_shown``."""
    user = request.user
    cases_url = reverse("cases:index")
    rows = []
    for case in cases:
        row = case_row(case, user)
        row |= {
            "case_url": f"{cases_url}{quote(row['case_number'], safe='/')}/",
            "program_label": label(row["program"], "program"),
            "status_label": label(row["status"], "status"),
            "due_day": _day(row["due"]),
            "created_shown": _minute(row["created"]),
        }
        rows.append(row)
    return rows
