"""A task as the task list, the task page and ``GET /api/tasks/{id}/``
show it, with the declaration of its step's actions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers
from viewflow.workflow.status import STATUS

from casework.core.input_fields import UsernameField
from workflows import engine
from workflows.steps import Action
from workflows.task_states import OPEN

from .times import local_time

API_STATUS = {
    STATUS.NEW: "new",
    STATUS.ASSIGNED: "assigned",
    STATUS.STARTED: "assigned",
    STATUS.DONE: "done",
    STATUS.CANCELED: "canceled",
}


def task_summary(task: Any) -> dict[str, Any]:
    info = task.info
    step = engine.step_of(task)
    today = timezone.localdate()
    open_ = task.status in OPEN
    return {
        "id": task.pk,
        "case_number": info.case.case_number,
        "program": info.case.program,
        "name": info.node,
        "title": step.title,
        "status": API_STATUS.get(task.status, task.status.lower()),
        "assignee": task.owner.get_username() if task.owner_id else None,
        "created": local_time(task.created),
        "due": info.due,
        "overdue": bool(open_ and info.due and info.due < today),
        "escalated": info.escalated_at is not None,
        "days_left": (info.due - today).days if open_ and info.due else None,
    }


def _field_type(field: serializers.Field) -> str:
    if isinstance(field, UsernameField):
        return "user"
    if isinstance(field, serializers.ChoiceField):
        return "choice"
    if isinstance(field, serializers.ListField):
        return "list"
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.DecimalField):
        return "decimal"
    if isinstance(field, serializers.IntegerField):
        return "integer"
    if isinstance(field, serializers.DateField):
        return "date"
    if (
        isinstance(field, serializers.CharField)
        and field.style.get("base_template") == "textarea.html"
    ):
        return "text"
    return "string"


def action_declaration(action: Action) -> dict[str, Any]:
    fields = []
    for name, field in action.input().fields.items():
        choices = (
            [str(c) for c in field.choices] if isinstance(field, serializers.ChoiceField) else None
        )
        if isinstance(field, UsernameField) and getattr(field, "offer_choices", False):
            # a user field that lists who may be chosen
            choices = [user.get_username() for user in field.get_queryset() or []]
        fields.append(
            {
                "name": name,
                "type": _field_type(field),
                "required": field.required,
                "choices": choices,
            }
        )
    return {"name": action.name, "label": action.label or action.name, "fields": fields}


def task_detail(task: Any, user: Any) -> dict[str, Any]:
    step = engine.step_of(task)
    data = task_summary(task)
    data["actions"] = [
        {**action_declaration(a), "allowed": engine.may_take(user, task, a) is None}
        for a in step.actions
    ]
    detail = step.extra.get("detail")  # what else the step shows (e.g. mediators' caseloads)
    if detail:
        data.update(detail(task, user))
    return data
