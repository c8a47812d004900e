"""Member self-service (their own cases, applying for relief, claiming mutual
aid, one case with its status history and documents) and the staff member
pages (search, the member file). Every write goes through the service the
API calls, with the API's input serializer validating it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.audit import registry as events
from casework.audit.models import AuditEvent
from casework.core.access import case_for_user, members_visible_to
from casework.core.case_data import case_data
from casework.core.documents import document_upload, documents_accepted
from casework.core.errors import ApplicationError, InvalidInput, NotFound
from casework.core.models import Case, Member
from casework.core.selectors import members_list
from casework.mutual_aid.inputs import ClaimInput
from casework.mutual_aid.selectors import claim_plan
from casework.presenters.campaign_lists import member_grants, own_grants
from casework.presenters.case import case_summary
from casework.presenters.decisions import awaiting_answer, member_decisions
from casework.presenters.documents import document_dict
from casework.presenters.filters import MemberFilter
from casework.presenters.member import member_for_user, member_viewed
from casework.relief.inputs import ApplicationInput
from casework.reports.member_file import member_file
from casework.web.access import member_only, staff_only
from casework.web.filters import page_filters
from casework.web.forms import form_data, form_fields
from casework.web.labels import label
from casework.web.list_pages import page_of
from casework.web.member_forms import (
    flat_errors,
    input_declaration,
    products_enrolled,
    submit_with_documents,
    upload_problems,
    with_choices,
)
from casework.web.views.cases import document_download
from workflows.intake import claim_submit, relief_submit
from workflows.selectors import cases_list

PAGE_SIZE = 25
# what a member sees of the decision on their case, where the case data has it
DECISION_FACTS = (
    "requested_amount",
    "benefit.amount",
    "approved_amount",
    "payment.amount",
    "payment.paid_on",
    "reason_code",
    "reject_reason",
    # legal aid: the means test, the refusal, the lawyer, what was recovered
    "means_test.eligible",
    "refusal_reason",
    "lawyer",
    "firm",
    "amount_recovered",
)
LATER_UPLOAD_KIND = "supplement"


# --- staff: members -------------------------------------------------------


@staff_only
def member_list_page(request: HttpRequest) -> HttpResponse:
    # the filter of GET /api/members/, refused as the API refuses it
    filters = page_filters(request, MemberFilter)
    q = filters.values.get("q", "")
    members = members_list(request.user, q=q)
    if filters.problems:
        members = members.none()
    # counted up to the cap, as the other lists (casework.web.list_pages)
    page = page_of(members, request.GET)
    context = {"page": page, "q": q, "problems": filters.problems}
    return render(request, "web/members/index.html", context, status=filters.status)


@staff_only
def member_file_page(request: HttpRequest, member_id: int) -> HttpResponse:
    user = request.user
    try:
        member = member_for_user(user, member_id)
    except NotFound as exc:
        raise Http404 from exc
    file = member_file(user, member)
    remaining = file["mutual_aid_remaining"]
    return render(
        request,
        "web/members/file.html",
        {
            "member": member,
            "person": member_viewed(member, user, via="web.member_file"),
            "file": file,
            "enrollments": [
                {**e, "remaining": remaining.get(str(e["year"]), {}).get(e["product"])}
                for e in file["enrollments"]
            ],
            "grants": member_grants(member.pk),
        },
    )


# --- members: their own cases ---------------------------------------------


def _own_member(user: Any) -> Member:
    member = members_visible_to(user).select_related("org_unit").filter(user=user).first()
    if member is None:  # a member login not linked to a member
        raise Http404
    return member


def _own_case(user: Any, case_number: str) -> Case:
    try:
        case = case_for_user(user, case_number)
    except NotFound as exc:
        raise Http404 from exc
    if case.member is None or case.member.user_id != user.pk:
        raise Http404  # visible through a staff role, but not the member's own
    return case


@member_only
def my_cases_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    cases = cases_list(user).filter(member__user=user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/my/index.html",
        {
            "page": page,
            "rows": [case_summary(c) for c in page.object_list],
            "grants": own_grants(user),
        },
    )


@member_only
def my_case_page(request: HttpRequest, case_number: str) -> HttpResponse:
    user = request.user
    case = _own_case(user, case_number)
    status, upload_errors = 200, []
    if request.method == "POST":
        try:
            upload = request.FILES.get("file")
            if upload is None:
                raise InvalidInput(
                    _("Choose a file."), fields={"file": [_("this field is required")]}
                )
            document_upload(case=case, actor=user, upload=upload, kind=LATER_UPLOAD_KIND)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            upload_errors = [m for problems in exc.fields.values() for m in problems]
            status = exc.status
        else:
            messages.success(request, _("Document uploaded."))
            return redirect("my:case", case_number=case.case_number)
    history = AuditEvent.objects.filter(
        case=case, type__in=(events.CASE_CREATED.code, events.STATUS_CHANGED.code)
    ).order_by("seq")
    data = case_data(case, user)
    decisions = member_decisions(case, user, data)
    return render(
        request,
        "web/my/case.html",
        {
            "case": case_summary(case),
            "decision": _decision_facts(data),
            # a consultation: the advice given (PROCESSES.md §5)
            "advice": data if case.program == "consultation" else None,
            # the reasons meant for the member (not the staff's own comments)
            "decisions": decisions,
            "asked": awaiting_answer(decisions, case.case_status),
            "may_upload": documents_accepted(case),
            # the status it was opened with, then each change
            "history": [
                {"at": e.at, "to": e.data.get("to") or e.data.get("status")} for e in history
            ],
            "documents": [document_dict(d) for d in case.documents.select_related("uploaded_by")],
            "upload_errors": upload_errors,
        },
        status=status,
    )


def _decision_facts(data: dict[str, Any]) -> list[tuple[str, Any]]:
    rows = []
    for key in DECISION_FACTS:
        head, _dot, sub = key.partition(".")
        value = data.get(head)
        if sub:
            value = value.get(sub) if isinstance(value, dict) else None
        if value not in (None, ""):
            rows.append((key, value))
    return rows


# --- members: applying ----------------------------------------------------


def _relief_declaration() -> dict[str, Any]:
    return input_declaration("relief", ApplicationInput, relief_submit, exclude=("member",))


def _claim_declaration(products: list[str]) -> dict[str, Any]:
    declaration = input_declaration("claim", ClaimInput, claim_submit, exclude=("member", "year"))
    return with_choices(declaration, "product", products)


@member_only
def my_relief_apply_page(request: HttpRequest) -> HttpResponse:
    member = _own_member(request.user)
    declaration = _relief_declaration()
    if request.method == "POST":
        try:
            case = _relief_apply(request, member, declaration)
        except ApplicationError as exc:
            return _form_page(request, "web/my/relief.html", declaration, exc)
        messages.success(
            request, _("Your application %(case)s was submitted.") % {"case": case.case_number}
        )
        return redirect("my:case", case_number=case.case_number)
    return _form_page(request, "web/my/relief.html", declaration, None)


def _relief_apply(request: HttpRequest, member: Member, declaration: dict[str, Any]) -> Case:
    """What ``POST /api/relief/applications/`` does for a member applying for
    themself, with the documents stored alongside."""
    files = request.FILES.getlist("documents")
    values = _validated(
        ApplicationInput(data={**form_data(declaration, request.POST), "member": member.pk}),
        files,
    )
    del values["member"]
    return submit_with_documents(
        submit=lambda: relief_submit(actor=request.user, member=member, **values),
        actor=request.user,
        files=files,
        kind="application",
    )


@member_only
def my_claim_page(request: HttpRequest) -> HttpResponse:
    member = _own_member(request.user)
    products = products_enrolled(member)
    declaration = _claim_declaration(products)
    extra = {"enrolled": bool(products)}
    if request.method == "POST":
        try:
            case = _claim(request, member, declaration)
        except ApplicationError as exc:
            return _form_page(request, "web/my/claim.html", declaration, exc, extra)
        messages.success(
            request, _("Your claim %(case)s was submitted.") % {"case": case.case_number}
        )
        return redirect("my:case", case_number=case.case_number)
    return _form_page(request, "web/my/claim.html", declaration, None, extra)


def _claim(request: HttpRequest, member: Member, declaration: dict[str, Any]) -> Case:
    """What ``POST /api/mutual-aid/claims/`` does for a member claiming for
    themself: the plan is the product's plan of the year of admission."""
    files = request.FILES.getlist("documents")
    values = _validated(
        ClaimInput(data={**form_data(declaration, request.POST), "member": member.pk}), files
    )
    del values["member"]
    product = values.pop("product")
    year = values.pop("year", None) or values["admitted_on"].year
    plan = claim_plan(product, year)
    return submit_with_documents(
        submit=lambda: claim_submit(actor=request.user, member=member, plan=plan, **values),
        actor=request.user,
        files=files,
        kind="invoice",
    )


