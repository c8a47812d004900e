"""Seasonal relief campaigns (API.md "Campaigns"): setting up a campaign
with its tiers, nominating a list (entered or imported), and the
per-recipient writes of a list — checked during the review, issued, signed
for or unreachable during the issue. The review, notice, approval and
close are task actions (``/api/tasks/``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.campaigns import inputs
from casework.campaigns.imports import list_rows_read
from casework.campaigns.models import Campaign, Recipient, RecipientStatus
from casework.campaigns.selectors import (
    campaign_figures,
    campaigns_visible_to,
    grants_of_member_user,
    recipient_dict,
)
from casework.campaigns.services import campaign_create
from casework.core.access import (
    case_for_user,
    members_visible_to,
    org_units_visible_to,
    user_roles,
)
from casework.core.errors import Forbidden, InvalidInput, NotFound
from casework.core.models import Case
from casework.core.roles import CASEWORKER, SUPERVISOR
from casework.core.row_files import InvalidRows, RowSource
from casework.presenters.case import case_detail
from casework.reports.campaign_documents import campaign_list_workbook
from casework.reports.xlsx import XLSX_TYPE
from workflows import campaign_work, intake

from .cases import CASE_RESPONSE
from .errors import error_response
from .pagination import PAGE_PARAMETERS, Pagination, page_of

CAMPAIGN_RESPONSE = inline_serializer(
    "Campaign",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "year": serializers.IntegerField(),
        "title": serializers.CharField(),
        "org_unit": serializers.IntegerField(),
        "budget": serializers.DecimalField(max_digits=14, decimal_places=2),
        "opens_on": serializers.DateField(),
        "closes_on": serializers.DateField(),
        "notice_days": serializers.IntegerField(),
        "tiers": serializers.ListField(child=serializers.DictField()),
        "approved_total": serializers.DecimalField(max_digits=14, decimal_places=2),
        "issued_total": serializers.DecimalField(max_digits=14, decimal_places=2),
        "remaining": serializers.DecimalField(max_digits=14, decimal_places=2),
        "person_times": serializers.IntegerField(),
    },
)
RECIPIENT_RESPONSE = inline_serializer(
    "CampaignRecipient",
    {
        "id": serializers.IntegerField(),
        "member": serializers.IntegerField(),
        "name": serializers.CharField(),
        "tier": serializers.CharField(),
        "cash": serializers.DecimalField(max_digits=14, decimal_places=2),
        "goods_value": serializers.DecimalField(max_digits=14, decimal_places=2),
        "status": serializers.CharField(),
        "reason": serializers.CharField(),
        "issued": serializers.DictField(allow_null=True),
        "signed": serializers.DictField(allow_null=True),
    },
)

GRANTS_RESPONSE = inline_serializer(
    "CampaignGrant",
    {
        "id": serializers.IntegerField(),
        "case_number": serializers.CharField(),
        "campaign": serializers.DictField(),
        "tier": serializers.CharField(),
        "status": serializers.CharField(),
        "issued": serializers.DictField(allow_null=True),
    },
    many=True,
)


def _money(value: Any) -> str:
    return f"{value:.2f}"


def campaign_dict(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "year": c.year,
        "title": c.title,
        "org_unit": c.org_unit_id,
        "budget": _money(c.budget),
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "notice_days": c.notice_days,
        "tiers": [
            {
                "code": t.code,
                "label": t.label,
                "cash": _money(t.cash),
                "goods_value": _money(t.goods_value),
                "per": t.per,
                "requires_roster": t.requires_roster,
            }
            for t in c.tiers.all()
        ],
        **{k: v if isinstance(v, int) else _money(v) for k, v in campaign_figures(c).items()},
    }


def _campaign(user: Any, campaign_id: int) -> Campaign:
    found = campaigns_visible_to(user).filter(pk=campaign_id).prefetch_related("tiers").first()
    if found is None:
        raise NotFound(f"campaign {campaign_id} not found")
    return found


def _role(user: Any, role: str, refusal: str) -> None:
    """403 before the input is read: the role may not do this at all."""
    if not (user.is_superuser or role in user_roles(user)):
        raise Forbidden(refusal)


def _unit(user: Any, unit_id: int) -> Any:
    unit = org_units_visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise InvalidInput("unknown org unit", fields={"org_unit": ["not found"]})
    return unit


class CampaignListApi(APIView):
    @extend_schema(
        operation_id="campaigns_list",
        parameters=PAGE_PARAMETERS,
        responses=page_of("CampaignPage", CAMPAIGN_RESPONSE),
    )
    def get(self, request: Request) -> Response:
        qs = campaigns_visible_to(request.user).prefetch_related("tiers").order_by("-year", "id")
        for name in ("year", "kind"):
            value = request.query_params.get(name)
            if value:
                if name == "year" and not value.isdigit():
                    raise InvalidInput("year: a number", fields={"year": ["a number"]})
                qs = qs.filter(**{name: value})
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([campaign_dict(c) for c in page or []])

    @extend_schema(request=inputs.CampaignInput, responses={201: CAMPAIGN_RESPONSE})
    def post(self, request: Request) -> Response:
        _role(request.user, SUPERVISOR, "only a supervisor sets up a campaign")
        payload = inputs.CampaignInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data["org_unit"] = _unit(request.user, data["org_unit"])
        campaign = campaign_create(actor=request.user, **data)
        return Response(campaign_dict(_campaign(request.user, campaign.pk)), status=201)


class CampaignDetailApi(APIView):
    @extend_schema(responses=CAMPAIGN_RESPONSE)
    def get(self, request: Request, campaign_id: int) -> Response:
        return Response(campaign_dict(_campaign(request.user, campaign_id)))


def _visible_members(user: Any, recipients: list[dict[str, Any]]) -> None:
    ids = {r["member"] for r in recipients}
    seen = set(members_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    unknown = sorted(ids - seen)
    if unknown:
        raise InvalidInput(
            "unknown members", fields={"recipients": [f"unknown member {m}" for m in unknown]}
        )


class CampaignListsApi(APIView):
    @extend_schema(request=inputs.ListInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request, campaign_id: int) -> Response:
        campaign = _campaign(request.user, campaign_id)
        _role(request.user, CASEWORKER, "only a caseworker nominates a list")
        payload = inputs.ListInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        recipients = [dict(r) for r in data["recipients"]]
        _visible_members(request.user, recipients)
        case = intake.campaign_list_submit(
            actor=request.user,
            campaign=campaign,
            org_unit=_unit(request.user, data["org_unit"]),
            recipients=recipients,
        )
        return Response(case_detail(case, request.user, via="api.campaign_list"), status=201)


class CampaignListImportApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=inputs.ListImportInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request, campaign_id: int) -> Response:
        campaign = _campaign(request.user, campaign_id)
        _role(request.user, CASEWORKER, "only a caseworker nominates a list")
        payload = inputs.ListImportInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        unit = _unit(request.user, data["org_unit"])
        upload = data["file"]
        try:
            recipients = list_rows_read(
                RowSource(upload, upload.name or ""), campaign, members_visible_to(request.user)
            )
        except InvalidRows as exc:
            return error_response(400, exc.code, exc.message, rows=exc.rows)
        case = intake.campaign_list_submit(
            actor=request.user, campaign=campaign, org_unit=unit, recipients=recipients
        )
        return Response(case_detail(case, request.user, via="api.campaign_import"), status=201)


def _list_case(user: Any, case_number: str) -> Case:
    case = case_for_user(user, case_number)
    if case.program != Case.Program.CAMPAIGN:
        raise NotFound(f"campaign list {case_number} not found")
    return case


def _recipient_view(write: str, input_class: Any, **fixed: Any) -> Any:
    class RecipientWriteApi(APIView):
        @extend_schema(request=input_class, responses=RECIPIENT_RESPONSE)
        def post(self, request: Request, case_number: str, recipient_id: int) -> Response:
            case = _list_case(request.user, case_number)
            campaign_work.may_write(request.user, case, write)
            payload = input_class(data=request.data)
            payload.is_valid(raise_exception=True)
            if not Recipient.objects.filter(pk=recipient_id, campaign_list_id=case.pk).exists():
                raise NotFound(f"recipient {recipient_id} not found")
            r = campaign_work.recipient_write(
                case=case,
                actor=request.user,
                write=write,
                recipient_id=recipient_id,
                **fixed,
                **payload.validated_data,
            )
            r = Recipient.objects.select_related("member", "tier", "campaign").get(pk=r.pk)
            return Response(recipient_dict(r, r.campaign.kind))

    RecipientWriteApi.__name__ = f"Recipient{write.title()}{fixed.get('decision', '')}Api"
    return RecipientWriteApi


ISSUED_RESPONSE = inline_serializer(
    "CampaignListIssued",
    {
        "issued": serializers.IntegerField(),
        "amount": serializers.DecimalField(max_digits=14, decimal_places=2),
        "recipients": serializers.ListField(child=serializers.IntegerField()),
    },
)


class IssueRemainingApi(APIView):
    """Every approved grant of the list not yet issued, issued at once
    against one voucher (finance, while ``disburse`` is open)."""

    @extend_schema(request=inputs.IssueInput, responses=ISSUED_RESPONSE)
    def post(self, request: Request, case_number: str) -> Response:
        case = _list_case(request.user, case_number)
        campaign_work.may_write(request.user, case, "issue")
        payload = inputs.IssueInput(data=request.data)
        payload.is_valid(raise_exception=True)
        issued = campaign_work.list_write(
            case=case, actor=request.user, write="issue_remaining", **payload.validated_data
        )
        amount = sum((r.tier.cash + r.tier.goods_value for r in issued), Decimal("0.00"))
        return Response(
            {"issued": len(issued), "amount": _money(amount), "recipients": [r.pk for r in issued]}
        )


class ListWorkbookApi(APIView):
    """The list as an XLSX workbook (names and ID numbers masked)."""

    @extend_schema(responses={(200, XLSX_TYPE): OpenApiTypes.BINARY})
    def get(self, request: Request, case_number: str) -> HttpResponse:
        case = _list_case(request.user, case_number)
        response = HttpResponse(campaign_list_workbook(case), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{case.case_number}.xlsx"'
        return response


class GrantListApi(APIView):
    """A member's own grants (the member file's campaign payments)."""

    @extend_schema(responses=GRANTS_RESPONSE)
    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    **recipient_dict(r, r.campaign.kind),
                    "campaign": {
                        "id": r.campaign_id,
                        "kind": r.campaign.kind,
                        "title": r.campaign.title,
                    },
                    "case_number": r.campaign_list.case.case_number,
                }
                for r in grants_of_member_user(request.user)
            ]
        )


RECIPIENT_PATH = "campaign-lists/<str:case_number>/recipients/<int:recipient_id>/"
VerifyInput, ReasonInput = inputs.RecipientVerifyInput, inputs.ReasonInput

urlpatterns: list[URLPattern] = [
    path("campaigns/", CampaignListApi.as_view()),
    path("campaigns/<int:campaign_id>/", CampaignDetailApi.as_view()),
    path("campaigns/<int:campaign_id>/lists/", CampaignListsApi.as_view()),
    path("campaigns/<int:campaign_id>/lists/import/", CampaignListImportApi.as_view()),
    path("campaign-grants/", GrantListApi.as_view()),
    path("campaign-lists/<str:case_number>/list.xlsx", ListWorkbookApi.as_view()),
    path("campaign-lists/<str:case_number>/issue-remaining/", IssueRemainingApi.as_view()),
    *[
        path(f"{RECIPIENT_PATH}{name}/", view.as_view())
        for name, view in (
            ("verify", _recipient_view("check", VerifyInput, decision=RecipientStatus.VERIFIED)),
            ("exclude", _recipient_view("check", ReasonInput, decision=RecipientStatus.EXCLUDED)),
            ("issue", _recipient_view("issue", inputs.IssueInput)),
            ("sign", _recipient_view("sign", inputs.SignInput)),
            ("unreachable", _recipient_view("unreachable", ReasonInput)),
        )
    ],
]
