"""The list pages' filters, read from the query string by the API's own
filter serializers (``casework.presenters.filters``: those of
``GET /api/cases/``, ``/api/tasks/`` and ``/api/members/``). What the API
refuses — a NUL character, which PostgreSQL cannot compare; an unknown
program; text too long — a page refuses too, with a 400 that names the
filter, before any query runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from casework.presenters.filters import CaseFilter, TaskFilter
from workflows.selectors import CASE_SORTS, TASK_SORTS

FILTER_LABELS = {
    "q": gettext_lazy("Search"),
    "program": gettext_lazy("Program"),
    "status": gettext_lazy("Status"),
    "sort": gettext_lazy("Sort"),
    "scope": gettext_lazy("List"),
}
# the task lists: the API's three, and a manager's open tasks of their unit
WORK_SCOPES = ["inbox", "queue", "done", "team"]


class WorkFilter(TaskFilter):
    """The task list's filters, the case status and the search as the case
    list's ``status`` and ``q`` read them, and the order of the column the
    person clicked (``workflows.selectors.TASK_SORTS``)."""

    scope = serializers.ChoiceField(choices=WORK_SCOPES, default="inbox")
    status = serializers.CharField(required=False, max_length=30)
    q = serializers.CharField(required=False, max_length=100)
    sort = serializers.ChoiceField(choices=list(TASK_SORTS), required=False)


class CaseListFilter(CaseFilter):
    """The case list's filters (``GET /api/cases/``'s) and the order of the
    column the person clicked (``workflows.selectors.CASE_SORTS``)."""

    sort = serializers.ChoiceField(choices=list(CASE_SORTS), required=False)


@dataclass(frozen=True)
class PageFilters:
    """The filters a page may use (none when any was refused) and, for each
    refused one, ``"<label>: <why>"``."""

    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return 400 if self.problems else 200


def page_filters(
    request: HttpRequest, serializer_class: type[serializers.Serializer]
) -> PageFilters:
    """``request.GET`` validated by ``serializer_class``. An empty value is
    no filter (a form's "All"); parameters the serializer does not declare
    (the page number) are left to the page."""
    data = {name: value for name, value in request.GET.items() if value != ""}
    params = serializer_class(data=data)
    if params.is_valid():
        return PageFilters(dict(params.validated_data))
    problems = [
        f"{FILTER_LABELS.get(name, name)}: {message}"
        for name, messages in params.errors.items()
        for message in messages
    ]
    return PageFilters({}, problems)
