"""Cases: list, detail, timeline, documents, withdraw."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.audit.timeline import case_timeline
from casework.audit.viewed import personal_data_viewed, viewed_log_visible
from casework.core import documents, text_limits
from casework.core.access import case_for_user, org_units_visible_to
from casework.core.errors import InvalidInput, NotFound
from casework.presenters.case import case_detail, case_summary
from casework.presenters.documents import document_dict
from casework.presenters.filters import CaseFilter
from casework.presenters.times import local_time
from casework.reports import documents as generated
from casework.reports.services import cases_export_checked
from casework.reports.xlsx import XLSX_TYPE
from workflows import engine
from workflows.selectors import cases_list

from .pagination import PAGE_PARAMETERS, page_of

CASE_SUMMARY_FIELDS: dict[str, serializers.Field] = {
    "case_number": serializers.CharField(),
    "program": serializers.CharField(),
    "status": serializers.CharField(),
    "org_unit": serializers.DictField(),
    "member": serializers.DictField(allow_null=True),
    "created": serializers.DateTimeField(),
    "closed": serializers.DateTimeField(allow_null=True),
}
CASE_SUMMARY = inline_serializer("CaseSummary", CASE_SUMMARY_FIELDS)
CASE_RESPONSE = inline_serializer(
    "Case",
    {
        **CASE_SUMMARY_FIELDS,
        "data": serializers.DictField(),
        "open_tasks": serializers.ListField(child=serializers.DictField()),
        "deadline": serializers.DateField(allow_null=True),
    },
)


class CaseListApi(APIView):
    FilterSerializer = CaseFilter

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # DRF reads ?format= as a renderer selector and would answer 404 to
        # xlsx; here it asks for a file, and errors still answer in JSON.
        if request.query_params.get("format") == "xlsx":
            return (JSONRenderer(), JSONRenderer.media_type)
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        operation_id="cases_list",
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses={
            (200, "application/json"): page_of("CasePage", CASE_SUMMARY),
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request) -> Response | HttpResponse:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        f = dict(params.validated_data)
        if f.pop("format", None) == "xlsx":
            content = cases_export_checked(actor=request.user, filters=f)
            response = HttpResponse(content, content_type=XLSX_TYPE)
            response["Content-Disposition"] = 'attachment; filename="cases.xlsx"'
            return response
        if "org_unit" in f:
            unit = org_units_visible_to(request.user).filter(pk=f["org_unit"]).first()
            if unit is None:
                raise InvalidInput("unknown org unit", fields={"org_unit": ["not found"]})
            f["org_unit"] = unit
        qs = cases_list(request.user, **f)
        paginator = self.settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([case_summary(c) for c in page])


class CaseDetailApi(APIView):
    @extend_schema(responses=CASE_RESPONSE)
    def get(self, request: Request, case_number: str) -> Response:
        case = case_for_user(request.user, case_number)
        return Response(case_detail(case, request.user, via="api.case"))


class CaseTimelineApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "TimelineEvent",
            {
                "seq": serializers.IntegerField(),
                "at": serializers.DateTimeField(),
                "actor": serializers.CharField(),
                "type": serializers.CharField(),
                "data": serializers.DictField(),
                "hash": serializers.CharField(),
            },
            many=True,
        )
    )
    def get(self, request: Request, case_number: str) -> Response:
        case = case_for_user(request.user, case_number)
        # the who-viewed log is the auditors'
        timeline = case_timeline(case, request.user, with_viewed=viewed_log_visible(request.user))
        personal_data_viewed(
            case=case, actor=request.user, what=timeline.revealed, via="api.timeline"
        )
        return Response(
            [
                {
                    "seq": e.seq,
                    "at": local_time(e.at),
                    "actor": e.actor,
                    "type": e.type,
                    "data": e.data,
                    "hash": e.hash,
                }
                for e in timeline.events
            ]
        )


DOCUMENT_RESPONSE = inline_serializer(
    "Document",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "name": serializers.CharField(),
        "size": serializers.IntegerField(),
        "sha256": serializers.CharField(),
        "uploaded_by": serializers.CharField(),
        "uploaded_at": serializers.DateTimeField(),
    },
)


class CaseDocumentsApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class DocumentInput(serializers.Serializer):
        file = serializers.FileField()
        kind = serializers.CharField(max_length=50)

    @extend_schema(responses=serializers.ListSerializer(child=DOCUMENT_RESPONSE))
    def get(self, request: Request, case_number: str) -> Response:
        case = case_for_user(request.user, case_number)
        if not documents.documents_visible(request.user, case):
            raise NotFound(_("case %(case)s has no documents you may see") % {"case": case_number})
        return Response([document_dict(d) for d in case.documents.select_related("uploaded_by")])

    @extend_schema(
        request=DocumentInput,
        responses={201: DOCUMENT_RESPONSE},
    )
    def post(self, request: Request, case_number: str) -> Response:
        case = case_for_user(request.user, case_number)
        payload = self.DocumentInput(data=request.data)
        payload.is_valid(raise_exception=True)
        doc = documents.document_upload(
            case=case,
            actor=request.user,
            upload=payload.validated_data["file"],
            kind=payload.validated_data["kind"],
        )
        return Response(document_dict(doc), status=201)


class CaseWithdrawApi(APIView):
    class WithdrawInput(serializers.Serializer):
        reason = serializers.CharField(max_length=text_limits.REASON)

    @extend_schema(request=WithdrawInput, responses=CASE_RESPONSE)
    def post(self, request: Request, case_number: str) -> Response:
        case = case_for_user(request.user, case_number)
        payload = self.WithdrawInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = engine.case_withdraw(case, request.user, payload.validated_data["reason"])
        return Response(case_detail(case, request.user, via="api.withdraw"))


class CaseGenerateApi(APIView):
    class GenerateInput(serializers.Serializer):
        document = serializers.ChoiceField(choices=sorted(generated.DOCUMENT_TYPES))

    @extend_schema(
        request=GenerateInput,
        responses={201: DOCUMENT_RESPONSE},
    )
    def post(self, request: Request, case_number: str) -> Response:
        case = case_for_user(request.user, case_number)
        payload = self.GenerateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        doc = generated.document_generate(
            case=case, actor=request.user, document=payload.validated_data["document"]
        )
        return Response(document_dict(doc), status=201)
