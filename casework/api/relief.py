"""Starting relief cases."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.applicants import applicant_check, applicant_of
from casework.presenters.case import case_detail
from casework.relief.inputs import ApplicationInput
from workflows.intake import relief_submit

from .cases import CASE_RESPONSE


class ReliefApplicationApi(APIView):
    @extend_schema(request=ApplicationInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request) -> Response:
        user = request.user
        applicant_check(user, refusal="only a caseworker or the member may apply for relief")
        payload = ApplicationInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        member = applicant_of(user, data, not_themself="a member may apply only for themself")
        case = relief_submit(actor=user, member=member, **data)
        return Response(case_detail(case, user, via="api.relief_application"), status=201)
