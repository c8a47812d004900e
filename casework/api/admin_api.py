"""Parameters, audit verification and the token endpoint."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.audit.verify import audit_verify
from casework.core.access import is_staff_user, user_roles
from casework.core.errors import Forbidden, InvalidInput, NotFound
from casework.core.models import Parameter
from casework.core.parameter_services import parameter_update
from casework.core.roles import AUDITOR


class TokenApi(ObtainAuthToken):
    permission_classes = [AllowAny]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses=inline_serializer("Token", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class ParameterOutput(serializers.ModelSerializer):
    class Meta:
        model = Parameter
        fields = ["key", "value", "description"]


class ParameterListApi(APIView):
    @extend_schema(responses=ParameterOutput(many=True))
    def get(self, request: Request) -> Response:
        if not is_staff_user(request.user):
            raise Forbidden("staff only")
        return Response(ParameterOutput(Parameter.objects.all(), many=True).data)


# integer parameters are day and month counts: far beyond ten years a due date
# falls off the calendar (OverflowError, a 500 on every new task)
MAX_INTEGER_PARAMETER = 3650


def parameter_by_key(key: str) -> Parameter:
    parameter = Parameter.objects.filter(key=key).first() if "\x00" not in key else None
    if parameter is None:
        raise NotFound(f"parameter {key!r} not found")
    return parameter


class ParameterDetailApi(APIView):
    class ParameterInput(serializers.Serializer):
        value = serializers.DecimalField(max_digits=14, decimal_places=4)

    @extend_schema(responses=ParameterOutput)
    def get(self, request: Request, key: str) -> Response:
        if not is_staff_user(request.user):
            raise Forbidden("staff only")
        parameter = parameter_by_key(key)
        return Response(ParameterOutput(parameter).data)

    @extend_schema(request=ParameterInput, responses=ParameterOutput)
    def patch(self, request: Request, key: str) -> Response:
        if not request.user.is_superuser:
            raise Forbidden("only an administrator may change parameters")
        parameter = parameter_by_key(key)
        payload = self.ParameterInput(data=request.data)
        payload.is_valid(raise_exception=True)
        value = payload.validated_data["value"]
        if parameter.kind == Parameter.Kind.INTEGER and value > MAX_INTEGER_PARAMETER:
            raise InvalidInput(
                f"at most {MAX_INTEGER_PARAMETER}",
                fields={"value": [f"must be at most {MAX_INTEGER_PARAMETER}"]},
            )
        parameter = parameter_update(parameter=parameter, actor=request.user, value=value)
        return Response(ParameterOutput(parameter).data)


class AuditVerifyApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "AuditVerify",
            {
                "ok": serializers.BooleanField(),
                "cases_checked": serializers.IntegerField(),
                "events_checked": serializers.IntegerField(),
                "first_broken": serializers.DictField(allow_null=True),
            },
        )
    )
    def get(self, request: Request) -> Response:
        if not (request.user.is_superuser or AUDITOR in user_roles(request.user)):
            raise Forbidden("auditors only")
        result = audit_verify()
        return Response(
            {
                "ok": result.ok,
                "cases_checked": result.cases_checked,
                "events_checked": result.events_checked,
                "first_broken": result.first_broken,
            }
        )
