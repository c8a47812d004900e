"""Parameters, audit verification, tokens and password changes."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.accounts.lockout import lock_minutes_left, login_refused_until
from casework.accounts.services import password_change
from casework.accounts.tokens import AuthRateThrottle, token_for_user, token_revoke
from casework.api.errors import error_response
from casework.audit.verify import audit_verify
from casework.core.access import is_staff_user, user_roles
from casework.core.errors import Forbidden, InvalidInput, NotFound
from casework.core.models import Parameter
from casework.core.parameter_services import parameter_update
from casework.core.parameters import MAX_INTEGER_PARAMETER
from casework.core.roles import AUDITOR

TOKEN_RESPONSE = inline_serializer("Token", {"token": serializers.CharField()})
ERROR_RESPONSE = inline_serializer(
    "AuthError",
    {
        "error": inline_serializer(
            "AuthErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(child=serializers.ListField()),
            },
        )
    },
)


def locked_response(until: dt.datetime) -> Response:
    minutes = lock_minutes_left(until)
    response = error_response(
        429,
        "locked",
        _("too many failed logins: this user name is locked for %(minutes)d more minutes")
        % {"minutes": minutes},
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class TokenApi(ObtainAuthToken):
    """POST: a token for a user name and password (a user name is locked after
    repeated failures; 429 ``locked``). DELETE: revoke the caller's token."""

    # DRF's view names its own parsers; these are the project's, as everywhere
    parser_classes = APIView.parser_classes

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self):
        return [AuthRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={200: TOKEN_RESPONSE, 400: ERROR_RESPONSE, 429: ERROR_RESPONSE},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            username = request.data.get("username") if hasattr(request.data, "get") else None
            until = login_refused_until(request, username=username)
            if until is not None:
                return locked_response(until)
            raise ValidationError(serializer.errors)
        token = token_for_user(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None, 401: ERROR_RESPONSE})
    def delete(self, request: Request) -> Response:
        token_revoke(user=request.user)
        return Response(status=204)


class TokenRevokeApi(APIView):
    """An administrator revokes another user's token."""

    class RevokeInput(serializers.Serializer):
        user = serializers.CharField(max_length=150)

    @extend_schema(
        request=RevokeInput,
        responses={204: None, 400: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    def post(self, request: Request) -> Response:
        if not request.user.is_superuser:
            raise Forbidden(_("only an administrator may revoke another user's token"))
        payload = self.RevokeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        user = get_user_model().objects.filter(username=payload.validated_data["user"]).first()
        if user is None:
            raise NotFound(_("user %(user)r not found") % {"user": payload.validated_data["user"]})
        token_revoke(user=user)
        return Response(status=204)


class PasswordChangeApi(APIView):
    """Change one's own password; the answer carries the new token (the old
    one no longer works)."""

    class PasswordChangeInput(serializers.Serializer):
        old_password = serializers.CharField(max_length=4096, trim_whitespace=False)
        new_password = serializers.CharField(max_length=4096, trim_whitespace=False)

    def get_throttles(self):
        return [AuthRateThrottle()]

    @extend_schema(
        request=PasswordChangeInput,
        responses={200: TOKEN_RESPONSE, 400: ERROR_RESPONSE, 429: ERROR_RESPONSE},
    )
    def post(self, request: Request) -> Response:
        payload = self.PasswordChangeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        user = cast(User, request.user)
        token = password_change(user=user, **payload.validated_data)
        update_session_auth_hash(request._request, user)  # this session stays logged in
        return Response({"token": token.key})


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
