"""Who am I, org units, members."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core import text_limits
from casework.core.access import (
    is_staff_user,
    org_units_visible_to,
    user_roles,
    user_unit,
)
from casework.core.date_windows import IN_LIFETIME, date_field
from casework.core.errors import Forbidden, InvalidInput
from casework.core.models import OrgUnit
from casework.core.roles import AUDITOR, MEMBER
from casework.core.selectors import members_list
from casework.core.services import member_create
from casework.presenters.case import as_json
from casework.presenters.filters import MemberFilter
from casework.presenters.member import MemberOutput, member_for_user, member_shown, member_viewed
from casework.reports.member_file import member_file

from .pagination import PAGE_PARAMETERS, page_of


class MeApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "username": serializers.CharField(),
                "full_name": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.CharField()),
                "org_unit": serializers.DictField(allow_null=True),
            },
        )
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        unit = user_unit(user)
        return Response(
            {
                "username": user.get_username(),
                "full_name": user.get_full_name() or user.get_username(),
                "roles": sorted(user_roles(user)),
                "org_unit": {"id": unit.pk, "name": unit.name, "code": unit.code} if unit else None,
                "is_superuser": user.is_superuser,
            }
        )


class OrgUnitListApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = OrgUnit
            fields = ["id", "name", "code", "parent", "level"]

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(org_units_visible_to(request.user), many=True).data)


class MemberListApi(APIView):
    class MemberInput(serializers.Serializer):
        name = serializers.CharField(max_length=text_limits.NAME)
        id_number = serializers.CharField(max_length=30)
        phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
        org_unit = serializers.IntegerField()
        employer = serializers.CharField(
            max_length=text_limits.SHORT, required=False, allow_blank=True, default=""
        )
        # not before the birth the ID number gives: member_create checks that
        member_since = date_field(IN_LIFETIME, required=False, allow_null=True)

    FilterSerializer = MemberFilter

    @extend_schema(
        operation_id="members_list",
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses=page_of("MemberPage", MemberOutput()),
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = members_list(request.user, q=params.validated_data.get("q", "").strip())
        paginator = self.settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(MemberOutput(page, many=True).data)

    @extend_schema(request=MemberInput, responses={201: MemberOutput})
    def post(self, request: Request) -> Response:
        roles = user_roles(request.user)
        if (
            not is_staff_user(request.user)
            or roles <= {AUDITOR, MEMBER}
            and not request.user.is_superuser
        ):
            raise Forbidden("only staff may register members")
        payload = self.MemberInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        unit = org_units_visible_to(request.user).filter(pk=data.pop("org_unit")).first()
        if unit is None:
            raise InvalidInput(
                "unknown org unit", fields={"org_unit": ["not found or outside your unit"]}
            )
        member = member_create(org_unit=unit, actor=request.user, **data)
        # the record just typed in, echoed back: shown per the policy, not a view to log
        return Response(member_shown(member, request.user), status=201)


class MemberDetailApi(APIView):
    @extend_schema(responses=MemberOutput)
    def get(self, request: Request, member_id: int) -> Response:
        member = member_for_user(request.user, member_id)
        return Response(member_viewed(member, request.user, via="api.member"))


class MemberFileApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "MemberFile",
            {
                "member": MemberOutput(),
                "cases": serializers.ListField(child=serializers.DictField()),
                "payments": serializers.ListField(child=serializers.DictField()),
                "enrollments": serializers.ListField(child=serializers.DictField()),
                "mutual_aid_remaining": serializers.DictField(),
                "roster": serializers.DictField(allow_null=True),
            },
        )
    )
    def get(self, request: Request, member_id: int) -> Response:
        member = member_for_user(request.user, member_id)
        data = as_json(member_file(request.user, member))
        return Response(
            {"member": member_viewed(member, request.user, via="api.member_file"), **data}
        )
