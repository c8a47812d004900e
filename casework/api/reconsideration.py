"""Asking for reconsideration of a rejected or refused case (``RC-…``):
the member of the case for themself, or a caseworker for them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.access import case_for_user
from casework.presenters.case import case_detail
from casework.reconsideration.inputs import ReconsiderationInput
from casework.reconsideration.services import requester_check
from workflows.intake import reconsideration_request

from .cases import CASE_RESPONSE


class ReconsiderationApi(APIView):
    @extend_schema(request=ReconsiderationInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request, case_number: str) -> Response:
        user = request.user
        original = case_for_user(user, case_number)
        requester_check(user, original)
        payload = ReconsiderationInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = reconsideration_request(actor=user, original=original, **payload.validated_data)
        return Response(case_detail(case, user, via="api.reconsideration"), status=201)
