"""Legal services: the duty roster (generate from a weekly rule, list a
period, mark a slot) and consultations (``LC-…``). Slots are scoped to the
user's subtree; a slot outside it answers 404."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.access import is_staff_user
from casework.core.errors import Forbidden, InvalidInput
from casework.core.models import OrgUnit
from casework.legal import roster
from casework.legal.inputs import (
    ConsultationInput,
    SlotGenerateInput,
    SlotPeriodInput,
    SlotUpdateInput,
)
from casework.legal.selectors import slot_facts, slot_for_user, slots_between
from casework.legal.services import consultation_logger_required
from casework.presenters.case import case_detail
from workflows import intake

from .cases import CASE_RESPONSE

SLOT_FIELDS: dict[str, serializers.Field] = {
    "id": serializers.IntegerField(),
    "date": serializers.DateField(),
    "starts_at": serializers.CharField(),
    "ends_at": serializers.CharField(),
    "place": serializers.CharField(),
    "lawyer": serializers.CharField(),
    "firm": serializers.CharField(),
    "org_unit": serializers.IntegerField(),
    "status": serializers.CharField(),
    "swapped_lawyer": serializers.CharField(allow_null=True),
    "on_duty": serializers.CharField(),
}
SLOT_RESPONSE = inline_serializer("DutySlot", SLOT_FIELDS)
SLOT_LIST_RESPONSE = inline_serializer("DutySlot", SLOT_FIELDS, many=True)
GENERATE_RESPONSE = inline_serializer(
    "DutySlotsGenerated",
    {
        "created": serializers.ListField(child=serializers.DateField()),
        "skipped": serializers.ListField(child=serializers.DictField()),
    },
)


def _unit(pk: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise InvalidInput(_("invalid input"), fields={"org_unit": [_("not found")]})
    return unit


class SlotGenerateApi(APIView):
    @extend_schema(request=SlotGenerateInput, responses={201: GENERATE_RESPONSE})
    def post(self, request: Request) -> Response:
        roster.roster_keeper_required(request.user)
        payload = SlotGenerateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data["org_unit"] = _unit(data["org_unit"])
        report = roster.slots_generate(actor=request.user, **data)
        return Response({"created": report.created, "skipped": report.skipped}, status=201)


class SlotListApi(APIView):
    @extend_schema(parameters=[SlotPeriodInput], responses=SLOT_LIST_RESPONSE)
    def get(self, request: Request) -> Response:
        if not is_staff_user(request.user):
            raise Forbidden("the duty roster is for staff")
        period = SlotPeriodInput(data=request.query_params)
        period.is_valid(raise_exception=True)
        slots = slots_between(request.user, **period.validated_data)
        return Response([slot_facts(slot) for slot in slots])


class SlotDetailApi(APIView):
    @extend_schema(request=SlotUpdateInput, responses=SLOT_RESPONSE)
    def patch(self, request: Request, slot_id: int) -> Response:
        slot = slot_for_user(request.user, slot_id)
        roster.roster_keeper_required(request.user)
        payload = SlotUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        slot = roster.slot_update(actor=request.user, slot=slot, **payload.validated_data)
        return Response(slot_facts(slot))


class ConsultationApi(APIView):
    @extend_schema(request=ConsultationInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request) -> Response:
        user: Any = request.user
        consultation_logger_required(user)
        payload = ConsultationInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = intake.consultation_log(actor=user, **payload.validated_data)
        return Response(case_detail(case, user, via="api.consultation"), status=201)


urlpatterns: list[URLPattern] = [
    path("legal/slots/", SlotListApi.as_view()),
    path("legal/slots/generate/", SlotGenerateApi.as_view()),
    path("legal/slots/<int:slot_id>/", SlotDetailApi.as_view()),
    path("legal/consultations/", ConsultationApi.as_view()),
]
