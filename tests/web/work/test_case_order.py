"""The case list by due date reads a page at a time (``CasesByDue``: the
cases with a deadline along the open tasks' due-date index, then the others
by id) and gives the order of the whole list sorted by each case's
deadline, the earliest of its open tasks, in both directions."""

from __future__ import annotations

import datetime as dt

import pytest
from viewflow.workflow.models import Task

from casework.core.models import Case
from workflows.models import TaskInfo
from workflows.selectors import CasesByDue, cases_list, cases_paged

from .helpers import rows


@pytest.fixture
def deadlines(relief_case, members):
    """Eight relief cases: deadlines with a tie, one with a second open task
    due earlier than its first, one whose task has no due date, one whose
    only task is no longer open. Returns the numbers, oldest first."""
    numbers = [relief_case(m) for m in members[:8]]
    today = dt.date(2026, 12, 1)
    dues = [5, 1, 1, None, 9, 3, "closed", 7]
    for number, due in zip(numbers, dues, strict=True):
        info = TaskInfo.objects.get(case__case_number=number, open=True)
        if due == "closed":
            info.open = False
            info.save(update_fields=["open"])
        else:
            info.due = None if due is None else today + dt.timedelta(days=int(due))
            info.save(update_fields=["due"])
    # the case due in 9 days has a second open task due tomorrow (a parallel step)
    info = TaskInfo.objects.get(case__case_number=numbers[4], open=True)
    task = Task.objects.get(pk=info.task_id)
    task.pk = None
    task.save()
    info.pk, info.task_id = None, task.pk
    info.due = today + dt.timedelta(days=2)
    info.save()
    return numbers


def _whole(user, sort: str) -> list[str]:
    """The old way: every case's deadline computed and the list sorted."""
    return [c.case_number for c in cases_list(user, sort=sort)]


@pytest.mark.parametrize("sort", ["due", "-due"])
def test_pages_by_due_date_come_in_the_whole_lists_order(deadlines, users, sort):
    user = users["caseworker"]
    whole = _whole(user, sort)
    assert sorted(whole) == sorted(deadlines)
    paged = cases_paged(cases_list(user, sort=sort), sort, user)
    assert isinstance(paged, CasesByDue)
    read = [c.case_number for start in range(0, 9, 3) for c in paged[start : start + 3]]
    assert read == whole
    first = paged[0:1][0]
    assert first.due is not None  # each row carries its deadline
    # the case with two open tasks sits at the earlier one's date
    if sort == "due":
        assert whole[:4] == [deadlines[1], deadlines[2], deadlines[4], deadlines[5]]
    else:
        assert whole[:2] == [deadlines[7], deadlines[0]]
    # the cases without a deadline last, by id (oldest first / newest first)
    nodue = [deadlines[3], deadlines[6]]
    assert whole[-2:] == (nodue if sort == "due" else nodue[::-1])


def test_the_case_list_page_by_due_date_shows_that_order(deadlines, web, users, monkeypatch):
    from casework.web import list_pages

    monkeypatch.setattr(list_pages, "PAGE_SIZE", 3)
    client = web("caseworker")
    whole = _whole(users["caseworker"], "-due")
    for page in (1, 2, 3):
        html = client.get(f"/cases/?sort=-due&page={page}").content.decode()
        assert rows(html, "case-row") == whole[(page - 1) * 3 : page * 3]
    assert Case.objects.count() == 8
