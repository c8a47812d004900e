"""Staff intake: opening a relief case, entering a mutual-aid claim for a
member, registering a court referral — the three "new case" pages, reached
from the menu (the programs the user may open) and from a member's file
(the member filled in). Each page validates with the API's input
serializer and opens the case with the function the API calls
(``workflows.intake``), so the refusals (another open relief case, an
invoice already claimed, a court case number already registered) are the
API's, in the page's language. Documents chosen on the form are stored in
the same transaction as the new case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from casework.core.applicants import applicant_of
from casework.core.errors import ApplicationError, InvalidInput
from casework.core.models import Case, Member
from casework.core.selectors import members_list
from casework.mediation.inputs import MediationReferralInput
from casework.mediation.models import DisputeType
from casework.mutual_aid.inputs import ClaimInput
from casework.mutual_aid.selectors import claim_plan
from casework.presenters.campaigns import may_nominate
from casework.presenters.filters import MemberFilter
from casework.presenters.member import member_viewed
from casework.relief.inputs import ApplicationInput
from casework.web.access import is_staff, staff_only
from casework.web.filters import page_filters
from casework.web.forms import form_data
from casework.web.intake_forms import (
    ABOUT,
    ACTIONS,
    INTAKE_DOCUMENT_KIND,
    LEGAL_AID,
    MEDIATION,
    MUTUAL_AID,
    RELIEF,
    WORKER_MEMBER,
    chosen_member,
    claim_declaration,
    may_open,
    nested_errors,
    programs_to_open,
    referral_data,
    referral_declaration,
    relief_declaration,
)
from casework.web.member_forms import submit_with_documents, upload_problems
from casework.web.views.member_pages import _form_page, _validated
from workflows import intake

PICKER_SIZE = 20
URL_NAMES = {
    RELIEF: "intake:relief",
    MUTUAL_AID: "intake:claim",
    MEDIATION: "intake:referral",
    LEGAL_AID: "intake:legal_aid",
}


def may_use_intake(user: Any) -> bool:
    """The menu's test: staff who may open some program's cases."""
    return is_staff(user) and bool(programs_to_open(user))


def new_case_links(user: Any, member_id: int) -> list[dict[str, Any]]:
    """Each program the user may open, with its page's link for the member."""
    return [
        {
            "program": p,
            "action": ACTIONS[p],
            "url": f"{reverse(URL_NAMES[p])}?member={member_id}",
        }
        for p in programs_to_open(user)
    ]


def _refused(request: HttpRequest, program: str) -> HttpResponse | None:
    """403 for a user who opens cases of another program only (a user who
    opens none never reaches the area: its menu entry is hidden and
    viewflow's site answers 404, as for any area not theirs)."""
    if may_open(request.user, program):
        return None
    return permission_denied(request, PermissionDenied(_("You may not open these cases.")))


@staff_only
def intake_index_page(request: HttpRequest) -> HttpResponse:
    """The programs the user may open cases of."""
    user = request.user
    programs = programs_to_open(user)
    member = _member_or_none(request, request.GET.get("member"))
    return render(
        request,
        "web/intake/index.html",
        {
            "programs": [
                {"code": p, "url_name": URL_NAMES[p], "action": ACTIONS[p], "about": ABOUT[p]}
                for p in programs
            ],
            "member": member_viewed(member, user, via="web.intake") if member else None,
            "member_id": member.pk if member else "",
            "member_unit": member.org_unit.name if member else "",
            "campaign_lists": may_nominate(user),
        },
    )


def _member_or_none(request: HttpRequest, member_id: str | None) -> Member | None:
    try:
        return chosen_member(request.user, member_id)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return None


# --- relief and mutual aid: a case for a member -------------------------------


