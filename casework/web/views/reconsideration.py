"""Asking for reconsideration on the pages (PROCESSES.md §6): the member
from their own rejected or refused case (``my:reconsideration``), a
caseworker for them from the staff case page (``cases:reconsideration``).
The request goes through the service the API calls
(``workflows.intake.reconsideration_request``), its input read by the API's
serializer; a refusal shows on the page with nothing written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.defaults import permission_denied

from casework.core.errors import ApplicationError, Forbidden, InvalidInput
from casework.core.models import Case
from casework.core.parameters import param_int
from casework.presenters.case import case_detail
from casework.presenters.decisions import case_decisions, member_decisions
from casework.reconsideration.inputs import ReconsiderationInput
from casework.reconsideration.selectors import reconsideration_offer
from casework.reconsideration.services import requester_check
from casework.web.access import member_only, staff_only
from casework.web.refusals import refusal_show
from casework.web.views.cases import visible_case
from casework.web.views.member_pages import _own_case
from workflows.intake import reconsideration_request

REASON = "reason"


@member_only
@require_http_methods(["GET", "POST"])
def my_reconsideration_page(request: HttpRequest, case_number: str) -> HttpResponse:
    """The member asks about their own case."""
    return _ask(request, _own_case(request.user, case_number), member=True)


@staff_only
@require_http_methods(["GET", "POST"])
def reconsideration_page(request: HttpRequest, case_number: str) -> HttpResponse:
    """A caseworker asks for the member of a case they see."""
    original = visible_case(request.user, case_number)
    try:
        requester_check(request.user, original)
    except Forbidden as exc:
        return permission_denied(request, PermissionDenied(exc.message))
    return _ask(request, original, member=False)


def _ask(request: HttpRequest, original: Case, *, member: bool) -> HttpResponse:
    status, errors, reason = 200, [], ""
    if request.method == "POST":
        reason = request.POST.get(REASON, "")
        try:
            case = _request(request.user, original, reason)
        except ApplicationError as exc:
            refusal_show(request, exc, form_fields={REASON})
            status, errors = exc.status, exc.fields.get(REASON, [])
        else:
            messages.success(
                request,
                _("Request %(case)s received: it is under review.") % {"case": case.case_number},
            )
            if member:
                return redirect("my:case", case_number=case.case_number)
            return redirect("cases:detail", case_number=case.case_number)
    context = _context(request.user, original, member=member)
    context.update({"reason": reason, "errors": errors})
    return render(request, "web/reconsideration/ask.html", context, status=status)


def _request(user: Any, original: Case, reason: str) -> Case:
    requester_check(user, original)
    payload = ReconsiderationInput(data={REASON: reason})
    if not payload.is_valid():
        fields = {k: [str(m) for m in v] for k, v in payload.errors.items()}
        raise InvalidInput(_("invalid input"), fields=fields)
    return reconsideration_request(actor=user, original=original, **payload.validated_data)


def _context(user: Any, original: Case, *, member: bool) -> dict[str, Any]:
    """The case asked about, the decisions on it as the user may see them,
    and whether (and until when) a request may be made."""
    detail = case_detail(original, user, via="web.reconsideration")
    decisions = (member_decisions if member else case_decisions)(original, user, detail["data"])
    return {
        "original": detail,
        "decisions": decisions,
        "offer": reconsideration_offer(original),
        "member_area": member,
        "review_days": param_int("reconsideration.review_days"),
    }
