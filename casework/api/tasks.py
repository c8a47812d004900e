"""Tasks: inbox / queue / done, detail with the step's actions, and the
engine's transitions (claim, release, reassign, complete)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.errors import InvalidInput
from casework.core.input_fields import UsernameField
from casework.presenters.case import case_detail
from casework.presenters.filters import TaskFilter
from casework.presenters.task import task_detail, task_summary
from workflows import engine, selectors

from .pagination import PAGE_PARAMETERS, page_of

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
    FilterSerializer = TaskFilter

    @extend_schema(
        operation_id="tasks_list",
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses=page_of("TaskPage", TASK_SUMMARY),
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        source: dict[str, Callable[[Any], Any]] = {
            "inbox": selectors.tasks_inbox,
            # its status read per row (``walked``): a page newest first or by due
            # date is then walked along an index and stops at the page. The
            # province's 2,296 tasks: 28,953 → 422 buffers; a county's 252, which
            # the planner still gathers and sorts: 3,665 → 4,948
            "queue": partial(selectors.tasks_queue, walked=True),
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
        # the task as read under the step's lock (info, case, unit, holder)
        return Response(task_detail(task, request.user))


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
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # one transaction for the request: the token's read, the task's, the
        # step, and the response rendered under the step's lock (its read
        # logged with the step's events); a refusal leaves nothing written
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        request=inline_serializer("TaskComplete", {"action": serializers.CharField()}),
        responses=inline_serializer("TaskCompleted", {"case": serializers.DictField()}),
        parameters=[OpenApiParameter("task_id", int, OpenApiParameter.PATH)],
    )
    def post(self, request: Request, task_id: int) -> Response:
        try:
            data = _completion_input(request.data)
        except InvalidInput:
            engine.task_for_user(request.user, task_id)  # 404 first, as for every write
            raise
        payload = {k: v for k, v in data.items() if k != "action"}
        body: dict[str, Any] = {}

        def render(case: Any) -> None:
            body["case"] = case_detail(case, request.user, via="api.task_complete")

        # the task is read once, under its case's lock (404: not found or not visible)
        engine.task_complete(task_id, request.user, data["action"], payload, then=render)
        return Response(body)


def _completion_input(data: Any) -> dict[str, Any]:
    """The completion's body as a dict with its ``action`` (400 otherwise)."""
    if not isinstance(data, dict) and not hasattr(data, "dict"):
        raise InvalidInput(
            "a JSON object is expected", fields={"action": ["this field is required"]}
        )
    data = data if isinstance(data, dict) else data.dict()
    if not isinstance(data.get("action"), str):
        raise InvalidInput("action is required", fields={"action": ["this field is required"]})
    return data
