"""The who-viewed log for auditors: ``GET /api/audit/viewed/?case=&user=&since=``
→ the ``viewed`` events of their subtree, newest first, paginated."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.audit.viewed import viewed_events, viewed_log_visible, viewed_rows
from casework.core.errors import Forbidden
from casework.core.privacy import CATEGORIES
from casework.presenters.times import local_time

VIEWED_EVENT = inline_serializer(
    "ViewedEvent",
    {
        "at": serializers.DateTimeField(),
        "actor": serializers.CharField(),
        "case_number": serializers.CharField(allow_null=True),
        "member": inline_serializer(
            "ViewedMember",
            {"id": serializers.IntegerField(), "name": serializers.CharField()},
            allow_null=True,
        ),
        "what": serializers.ListField(child=serializers.ChoiceField(choices=CATEGORIES)),
        "via": serializers.CharField(),
    },
)
VIEWED_PAGE = inline_serializer(
    "ViewedEventPage",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializers.ListField(child=VIEWED_EVENT),
    },
)


class ViewedLogApi(APIView):
    class FilterSerializer(serializers.Serializer):
        case = serializers.CharField(required=False, max_length=20)
        user = serializers.CharField(required=False, max_length=150)
        since = serializers.DateField(required=False)

    @extend_schema(parameters=[FilterSerializer], responses=VIEWED_PAGE)
    def get(self, request: Request) -> Response:
        if not viewed_log_visible(request.user):
            raise Forbidden("the who-viewed log is for auditors")
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        qs = viewed_events(
            request.user,
            case_number=f.get("case"),
            username=f.get("user"),
            since=f.get("since"),
        )
        paginator = self.settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        rows = [{**row, "at": local_time(row["at"])} for row in viewed_rows(list(page or []))]
        return paginator.get_paginated_response(rows)
