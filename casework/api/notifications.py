"""My notifications (in-app): a page of them, newest first, and marking one read."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.notifications.services import notification_mark_read, notifications_for
from casework.presenters.times import local_time

from .pagination import PAGE_PARAMETERS, page_of

NOTIFICATION_RESPONSE = inline_serializer(
    "Notification",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "subject": serializers.CharField(),
        "body": serializers.CharField(),
        "case_number": serializers.CharField(allow_null=True),
        "task": serializers.IntegerField(allow_null=True),
        "created": serializers.DateTimeField(),
        "read": serializers.BooleanField(),
    },
)


def notification_data(note: Any) -> dict[str, Any]:
    return {
        "id": note.pk,
        "kind": note.kind,
        "subject": note.subject,
        "body": note.body,
        "case_number": note.case.case_number if note.case_id else None,
        "task": note.task_id,
        "created": local_time(note.created),
        "read": note.read_at is not None,
    }


class NotificationListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(
        operation_id="notifications_list",
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses=page_of("NotificationPage", NOTIFICATION_RESPONSE),
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = notifications_for(request.user)
        unread = params.validated_data.get("unread")
        if unread is not None:
            qs = qs.filter(read_at__isnull=unread)
        paginator = self.settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([notification_data(n) for n in page])


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses=NOTIFICATION_RESPONSE)
    def post(self, request: Request, notification_id: int) -> Response:
        return Response(notification_data(notification_mark_read(request.user, notification_id)))


urlpatterns = [
    path("notifications/", NotificationListApi.as_view()),
    path("notifications/<int:notification_id>/read/", NotificationReadApi.as_view()),
]
