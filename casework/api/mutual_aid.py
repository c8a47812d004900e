"""Medical mutual aid: plans, enrollments (single and group import) and
starting claims."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.access import is_case_staff, members_visible_to, org_units_visible_to, user_roles
from casework.core.applicants import applicant_check, applicant_of
from casework.core.errors import Forbidden, InvalidInput, NotFound
from casework.core.money import CENT
from casework.core.roles import CASEWORKER, SUPERVISOR
from casework.mutual_aid import enrollments, inputs, selectors
from casework.mutual_aid.imports import InvalidRows, RowSource, enrollments_import
from casework.mutual_aid.models import Enrollment, Plan
from casework.presenters.case import as_json, case_detail
from workflows import intake

from .cases import CASE_RESPONSE
from .errors import error_response
from .pagination import PAGE_PARAMETERS, page_of


def plan_dict(plan: Plan) -> dict[str, Any]:
    return as_json(
        {
            "id": plan.pk,
            "year": plan.year,
            "product": plan.product,
            "contribution": plan.contribution,
            "coverage_start": plan.coverage_start,
            "coverage_end": plan.coverage_end,
            "waiting_days": plan.waiting_days,
            "claim_deadline": plan.claim_deadline,
            "deductible_first": plan.deductible_first,
            "deductible_subsequent": plan.deductible_subsequent,
            "tiers": [
                {"up_to": t["up_to"], "ratio": str(Decimal(str(t["ratio"])).quantize(CENT))}
                for t in plan.tiers
            ],
            "annual_cap": plan.annual_cap,
            "lump_sums": plan.lump_sums,
            "version": plan.version,
        }
    )


PLAN_RESPONSE = inline_serializer(
    "MutualAidPlan",
    {
        "id": serializers.IntegerField(),
        "year": serializers.IntegerField(),
        "product": serializers.CharField(),
        "contribution": serializers.CharField(),
        "coverage_start": serializers.DateField(),
        "coverage_end": serializers.DateField(),
        "waiting_days": serializers.IntegerField(),
        "claim_deadline": serializers.DateField(),
        "deductible_first": serializers.CharField(),
        "deductible_subsequent": serializers.CharField(),
        "tiers": serializers.ListField(child=serializers.DictField()),
        "annual_cap": serializers.CharField(allow_null=True),
        "lump_sums": serializers.DictField(),
        "version": serializers.IntegerField(),
    },
)


def _may_edit_plans(user: Any) -> None:
    if not (user.is_superuser or SUPERVISOR in user_roles(user)):
        raise Forbidden("only a supervisor or an administrator may set up plans")


def _staff(user: Any) -> None:
    if not is_case_staff(user):
        raise Forbidden("staff only")


def _plan(plan_id: Any, field: str = "plan") -> Plan:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise InvalidInput("unknown plan", fields={field: ["not found"]})
    return plan


class PlanListApi(APIView):
    @extend_schema(
        operation_id="mutual_aid_plans_list",
        responses=serializers.ListSerializer(child=PLAN_RESPONSE),
    )
    def get(self, request: Request) -> Response:
        _staff(request.user)
        return Response([plan_dict(p) for p in selectors.plans_list()])

    @extend_schema(request=inputs.PlanInput, responses={201: PLAN_RESPONSE})
    def post(self, request: Request) -> Response:
        _may_edit_plans(request.user)
        payload = inputs.PlanInput(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = enrollments.plan_create(actor=request.user, **payload.validated_data)
        return Response(plan_dict(plan), status=201)


class PlanDetailApi(APIView):
    def _get(self, plan_id: int) -> Plan:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise NotFound(f"plan {plan_id} not found")
        return plan

    @extend_schema(responses=PLAN_RESPONSE)
    def get(self, request: Request, plan_id: int) -> Response:
        _staff(request.user)
        return Response(plan_dict(self._get(plan_id)))

    @extend_schema(request=inputs.PlanChangeInput, responses=PLAN_RESPONSE)
    def patch(self, request: Request, plan_id: int) -> Response:
        _may_edit_plans(request.user)
        plan = self._get(plan_id)
        payload = inputs.PlanChangeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = enrollments.plan_update(plan=plan, actor=request.user, **payload.validated_data)
        return Response(plan_dict(plan))


def enrollment_dict(enrollment: Enrollment) -> dict[str, Any]:
    return as_json(
        {
            "id": enrollment.pk,
            "member": {"id": enrollment.member_id, "name": enrollment.member.name},
            "plan": enrollment.plan_id,
            "year": enrollment.plan.year,
            "product": enrollment.plan.product,
            "paid_amount": enrollment.paid_amount,
            "enrolled_on": enrollment.enrolled_on.isoformat(),
            "renewal": enrollment.renewal,
        }
    )


ENROLLMENT_RESPONSE = inline_serializer(
    "MutualAidEnrollment",
    {
        "id": serializers.IntegerField(),
        "member": serializers.DictField(),
        "plan": serializers.IntegerField(),
        "year": serializers.IntegerField(),
        "product": serializers.CharField(),
        "paid_amount": serializers.CharField(),
        "enrolled_on": serializers.DateField(),
        "renewal": serializers.BooleanField(),
    },
)


def _caseworker(user: Any) -> None:
    if not (user.is_superuser or CASEWORKER in user_roles(user)):
        raise Forbidden("only a caseworker may enroll members")


class EnrollmentListApi(APIView):
    class EnrollmentFilter(serializers.Serializer):
        plan = serializers.IntegerField(required=False)

    @extend_schema(
        operation_id="mutual_aid_enrollments_list",
        parameters=[EnrollmentFilter, *PAGE_PARAMETERS],
        responses=page_of("MutualAidEnrollmentPage", ENROLLMENT_RESPONSE),
    )
    def get(self, request: Request) -> Response:
        params = self.EnrollmentFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        plan = _plan(params.validated_data["plan"]) if "plan" in params.validated_data else None
        qs = selectors.enrollments_list(request.user, plan=plan)
        paginator = self.settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([enrollment_dict(e) for e in page])

    @extend_schema(request=inputs.EnrollmentInput, responses={201: ENROLLMENT_RESPONSE})
    def post(self, request: Request) -> Response:
        _caseworker(request.user)
        payload = inputs.EnrollmentInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        member = members_visible_to(request.user).filter(pk=data.pop("member")).first()
        if member is None:
            raise InvalidInput("unknown member", fields={"member": ["not found"]})
        plan = _plan(data.pop("plan"))
        enrollment = enrollments.enrollment_create(
            actor=request.user, member=member, plan=plan, **data
        )
        return Response(enrollment_dict(enrollment), status=201)


class EnrollmentImportApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=inputs.EnrollmentImportInput,
        responses={
            201: inline_serializer(
                "MutualAidEnrollmentImport", {"created": serializers.IntegerField()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        _caseworker(request.user)
        payload = inputs.EnrollmentImportInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan = _plan(data["plan"])
        units = org_units_visible_to(request.user)
        if "org_unit" in data:
            unit = units.filter(pk=data["org_unit"]).first()
            if unit is None:
                raise InvalidInput("unknown org unit", fields={"org_unit": ["not found"]})
        else:
            unit = units.order_by("path").first()
            if unit is None:
                raise InvalidInput("no org unit", fields={"org_unit": ["required"]})
        upload = data["file"]
        try:
            created = enrollments_import(
                actor=request.user,
                plan=plan,
                org_unit=unit,
                source=RowSource(upload, upload.name or ""),
            )
        except InvalidRows as exc:
            return error_response(400, exc.code, exc.message, rows=exc.rows)
        return Response({"created": created}, status=201)


class ClaimApi(APIView):
    @extend_schema(request=inputs.ClaimInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request) -> Response:
        user = request.user
        applicant_check(user, refusal="only a caseworker or the member may claim mutual aid")
        payload = inputs.ClaimInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        member = applicant_of(user, data, not_themself="a member may claim only for themself")
        product = data.pop("product")
        year = data.pop("year", None) or data["admitted_on"].year
        plan = selectors.claim_plan(product, year)
        case = intake.claim_submit(actor=user, member=member, plan=plan, **data)
        return Response(case_detail(case, user, via="api.mutual_aid_claim"), status=201)


urlpatterns = [
    path("mutual-aid/plans/", PlanListApi.as_view()),
    path("mutual-aid/plans/<int:plan_id>/", PlanDetailApi.as_view()),
    path("mutual-aid/enrollments/", EnrollmentListApi.as_view()),
    path("mutual-aid/enrollments/import/", EnrollmentImportApi.as_view()),
    path("mutual-aid/claims/", ClaimApi.as_view()),
]
