"""Mediation: registering court referrals, logging sessions, extending the
time limit. Every endpoint under a case answers 404 to whoever may not see
it (mediation is confidential: see ``casework.core.access``)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.audit.viewed import personal_data_viewed
from casework.core.access import case_for_user, members_visible_to, user_roles
from casework.core.errors import Forbidden, InvalidInput, NotFound
from casework.core.models import Case
from casework.core.privacy import MEDIATION_CONTENT
from casework.core.roles import MEDIATION_COORDINATOR
from casework.mediation.inputs import (
    MediationExtendInput,
    MediationReferralInput,
    MediationSessionInput,
)
from casework.mediation.models import MediationSession
from casework.mediation.selectors import sessions_of
from casework.presenters.case import case_detail
from casework.presenters.times import local_time
from workflows import intake, mediation_work

from .cases import CASE_RESPONSE

SESSION_FIELDS: dict[str, serializers.Field] = {
    "id": serializers.IntegerField(),
    "held_on": serializers.DateField(),
    "place": serializers.CharField(),
    "attendees": serializers.ListField(child=serializers.CharField()),
    "notes": serializers.CharField(),
    "next_step": serializers.CharField(),
    "recorded_by": serializers.CharField(),
    "recorded_at": serializers.DateTimeField(),
}
SESSION_RESPONSE = inline_serializer("MediationSession", SESSION_FIELDS)
SESSION_LIST_RESPONSE = inline_serializer("MediationSession", SESSION_FIELDS, many=True)


def session_dict(session: MediationSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "held_on": session.held_on,
        "place": session.place,
        "attendees": session.attendees,
        "notes": session.notes,
        "next_step": session.next_step,
        "recorded_by": session.recorded_by.get_username(),
        "recorded_at": local_time(session.recorded_at),
    }


def mediation_case_for_user(user: Any, case_number: str) -> Case:
    """A mediation case the user may see, else 404."""
    case = case_for_user(user, case_number)
    if case.program != "mediation":
        raise NotFound(f"mediation case {case_number} not found")
    return case


class MediationReferralApi(APIView):
    @extend_schema(request=MediationReferralInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request) -> Response:
        user: Any = request.user
        if not (user.is_superuser or MEDIATION_COORDINATOR in user_roles(user)):
            raise Forbidden("only the mediation coordinator registers court referrals")
        payload = MediationReferralInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        worker = data.pop("worker")
        employer = data.pop("employer")
        member = None
        if "member" in worker:
            member = members_visible_to(user).filter(pk=worker["member"]).first()
            if member is None:
                raise InvalidInput("unknown member", fields={"worker.member": ["not found"]})
        case = intake.referral_register(
            actor=user,
            worker_member=member,
            worker_name=worker.get("name", ""),
            worker_id_number=worker.get("id_number", ""),
            worker_phone=worker.get("phone", ""),
            employer_name=employer["name"],
            employer_credit_code=employer["credit_code"],
            **data,
        )
        return Response(case_detail(case, user, via="api.mediation_referral"), status=201)


class MediationSessionsApi(APIView):
    @extend_schema(responses=SESSION_LIST_RESPONSE)
    def get(self, request: Request, case_number: str) -> Response:
        case = mediation_case_for_user(request.user, case_number)
        sessions = [session_dict(s) for s in sessions_of(case)]
        what = [MEDIATION_CONTENT] if sessions else []  # the notes: confidential content
        personal_data_viewed(case=case, actor=request.user, what=what, via="api.mediation_sessions")
        return Response(sessions)

    @extend_schema(request=MediationSessionInput, responses={201: SESSION_RESPONSE})
    def post(self, request: Request, case_number: str) -> Response:
        case = mediation_case_for_user(request.user, case_number)
        payload = MediationSessionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        session = mediation_work.mediation_session_log(
            case=case, actor=request.user, **payload.validated_data
        )
        return Response(session_dict(session), status=201)


class MediationExtendApi(APIView):
    @extend_schema(request=MediationExtendInput, responses=CASE_RESPONSE)
    def post(self, request: Request, case_number: str) -> Response:
        case = mediation_case_for_user(request.user, case_number)
        payload = MediationExtendInput(data=request.data)
        payload.is_valid(raise_exception=True)
        mediation_work.mediation_extend(case=case, actor=request.user, **payload.validated_data)
        case = case_for_user(request.user, case_number)
        return Response(case_detail(case, request.user, via="api.mediation_extend"))


urlpatterns: list[URLPattern] = [
    path("mediation/referrals/", MediationReferralApi.as_view()),
    path("mediation/cases/<str:case_number>/sessions/", MediationSessionsApi.as_view()),
    path("mediation/cases/<str:case_number>/extend/", MediationExtendApi.as_view()),
]
