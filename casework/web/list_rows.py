"""The rows of the task and case lists as the pages print them: the API's
row (``casework.presenters.lists``) with its words, links and dates, and
its ``<tr>`` made in Python (``html``), which the page's template prints
as it is. A row of the template cost the page 0.15–0.3 ms (issue 19: a
filter, a ``{% trans %}``, a ``{% blocktrans %}`` or a ``{% person %}``
each, and then some 7 µs for every value printed, 25 of them a row);
here the words are the same calls those tags make, translated once a page
where every row repeats them, and every value is escaped as the template
escaped it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from casework.audit.services import SYSTEM_ACTOR
from casework.presenters.lists import WITHHELD, case_row, task_row
from casework.presenters.people import member_account, people_names, staff_accounts
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
    """``|show`` of the API's time (``presenters.times.local_time``: ISO
    8601 in the zone the page is shown in): to the minute, "2026-01-31 09:05"."""
    return f"{iso[:10]} {iso[11:16]}" if iso else NONE


def _html(markup: str, **values: Any) -> SafeString:
    """``format_html(markup, **values)``: each value escaped unless marked
    safe, as ``conditional_escape`` does, without its checks for lazy
    values (a third of a row's cost): the values are strings and numbers."""
    return mark_safe(  # noqa: S308
        markup.format(
            **{k: v if isinstance(v, SafeData) else escape(str(v)) for k, v in values.items()}
        )
    )


def _days_left(days: int | None) -> str:
    if days is None:
        return ""
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def _holder_names(tasks: list[Any], request: Any) -> Callable[[str], str]:
    """How the holder column names a task's holder (``{% person %}``,
    ``presenters.people``): staff by their full name, else the username;
    any other account as "the member"; the system as "system". The
    holders come with their tasks (``owner``): what is read is which of
    them are staff, none when the page's tasks are held by nobody or by the
    reader (the inbox, the queue, done: the reader is staff, the pages are
    staff-only), else one query for the page's holders (the staff's names
    were 2,303 rows for a province, 3 ms)."""
    me = request.user
    holders = {task.owner.get_username(): task.owner for task in tasks if task.owner_id}
    others = [user.pk for user in holders.values() if user.pk != me.pk]
    staff = {me.pk} | (set(_staff_among(others)) if others else set())

    def name(username: str) -> str:
        holder = holders.get(username)
        if username == SYSTEM_ACTOR or holder is None:
            return people_names(request).name(username)
        if holder.pk not in staff:
            return member_account()
        return holder.get_full_name() or username

    return name


def _staff_among(user_ids: list[int]) -> Any:
    """Which of the users are staff (``presenters.people.staff_accounts``)."""
    return staff_accounts().filter(pk__in=user_ids).values_list("pk", flat=True).distinct()


def task_rows(tasks: Any, request: Any, *, tick: bool, claim: bool) -> list[dict[str, Any]]:
    """The task list's rows (``web/home.html``): ``task_row`` plus its
    words (``program_label``, ``step``, ``status_label``, ``holder``,
    ``due_day``, ``days_left_text``, ``created_day``, ``created_title``), its
    links (``case_url``, ``task_url``) and ``html``, its ``<tr>``: with a
    tick box (``tick``: the page claims or reassigns ticked tasks) and a
    claim button (``claim``: the unit's queue)."""
    user = request.user
    name = _holder_names(tasks, request)
    cases_url, tasks_url = reverse("cases:index"), reverse("work:task", args=[0])[:-2]
    words = _task_words()
    rows = []
    for task in tasks:
        row = task_row(task, user)
        number, assignee, created = row["case_number"], row["assignee"], row["created"]
        row |= {
            "case_url": f"{cases_url}{quote(number, safe='/')}/",
            "task_url": f"{tasks_url}{row['id']}/",
            "program_label": label(row["program"], "program"),
            "step": _translated(row["title"]),
            "status_label": label(row["case_status"], "status"),
            "holder": name(assignee) if assignee else NONE,
            "due_day": _day(row["due"]),
            "days_left_text": _days_left(row["days_left"]),
            "created_day": (created or "")[:10],
            "created_title": _minute(created),
        }
        row["html"] = _task_tr(row, words, tick=tick, claim=claim)
        rows.append(row)
    return rows


def _task_words() -> dict[str, Any]:
    """The words every row of the task list repeats, translated and escaped
    once a page; ``tick``: the tick box's label, a translation to fill in."""
    words: dict[str, Any] = {
        key: mark_safe(escape(gettext(word)))  # noqa: S308
        for key, word in (
            ("l_case", "Case"),
            ("l_member", "Member"),
            ("l_program", "Program"),
            ("l_step", "Step"),
            ("l_status", "Case status"),
            ("l_holder", "Holder"),
            ("l_due", "Due"),
            ("l_created", "Created"),
            ("withheld", "withheld"),
            ("overdue", "overdue"),
            ("escalated", "escalated"),
            ("claim", "Claim"),
        )
    }
    return words | {"tick": gettext("Tick %(case)s")}


def _member(member: dict[str, Any] | None, withheld: str) -> SafeString:
    """The member column (``web/includes/member_listed.html``)."""
    if member and member.get(WITHHELD):
        return _html('<span class="cw-muted">{word}</span>', word=withheld)
    return _html("{name}", name=member["name"] if member else NONE)


def _task_tr(row: dict[str, Any], words: dict[str, str], *, tick: bool, claim: bool) -> SafeString:
    due: SafeString = mark_safe(NONE)  # noqa: S308
    if row["due"]:
        late = " cw-overdue" if row["overdue"] else ""
        if row["overdue"]:
            note = _html(BADGE, word=words["overdue"])
        elif row["days_left_text"]:
            note = _html('<span class="cw-muted">{left}</span>', left=row["days_left_text"])
        else:
            note = mark_safe("")  # noqa: S308
        badge = _html(BADGE, word=words["escalated"]) if row["escalated"] else ""
        due = _html(DUE, late=late, day=row["due_day"], note=note, badge=badge)
    return _html(
        TASK_TR,
        number=row["case_number"],
        node=row["name"],
        id=row["id"],
        tick=_html(TICK, id=row["id"], label=_tick_label(words["tick"], row["case_number"]))
        if tick
        else "",
        case_url=row["case_url"],
        member=_member(row["member"], words["withheld"]),
        program=row["program_label"],
        task_url=row["task_url"],
        step=row["step"],
        status=row["status_label"],
        holder=row["holder"],
        due=due,
        created_title=row["created_title"],
        created_day=row["created_day"],
        claim=_html(CLAIM, task_url=row["task_url"], claim=words["claim"]) if claim else "",
        **{key: word for key, word in words.items() if key.startswith("l_")},
    )


def _tick_label(words: str, number: str) -> SafeString:
    """``{% blocktrans with case=… %}Tick {{ case }}{% endblocktrans %}``:
    the value escaped, the translation as it is."""
    return mark_safe(words % {"case": escape(number)})  # noqa: S308


TASK_TR = """<tr data-testid="task-row" data-case="{number}" data-step="{node}" data-task="{id}">
        {tick}
        <td data-label="{l_case}" class="cw-nowrap"><a href="{case_url}">{number}</a></td>
        <td data-label="{l_member}" class="cw-nowrap" data-testid="member-name">{member}</td>
        <td data-label="{l_program}">{program}</td>
        <td data-label="{l_step}"><a href="{task_url}" data-testid="open-task">{step}</a></td>
        <td data-label="{l_status}">{status}</td>
        <td data-label="{l_holder}">{holder}</td>
        <td data-label="{l_due}">{due}</td>
        <td data-label="{l_created}" class="cw-nowrap" title="{created_title}">{created_day}</td>
        <td>{claim}</td>
      </tr>"""
DUE = """<span class="cw-nowrap{late}">{day}</span>
          {note}
          {badge}"""
BADGE = '<span class="cw-badge cw-badge--warn">{word}</span>'
TICK = """<td class="cw-tick"><input type="checkbox" name="task" value="{id}" \
aria-label="{label}" data-testid="tick"></td>"""
CLAIM = """<button type="submit" name="op" value="claim" formaction="{task_url}" \
class="cw-button cw-button--primary" data-testid="claim">{claim}</button>"""


def case_rows(cases: Any, request: Any) -> list[dict[str, Any]]:
    """The case list's rows (``web/case_list.html``): ``case_row`` plus its
    words (``program_label``, ``status_label``, ``due_day``,
    ``created_shown``), its link (``case_url``) and ``html``, its ``<tr>``."""
    user = request.user
    cases_url = reverse("cases:index")
    words = {
        f"l_{key}": gettext(word)
        for key, word in (
            ("case", "Case"),
            ("member", "Member"),
            ("program", "Program"),
            ("status", "Status"),
            ("union", "Union"),
            ("due", "Due"),
            ("created", "Created"),
        )
    }
    withheld = gettext("withheld")
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
        row["html"] = _html(
            CASE_TR,
            number=row["case_number"],
            case_url=row["case_url"],
            member=_member(row["member"], withheld),
            program=row["program_label"],
            status=row["status"],
            status_label=row["status_label"],
            union=row["org_unit"]["name"] if row.get("org_unit") else "",
            due=row["due_day"],
            created=row["created_shown"],
            **words,
        )
        rows.append(row)
    return rows


CASE_TR = """<tr data-testid="case-row" data-case="{number}">
        <td data-label="{l_case}" class="cw-nowrap"><a href="{case_url}">{number}</a></td>
        <td data-label="{l_member}" class="cw-nowrap" data-testid="member-name">{member}</td>
        <td data-label="{l_program}">{program}</td>
        <td data-label="{l_status}" data-status="{status}">{status_label}</td>
        <td data-label="{l_union}">{union}</td>
        <td data-label="{l_due}" class="cw-nowrap">{due}</td>
        <td data-label="{l_created}" class="cw-nowrap">{created}</td></tr>"""
