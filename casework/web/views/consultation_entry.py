"""The consultation entry (PROCESSES.md §5): one page, fast to fill in for
a visitor at the duty desk. It starts with the channel ``visit``, today's
slot of the user's unit and the outcome ``answered``; the visitor is found
by the member search (a member, or the visitor of an earlier consultation:
their name and employer filled in, their ID number and phone carried over
unseen) or typed. Saved through ``workflows.intake.consultation_log``, as
``POST /api/legal/consultations/``; then the new LC- case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from casework.core.access import can_see_case, user_roles
from casework.core.errors import ApplicationError, InvalidInput
from casework.core.models import Case, Member
from casework.core.selectors import members_list
from casework.legal.models import Category, Channel, Consultation, ConsultationOutcome
from casework.legal.services import CONSULTATION_LOGGERS
from casework.presenters import legal as shown
from casework.presenters.member import member_viewed
from casework.web import legal_forms as forms
from casework.web.access import staff_only
from casework.web.intake_forms import chosen_member
from casework.web.refusals import refusal_show
from workflows import intake

FOUND_MEMBERS = 20
FORM_FIELDS = {
    "channel",
    "slot",
    "visitor_name",
    "visitor_id_number",
    "visitor_id_refused",
    "visitor_phone",
    "employer_name",
    "employer_credit_code",
    "category",
    "facts",
    "advice",
    "outcome",
    "referred_to",
    "follow_up_on",
}


def may_log(user: Any) -> bool:
    return bool(user.is_superuser or user_roles(user) & CONSULTATION_LOGGERS)


def refused_unless(request: HttpRequest, allowed: bool) -> HttpResponse | None:
    """403 (the translated page) unless ``allowed``."""
    if allowed:
        return None
    return permission_denied(request, PermissionDenied(_("You may not do this here.")))


def _chosen(request: HttpRequest, source: Any) -> tuple[Member | None, Consultation | None]:
    """The member and the earlier consultation the form is for (``member``,
    ``from``); an unknown one is said and left out."""
    try:
        member = chosen_member(request.user, source.get("member"))
    except InvalidInput as exc:
        messages.error(request, exc.message)
        member = None
    earlier = None
    if source.get("from"):
        earlier = shown.earlier_consultation(request.user, source.get("from"))
        if earlier is None:
            messages.error(request, _("No earlier consultation of yours has that number."))
    return member, earlier


def _initial(user: Any, prefill: dict[str, Any], slot: Any) -> dict[str, Any]:
    return {
        "channel": forms.DEFAULTS["channel"],
        "slot": str(slot.pk) if slot else "",
        "visitor_name": prefill.get("name", ""),
        "visitor_id_number": "",
        "visitor_phone": "",
        "visitor_id_refused": "",
        "employer_name": prefill.get("employer_name", ""),
        "employer_credit_code": prefill.get("employer_credit_code", ""),
        "category": "",
        "facts": "",
        "advice": "",
        "outcome": forms.DEFAULTS["outcome"],
        "referred_to": "",
        "follow_up_on": "",
    }


@staff_only
def consult_page(request: HttpRequest) -> HttpResponse:
    refused = refused_unless(request, may_log(request.user))
    if refused:
        return refused
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    member, earlier = _chosen(request, source)
    slots = shown.slot_choices(request.user)
    prefill = shown.returning_visitor(request.user, member, earlier)
    values = _initial(request.user, prefill, shown.todays_slot(slots))
    errors: dict[str, list[str]] = {}
    status = 200
    if posted:
        values = {**values, **{k: request.POST.get(k, "") for k in FORM_FIELDS}}
        try:
            case = _save(request, member, earlier)
        except ApplicationError as exc:
            # the services name nested fields with a dot (visitor.id_number)
            exc.fields = {name.replace(".", "_"): v for name, v in exc.fields.items()}
            refusal_show(request, exc, form_fields=FORM_FIELDS)
            errors, status = exc.fields, exc.status
        else:
            return _saved(request, case)
    q = "" if posted else request.GET.get("q", "").strip()[:100]
    context = {
        "values": values,
        "errors": errors,
        "member": member_viewed(member, request.user, via="web.consultation") if member else None,
        "member_id": member.pk if member else "",
        "member_unit": member.org_unit.name if member else "",
        "url_name": "legal:consult",
        "from_case": earlier.case.case_number if earlier else "",
        "prefill": prefill,
        "q": q,
        "found_members": members_list(request.user, q=q)[:FOUND_MEMBERS] if q else [],
        "found_visitors": shown.earlier_visitors(request.user, q) if q else [],
        "slots": slots,
        "channels": Channel.choices,
        "categories": Category.choices,
        "outcomes": ConsultationOutcome.choices,
    }
    return render(request, "web/legal/consult.html", context, status=status)


def _save(request: HttpRequest, member: Member | None, earlier: Consultation | None) -> Case:
    data = forms.consultation_input(request.POST, earlier)
    data["member"] = member.pk if member else None
    return intake.consultation_log(actor=request.user, **data)


def _saved(request: HttpRequest, case: Case) -> HttpResponse:
    messages.success(request, _("Consultation %(case)s was saved.") % {"case": case.case_number})
    referral = Consultation.objects.filter(case=case).values_list("referral", flat=True).get()
    if referral:
        opened = Case.objects.filter(case_number=referral).first()
        number: Any = referral
        if can_see_case(request.user, opened):  # a mediation is its handlers' only
            number = format_html(
                '<a href="{}">{}</a>', reverse("cases:detail", args=[referral]), referral
            )
        messages.success(request, format_html(_("The referral opened case {case}."), case=number))
    return redirect("cases:detail", case_number=case.case_number)
