"""Tasks: inbox / queue / done, detail with the step's actions, and the
engine's transitions (claim, release, reassign, complete)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.status import STATUS

from casework.core.errors import InvalidInput
from workflows import engine, selectors
from workflows.steps import Action

from .fields import UsernameField, local_time
from .pagination import PAGE_PARAMETERS, page_of

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
    open_ = task.status in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
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


TASK_SUMMARY_FIELDS: dict[str, serializers.Field] = {
    "id": serializers.IntegerField(),
    "case_number": serializers.CharField(),
    "program": serializers.CharField(),
    "name": serializers.CharField(),
    "title": serializers.CharField(),
    "status": serializers.CharField(),
    "assignee": serializers.CharField(allow_null=True),
    "created": serializers.DateTimeField(),
    "due": serializers.DateField(allow_null=True),
    "overdue": serializers.BooleanField(),
    "escalated": serializers.BooleanField(),
    "days_left": serializers.IntegerField(allow_null=True),
}
TASK_SUMMARY = inline_serializer("TaskSummary", TASK_SUMMARY_FIELDS)
TASK_RESPONSE = inline_serializer(
    "Task",
    {**TASK_SUMMARY_FIELDS, "actions": serializers.ListField(child=serializers.DictField())},
)


class TaskListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        scope = serializers.ChoiceField(choices=["inbox", "queue", "done"], default="inbox")
        program = serializers.ChoiceField(
            choices=["relief", "mutual_aid", "mediation", "roster_review"], required=False
        )
        overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
        ordering = serializers.ChoiceField(choices=["due", "-due", "created"], required=False)

    @extend_schema(
        operation_id="tasks_list",
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses=page_of("TaskPage", TASK_SUMMARY),
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        source = {
            "inbox": selectors.tasks_inbox,
            "queue": selectors.tasks_queue,
            "done": selectors.tasks_done,
        }
        qs = selectors.tasks_filter(
            source[f["scope"]](request.user),
            program=f.get("program"),
            overdue=f.get("overdue"),
            ordering=f.get("ordering"),
        )
        paginator = self.settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([task_summary(t) for t in page])


class TaskDetailApi(APIView):
    @extend_schema(responses=TASK_RESPONSE)
    def get(self, request: Request, task_id: int) -> Response:
        task = engine.task_for_user(request.user, task_id)
        return Response(task_detail(task, request.user))


class TaskClaimApi(APIView):
    @extend_schema(request=None, responses=TASK_RESPONSE)
    def post(self, request: Request, task_id: int) -> Response:
        task = engine.task_claim(engine.task_for_user(request.user, task_id), request.user)
        return Response(task_detail(engine.task_for_user(request.user, task.pk), request.user))


class TaskReleaseApi(APIView):
    @extend_schema(request=None, responses=TASK_RESPONSE)
    def post(self, request: Request, task_id: int) -> Response:
        task = engine.task_release(engine.task_for_user(request.user, task_id), request.user)
        return Response(task_detail(engine.task_for_user(request.user, task.pk), request.user))


class TaskReassignApi(APIView):
    class ReassignInput(serializers.Serializer):
        user = UsernameField()

    @extend_schema(request=ReassignInput, responses=TASK_RESPONSE)
    def post(self, request: Request, task_id: int) -> Response:
        task = engine.task_for_user(request.user, task_id)
        payload = self.ReassignInput(data=request.data)
        payload.is_valid(raise_exception=True)
        task = engine.task_reassign(task, request.user, payload.validated_data["user"])
        return Response(task_detail(engine.task_for_user(request.user, task.pk), request.user))


class TaskCompleteApi(APIView):
    @extend_schema(
        request=inline_serializer("TaskComplete", {"action": serializers.CharField()}),
        responses=inline_serializer("TaskCompleted", {"case": serializers.DictField()}),
        parameters=[OpenApiParameter("task_id", int, OpenApiParameter.PATH)],
    )
    def post(self, request: Request, task_id: int) -> Response:
        from .cases import case_detail

        task = engine.task_for_user(request.user, task_id)
        data: Any = request.data
        if not isinstance(data, dict) and not hasattr(data, "dict"):
            raise InvalidInput(
                "a JSON object is expected", fields={"action": ["this field is required"]}
            )
        data = data if isinstance(data, dict) else data.dict()
        if not isinstance(data.get("action"), str):
            raise InvalidInput("action is required", fields={"action": ["this field is required"]})
        payload = {k: v for k, v in data.items() if k != "action"}
        case = engine.task_complete(task, request.user, data["action"], payload)
        return Response({"case": case_detail(case, request.user, via="api.task_complete")})