def _validated(payload: serializers.Serializer, files: list[Any]) -> dict[str, Any]:
    """The input's and the documents' problems at once, before anything is
    written; the validated data when there are none."""
    errors = {} if payload.is_valid() else flat_errors(payload.errors)
    problems = upload_problems(files)
    if problems:
        errors["documents"] = problems
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    return dict(payload.validated_data)


def _form_page(
    request: HttpRequest,
    template: str,
    declaration: dict[str, Any],
    failed: ApplicationError | None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    errors = dict(failed.fields) if failed else {}
    # a refused upload names the field ``file``: it is the documents input here
    document_errors = errors.pop("documents", []) + errors.pop("file", [])
    if failed is not None:
        messages.error(request, failed.message)
        shown = {f["name"] for f in declaration["fields"]}
        for field, problems in errors.items():
            if field not in shown:
                for problem in problems:
                    shown_as = (
                        problem
                        if field == "non_field_errors"
                        else f"{label(field, 'field')}: {problem}"
                    )
                    messages.error(request, shown_as)
    context = {
        "fields": form_fields(declaration, request.POST if failed else None, errors),
        "document_errors": document_errors,
        "allowed_types": ", ".join(settings.DOCUMENT_ALLOWED_EXTENSIONS),
        **(extra or {}),
    }
    return render(request, template, context, status=failed.status if failed else 200)


@member_only
def my_document(request: HttpRequest, case_number: str, document_id: int) -> FileResponse:
    case = _own_case(request.user, case_number)
    return document_download(case, document_id, request.user, via="web.my_document")
