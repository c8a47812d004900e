"""Legal aid: ``POST /api/legal/aid/`` opens an application (``LA-…``)
with its means test computed (``data.means_test``). A caseworker applies
for a member or a person; a member for themself only."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.applicants import applicant_check
from casework.legal.aid_inputs import LegalAidInput
from casework.presenters.case import case_detail
from workflows.intake import legal_aid_apply

from .cases import CASE_RESPONSE


class LegalAidApi(APIView):
    @extend_schema(request=LegalAidInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request) -> Response:
        user: Any = request.user
        applicant_check(user, refusal="only a caseworker or the member may apply for legal aid")
        payload = LegalAidInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = legal_aid_apply(actor=user, **payload.validated_data)
        return Response(case_detail(case, user, via="api.legal_aid"), status=201)


urlpatterns: list[URLPattern] = [path("legal/aid/", LegalAidApi.as_view())]