@staff_only
def relief_intake_page(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    refused = _refused(request, RELIEF)
    return refused or _member_case_page(request, RELIEF, relief_declaration(), _relief_open, posted)


@staff_only
def claim_intake_page(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    refused = _refused(request, MUTUAL_AID)
    return refused or _member_case_page(
        request, MUTUAL_AID, claim_declaration(), _claim_open, posted
    )


def _member_case_page(
    request: HttpRequest,
    program: str,
    declaration: dict[str, Any],
    open_case: Any,
    posted: bool,
) -> HttpResponse:
    """The member picker until a member is chosen, then the program's form."""
    member = _member_or_none(request, (request.POST if posted else request.GET).get("member"))
    if member is None:
        return _picker(request, program)
    if posted:
        try:
            case = open_case(request, member, declaration)
        except ApplicationError as exc:
            return _form(request, program, declaration, member, exc)
        return _opened(request, case)
    return _form(request, program, declaration, member, None)


def _relief_open(request: HttpRequest, member: Member, declaration: dict[str, Any]) -> Case:
    """What ``POST /api/relief/applications/`` does for a caseworker (the
    same rule for whom: ``casework.core.applicants``)."""
    files = request.FILES.getlist("documents")
    values = _validated(
        ApplicationInput(data={**form_data(declaration, request.POST), "member": member.pk}),
        files,
    )
    member = applicant_of(request.user, values, not_themself=_("You may not open these cases."))
    return submit_with_documents(
        submit=lambda: intake.relief_submit(actor=request.user, member=member, **values),
        actor=request.user,
        files=files,
        kind=INTAKE_DOCUMENT_KIND[RELIEF],
    )


def _claim_open(request: HttpRequest, member: Member, declaration: dict[str, Any]) -> Case:
    """What ``POST /api/mutual-aid/claims/`` does for a caseworker: the plan
    is the product's plan of the year given, else of the admission's year."""
    files = request.FILES.getlist("documents")
    values = _validated(
        ClaimInput(data={**form_data(declaration, request.POST), "member": member.pk}), files
    )
    member = applicant_of(request.user, values, not_themself=_("You may not open these cases."))
    product = values.pop("product")
    year = values.pop("year", None) or values["admitted_on"].year
    plan = claim_plan(product, year)
    return submit_with_documents(
        submit=lambda: intake.claim_submit(actor=request.user, member=member, plan=plan, **values),
        actor=request.user,
        files=files,
        kind=INTAKE_DOCUMENT_KIND[MUTUAL_AID],
    )


def _picker(request: HttpRequest, program: str) -> HttpResponse:
    """Find the member the new case is for (the members list's search)."""
    filters = page_filters(request, MemberFilter)
    q = filters.values.get("q", "")
    found = members_list(request.user, q=q)[:PICKER_SIZE] if q and not filters.problems else []
    context = {
        "program": program,
        "url_name": URL_NAMES[program],
        "q": q,
        "found": found,
        "problems": filters.problems,
    }
    return render(request, "web/intake/picker.html", context, status=filters.status)


def _form(
    request: HttpRequest,
    program: str,
    declaration: dict[str, Any],
    member: Member | None,
    failed: ApplicationError | None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    person = member_viewed(member, request.user, via="web.intake") if member else None
    context = {
        "program": program,
        "url_name": URL_NAMES[program],
        "member": person,
        "member_id": member.pk if member else "",
        "member_unit": member.org_unit.name if member else "",
        "document_kind": INTAKE_DOCUMENT_KIND[program],
        "action": ACTIONS[program],
        "is_referral": program == MEDIATION,
        **(extra or {}),
    }
    return _form_page(request, "web/intake/form.html", declaration, failed, context)


def _opened(request: HttpRequest, case: Case) -> HttpResponse:
    messages.success(request, _("Case %(case)s was opened.") % {"case": case.case_number})
    return redirect("cases:detail", case_number=case.case_number)


# --- mediation: a court referral ---------------------------------------------


@staff_only
def referral_intake_page(request: HttpRequest) -> HttpResponse:
    """Register a court referral; from a member's file the member is the
    worker, else the worker's name and ID number are typed in."""
    refused = _refused(request, MEDIATION)
    if refused:
        return refused
    source = request.POST if request.method == "POST" else request.GET
    member = _member_or_none(request, source.get("member"))
    declaration = referral_declaration(for_member=member is not None)
    extra = _dispute_types(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            case = _referral_open(request, member, declaration)
        except ApplicationError as exc:
            extra["dispute_errors"] = exc.fields.get("dispute_types", [])
            return _form(request, MEDIATION, _without_disputes(declaration), member, exc, extra)
        return _opened(request, case)
    return _form(request, MEDIATION, _without_disputes(declaration), member, None, extra)


def _referral_open(
    request: HttpRequest, member: Member | None, declaration: dict[str, Any]
) -> Case:
    """What ``POST /api/mediation/referrals/`` does."""
    files = request.FILES.getlist("documents")
    data = referral_data(declaration, request.POST)
    if member is not None:
        data["worker"] = {"member": member.pk}
    payload = MediationReferralInput(data=data)
    errors = {} if payload.is_valid() else nested_errors(payload.errors)
    problems = upload_problems(files)
    if problems:
        errors["documents"] = problems
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    values = dict(payload.validated_data)
    worker, employer = values.pop("worker"), values.pop("employer")
    return submit_with_documents(
        submit=lambda: intake.referral_register(
            actor=request.user,
            worker_member=member,
            worker_name=worker.get("name", ""),
            worker_id_number=worker.get("id_number", ""),
            worker_phone=worker.get("phone", ""),
            employer_name=employer["name"],
            employer_credit_code=employer["credit_code"],
            **values,
        ),
        actor=request.user,
        files=files,
        kind=INTAKE_DOCUMENT_KIND[MEDIATION],
    )


def _without_disputes(declaration: dict[str, Any]) -> dict[str, Any]:
    """The fields the shared field list renders; the dispute types are
    ticked in boxes of their own."""
    return {
        **declaration,
        "fields": [
            f for f in declaration["fields"] if f["name"] not in ("dispute_types", WORKER_MEMBER)
        ],
    }


def _dispute_types(posted: Any) -> dict[str, Any]:
    ticked = set(posted.getlist("dispute_types")) if posted is not None else set()
    return {
        "dispute_types": [(code, code in ticked) for code in DisputeType.values],
        "dispute_errors": [],
    }
