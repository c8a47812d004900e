"""Starting relief cases."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.access import members_visible_to, user_roles
from casework.core.errors import Forbidden, InvalidInput
from casework.core.roles import CASEWORKER, MEMBER
from casework.presenters.case import case_detail
from casework.relief.inputs import ApplicationInput
from casework.relief.services import relief_submit

from .cases import CASE_RESPONSE


class ReliefApplicationApi(APIView):
    @extend_schema(request=ApplicationInput, responses={201: CASE_RESPONSE})
    def post(self, request: Request) -> Response:
        user = request.user
        roles = user_roles(user)
        if not (user.is_superuser or roles & {CASEWORKER, MEMBER}):
            raise Forbidden("only a caseworker or the member may apply for relief")
        payload = ApplicationInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if not (user.is_superuser or CASEWORKER in roles):
            # a member applies only for themself, whoever the id names (403, not 404)
            own = getattr(user, "member", None)  # the reverse one-to-one, None when absent
            if own is None or own.pk != data["member"]:
                raise Forbidden("a member may apply only for themself")
        member = (
            members_visible_to(user)
            .select_related("org_unit")
            .filter(pk=data.pop("member"))
            .first()
        )
        if member is None:
            raise InvalidInput("unknown member", fields={"member": ["not found"]})
        case = relief_submit(actor=user, member=member, **data)
        return Response(case_detail(case, user, via="api.relief_application"), status=201)
