"""Reports (API.md §Reports): the yearly summary as JSON and XLSX, monthly
series, the public-notice list as PDF, and background exports. Readable by
every staff role, scoped to the user's subtree."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.errors import Conflict, NotFound
from casework.presenters.case import as_json
from casework.presenters.filters import ReportFilter
from casework.presenters.times import local_time
from casework.reports import documents, services
from casework.reports.models import ExportJob
from casework.reports.selectors import report_monthly, report_summary, report_unit
from casework.reports.tasks import export_job
from casework.reports.xlsx import XLSX_TYPE


def _filters(request: Request) -> tuple[int, int | None]:
    params = ReportFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    year = params.validated_data.get("year") or timezone.localdate().year
    return year, params.validated_data.get("org_unit")


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


class ReportSummaryApi(APIView):
    @extend_schema(
        parameters=[ReportFilter],
        responses=inline_serializer(
            "ReportSummary",
            {
                "year": serializers.IntegerField(),
                "org_unit": serializers.DictField(allow_null=True),
                "relief": serializers.DictField(),
                "mutual_aid": serializers.DictField(),
                "mediation": serializers.DictField(),
                "overdue_tasks": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        year, unit_id = _filters(request)
        unit = report_unit(request.user, unit_id)
        return Response(as_json(report_summary(request.user, year=year, org_unit=unit)))


class ReportMonthlyApi(APIView):
    @extend_schema(
        parameters=[ReportFilter],
        responses=inline_serializer(
            "ReportMonthly",
            {
                "year": serializers.IntegerField(),
                "org_unit": serializers.DictField(allow_null=True),
                "months": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        year, unit_id = _filters(request)
        unit = report_unit(request.user, unit_id)
        return Response(as_json(report_monthly(year, unit)))


class ReportSummaryXlsxApi(APIView):
    @extend_schema(
        parameters=[ReportFilter],
        responses={(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request) -> HttpResponse:
        year, unit_id = _filters(request)
        content = services.summary_export(actor=request.user, year=year, org_unit_id=unit_id)
        return _download(content, f"summary-{year}.xlsx", XLSX_TYPE)


class PublicNoticePdfApi(APIView):
    class NoticeFilter(serializers.Serializer):
        org_unit = serializers.IntegerField(required=False, min_value=1)

    @extend_schema(
        parameters=[NoticeFilter],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request) -> HttpResponse:
        params = self.NoticeFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        unit = report_unit(request.user, params.validated_data.get("org_unit"))
        content = documents.public_notice_pdf(actor=request.user, unit=unit)
        return _download(content, "public-notice.pdf", "application/pdf")


def job_dict(job: ExportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "params": job.params,
        "status": job.status,
        "progress": job.progress,
        "rows_total": job.rows_total,
        "rows_done": job.rows_done,
        "error": job.error,
        "created_at": local_time(job.created_at),
        "finished_at": local_time(job.finished_at),
        "download": f"/api/reports/exports/{job.pk}/download/"
        if job.status == ExportJob.Status.DONE
        else None,
    }


JOB_RESPONSE = inline_serializer(
    "ExportJob",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "status": serializers.CharField(),
        "progress": serializers.IntegerField(),
        "download": serializers.CharField(allow_null=True),
    },
)


def job_for_user(user: Any, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, requested_by=user).first()
    if job is None:
        raise NotFound(f"export {job_id} not found")
    return job


class ExportJobListApi(APIView):
    class ExportInput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ExportJob.Kind.choices)
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
        org_unit = serializers.IntegerField(required=False, min_value=1)
        program = serializers.ChoiceField(
            choices=["relief", "mutual_aid", "mediation"], required=False
        )
        status = serializers.CharField(required=False, max_length=30)
        overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
        q = serializers.CharField(required=False, max_length=100)

    @extend_schema(request=ExportInput, responses={202: JOB_RESPONSE})
    def post(self, request: Request) -> Response:
        payload = self.ExportInput(data=request.data)
        payload.is_valid(raise_exception=True)
        params = dict(payload.validated_data)
        kind = params.pop("kind")
        if kind == ExportJob.Kind.SUMMARY:
            params = {
                "year": params.get("year") or timezone.localdate().year,
                "org_unit": params.get("org_unit"),
            }
        else:
            params.pop("year", None)
        job = services.export_job_create(actor=request.user, kind=kind, params=params)
        # eager without a broker: the job is done when this returns
        export_job.delay(job.pk)
        job.refresh_from_db()
        return Response(job_dict(job), status=202)


class ExportJobDetailApi(APIView):
    @extend_schema(responses=JOB_RESPONSE)
    def get(self, request: Request, job_id: int) -> Response:
        return Response(job_dict(job_for_user(request.user, job_id)))


class ExportJobDownloadApi(APIView):
    @extend_schema(responses={(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request, job_id: int) -> FileResponse:
        job = job_for_user(request.user, job_id)
        if job.status != ExportJob.Status.DONE or not job.file:
            raise Conflict(f"export {job_id} is {job.status}", code="not_ready")
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=f"export-{job.kind}-{job.pk}.xlsx",
            content_type=XLSX_TYPE,
        )


urlpatterns: list[URLPattern] = [
    path("reports/summary/", ReportSummaryApi.as_view()),
    path("reports/summary.xlsx", ReportSummaryXlsxApi.as_view()),
    path("reports/monthly/", ReportMonthlyApi.as_view()),
    path("reports/public-notice.pdf", PublicNoticePdfApi.as_view()),
    path("reports/exports/", ExportJobListApi.as_view()),
    path("reports/exports/<int:job_id>/", ExportJobDetailApi.as_view()),
    path("reports/exports/<int:job_id>/download/", ExportJobDownloadApi.as_view()),
]
