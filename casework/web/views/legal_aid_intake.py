"""Legal-aid pages (PROCESSES.md §5): the caseworker's intake — for a member
(from their file, ``?member=``) or a person typed in — and the member's own
application from their pages. Both show the computed means test before
anything is written ("Check the means test") and open the case as
``POST /api/legal/aid/`` does (``LegalAidInput``, then
``workflows.intake.legal_aid_apply``), with the documents stored alongside;
the case page shows the test again, as the case holds it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied
from rest_framework import serializers

from casework.core.access import user_roles, user_unit
from casework.core.errors import ApplicationError, InvalidInput
from casework.core.models import Case, Member
from casework.core.roles import CASEWORKER
from casework.legal.aid_inputs import LegalAidInput
from casework.legal.aid_selectors import means_test_for
from casework.web.access import member_only, staff_only
from casework.web.forms import form_data, form_fields
from casework.web.intake_forms import chosen_member
from casework.web.labels import label
from casework.web.member_forms import input_declaration, submit_with_documents, upload_problems
from casework.web.views.member_pages import _own_member
from workflows import intake

NESTED = ("applicant", "employer")
DOCUMENT_KIND = "application"


def _declaration(*, for_member: bool) -> dict[str, Any]:
    """The application's fields, the applicant and the employer spelled out
    (``applicant.name``); the applicant's left out when a member applies."""
    declaration = input_declaration("legal_aid", LegalAidInput, intake.legal_aid_apply)
    inner = LegalAidInput().fields
    fields = []
    for field in declaration["fields"]:
        nested = inner[field["name"]]
        if not isinstance(nested, serializers.Serializer):
            fields.append(field)
            continue
        if field["name"] == "applicant" and for_member:
            continue
        part = input_declaration(field["name"], type(nested), intake.legal_aid_apply)
        fields += [
            {**f, "name": f"{field['name']}.{f['name']}"}
            for f in part["fields"]
            if f["name"] != "member"
        ]
    return {**declaration, "fields": fields}


def _errors(errors: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, problems in errors.items():
        if isinstance(problems, dict):
            for sub, inner in problems.items():
                key = name if sub == "non_field_errors" else f"{name}.{sub}"
                out.setdefault(key, []).extend(str(m) for m in inner)
        else:
            out[name] = [str(m) for m in problems]
    return out


def _validated(request: HttpRequest, declaration: dict[str, Any], member: Member | None) -> Any:
    """The posted form as the API reads it, validated with the documents'
    limits, before anything is written (400 naming the fields)."""
    data: dict[str, Any] = {"employer": {}, "applicant": {}}
    for name, value in form_data(declaration, request.POST).items():
        head, dot, sub = name.partition(".")
        if dot:
            data[head][sub] = value
        else:
            data[name] = value
    if member is not None:
        data["applicant"] = {"member": member.pk}
    payload = LegalAidInput(data=data)
    errors = {} if payload.is_valid() else _errors(payload.errors)
    problems = upload_problems(request.FILES.getlist("documents"))
    if problems:
        errors["documents"] = problems
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    return dict(payload.validated_data)


def _open(request: HttpRequest, values: dict[str, Any]) -> Case:
    return submit_with_documents(
        submit=lambda: intake.legal_aid_apply(actor=request.user, **values),
        actor=request.user,
        files=request.FILES.getlist("documents"),
        kind=DOCUMENT_KIND,
    )


def _submitted(case: Case) -> str:
    """The message after submitting: the case and its means test's verdict
    with the reasons, in the page's words."""
    aid = case.legal_aid
    verdict = _("eligible") if aid.eligible else _("not eligible")
    reasons = "; ".join(str(label(r, "value")) for r in aid.reasons)
    return _(
        "Legal-aid application %(case)s was submitted. Means test: %(verdict)s (%(reasons)s)."
    ) % {"case": case.case_number, "verdict": verdict, "reasons": reasons}


def _page(
    request: HttpRequest,
    declaration: dict[str, Any],
    member: Member | None,
    context: dict[str, Any],
) -> HttpResponse:
    """Show the form, or on a post check the means test (``op=check``:
    nothing written) or open the case and go to it."""
    failed: ApplicationError | None = None
    test = None
    if context["posted"]:
        try:
            values = _validated(request, declaration, member)
            if request.POST.get("op") == "check":
                unit = member.org_unit if member else user_unit(request.user)
                test = means_test_for(unit, values) if unit else None
            else:
                case = _open(request, values)
                messages.success(request, _submitted(case))
                return redirect(context["done_url"], case_number=case.case_number)
        except ApplicationError as exc:
            failed = exc
            messages.error(request, exc.message)
    errors = dict(failed.fields) if failed else {}
    shown = {f["name"] for f in declaration["fields"]}
    for field, problems in errors.items():
        if field not in shown and field != "documents":
            for problem in problems:
                messages.error(request, problem)
    return render(
        request,
        context["template"],
        {
            **context,
            "fields": form_fields(declaration, request.POST if context["posted"] else None, errors),
            "document_errors": errors.get("documents", []),
            "means_test": test.as_data() if test else None,
            "allowed_types": ", ".join(settings.DOCUMENT_ALLOWED_EXTENSIONS),
            "member": member,
        },
        status=failed.status if failed else 200,
    )


@staff_only
def legal_aid_intake_page(request: HttpRequest) -> HttpResponse:
    """A caseworker's legal-aid application for a member or a person."""
    if not (request.user.is_superuser or CASEWORKER in user_roles(request.user)):
        return permission_denied(request, PermissionDenied(_("You may not open these cases.")))
    source = request.POST if request.method == "POST" else request.GET
    try:
        member = chosen_member(request.user, source.get("member"))
    except InvalidInput as exc:
        messages.error(request, exc.message)
        member = None
    declaration = _declaration(for_member=member is not None)
    return _page(
        request,
        declaration,
        member,
        {
            "template": "web/legal_aid/intake.html",
            "done_url": "cases:detail",
            "posted": request.method == "POST",
        },
    )


@member_only
def my_legal_aid_page(request: HttpRequest) -> HttpResponse:
    """A member's own legal-aid application."""
    member = _own_member(request.user)
    return _page(
        request,
        _declaration(for_member=True),
        member,
        {
            "template": "web/legal_aid/my_apply.html",
            "done_url": "my:case",
            "posted": request.method == "POST",
        },
    )
