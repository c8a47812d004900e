"""One handler maps every error to the contract's shape:
``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.core.errors import ApplicationError


def error_response(
    status_code: int, code: str, message: str, fields: dict | None = None, **extra: Any
) -> Response:
    body = {"code": code, "message": message, "fields": fields or {}, **extra}
    return Response({"error": body}, status=status_code)


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _fields(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list):
                flat: list[str] = []
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        for sub, msgs in _fields(item).items():
                            out[f"{key}.{i}.{sub}"] = msgs
                    else:
                        flat.append(str(item))
                if flat:
                    out[key] = flat
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(d) for d in detail]}
    return {}


def is_api_request(request: HttpRequest) -> bool:
    """Whether ``request`` is for the API, which answers in the error shape
    whatever refuses it."""
    return request.path_info.startswith("/api/")


def request_refusal(exc: Exception) -> tuple[int, str, str]:
    """Status, code and message for a request Django refused to read
    (``SuspiciousOperation``, ``BadRequest``): a body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is 413, too many fields or files 400."""
    if isinstance(exc, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _("The request body is larger than %(limit)s (files not counted).")
        return 413, "request_too_large", message % {"limit": limit}
    if isinstance(exc, TooManyFieldsSent):
        message = _("The request has more than %(count)s fields.")
        return 400, "too_many_fields", message % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if isinstance(exc, TooManyFilesSent):
        message = _("The request has more than %(count)s files.")
        return 400, "too_many_files", message % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    return 400, "bad_request", _("The request could not be read.")


def error_json(status_code: int, code: str, message: str) -> JsonResponse:
    """The error shape for answers made outside DRF (Django's error handlers)."""
    body = {"error": {"code": code, "message": message, "fields": {}}}
    return JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        return error_response(exc.status, exc.code, exc.message, exc.fields)
    if isinstance(exc, (SuspiciousOperation, BadRequest)):
        # a body too large or with too many fields, found while DRF parsed it;
        # logged where Django logs the ones it finds itself
        if isinstance(exc, SuspiciousOperation):
            request = getattr(context.get("request"), "_request", None)
            logging.getLogger(f"django.security.{type(exc).__name__}").error(
                str(exc), extra={"status_code": 400, "request": request}
            )
        return error_response(*request_refusal(exc))
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        message = "invalid input"
        if list(fields) == ["non_field_errors"]:
            message = "; ".join(fields["non_field_errors"])
        return error_response(400, "invalid", message, fields)
    if isinstance(exc, Http404):
        return error_response(404, "not_found", "not found")
    if isinstance(exc, DjangoPermissionDenied):
        return error_response(403, "forbidden", "you may not do this")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    codes = {
        status.HTTP_401_UNAUTHORIZED: "not_authenticated",
        status.HTTP_403_FORBIDDEN: "forbidden",
        status.HTTP_404_NOT_FOUND: "not_found",
        status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
        status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
        status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
    }
    detail = getattr(exc, "detail", "")
    code = codes.get(response.status_code, "invalid" if response.status_code == 400 else "error")
    new = error_response(
        response.status_code, code, str(detail) if not isinstance(detail, (dict, list)) else code
    )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            new[header] = response[header]
    return new


@csrf_exempt  # like every API view: a POST to an unknown path is a 404, not a CSRF 403 page
def not_found_view(request: Any) -> JsonResponse:
    """Unknown API paths answer 404 in the error shape."""
    return error_json(404, "not_found", "not found")


ERROR_DETAIL = inline_serializer(
    "ErrorDetail",
    {
        "code": serializers.CharField(help_text="snake_case, e.g. invalid, not_found, conflict"),
        "message": serializers.CharField(help_text="human text"),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="the fields in error, each with its messages",
        ),
        "rows": serializers.ListField(
            child=serializers.DictField(),
            required=False,
            help_text="invalid_rows only: the rows of an import in error, {row, errors}",
        ),
    },
)


class ErrorResponse(serializers.Serializer):
    """Every 4xx answer: ``{"error": {"code", "message", "fields"}}``."""

    error = ERROR_DETAIL


ERROR_DESCRIPTIONS = {
    "400": "invalid input",
    "401": "no or invalid credentials",
    "403": "may see it but may not do this",
    "404": "does not exist or may not be seen",
    "409": "conflict: duplicate, wrong state, already claimed",
    "413": "a request body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (files not counted)",
    "415": "a request body in a format the operation does not read",
    "429": "too many requests",
}


class ErrorsAutoSchema(AutoSchema):
    """drf-spectacular's schema with the error answers each operation can
    give, in the shape of ``ErrorResponse``: 401 and 403 wherever a login is
    needed, 400 where there is input, 404 under a path parameter or on a
    paged list (a page that does not exist), 409 on writes, 413 and 415
    where a body is read, 429 where a throttle applies. A view's own
    ``extend_schema(responses=...)`` wins."""

    def _error_codes(self) -> list[str]:
        view = self.view
        codes = []
        parameters = self._get_parameters()
        query = {p["name"] for p in parameters if p.get("in") == "query"}
        if self.method in ("POST", "PUT", "PATCH") or query:
            codes.append("400")
        if view.get_authenticators():
            codes.append("401")
        if not all(isinstance(p, AllowAny) for p in view.get_permissions()):
            codes.append("403")
        if any(p.get("in") == "path" for p in parameters) or "page" in query:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("409")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        if view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorResponse, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
