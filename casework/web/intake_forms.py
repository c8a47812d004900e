"""What the staff intake pages need besides the views: who may open which
program's cases (the API's checks: a caseworker opens relief cases and
mutual-aid claims, the mediation coordinator registers court referrals),
the API's input serializers as HTML fields — a referral's nested worker and
employer as flat ``worker.name`` fields and back — and the member a new
case is for."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from casework.core.access import user_roles
from casework.core.errors import InvalidInput, NotFound
from casework.core.models import Member
from casework.core.roles import CASEWORKER, MEDIATION_COORDINATOR
from casework.mediation.inputs import MediationReferralInput
from casework.mutual_aid.inputs import ClaimInput
from casework.presenters.member import member_for_user
from casework.relief.inputs import ApplicationInput
from casework.web.forms import form_data
from casework.web.member_forms import flat_errors, input_declaration
from workflows import intake
from workflows.mediation import MediationFlow
from workflows.mutual_aid import MutualAidFlow
from workflows.relief import ReliefFlow

RELIEF, MUTUAL_AID, MEDIATION = ReliefFlow.program, MutualAidFlow.program, MediationFlow.program
LEGAL_AID = "legal_aid"  # its page: casework.web.views.legal_aid_intake
# the programs in the order the pages offer them, with who may open their cases
OPENERS: dict[str, frozenset[str]] = {
    RELIEF: frozenset({CASEWORKER}),
    MUTUAL_AID: frozenset({CASEWORKER}),
    MEDIATION: frozenset({MEDIATION_COORDINATOR}),
    LEGAL_AID: frozenset({CASEWORKER}),
}
# what the pages call opening a case of each program, and what it is
ACTIONS = {
    RELIEF: gettext_lazy("Open a relief case"),
    MUTUAL_AID: gettext_lazy("Enter a claim"),
    MEDIATION: gettext_lazy("Register a court referral"),
    LEGAL_AID: gettext_lazy("Apply for legal aid"),
}
ABOUT = {
    RELIEF: gettext_lazy(
        "A relief application for a member in hardship: household figures, the reason, documents."
    ),
    MUTUAL_AID: gettext_lazy(
        "A medical mutual-aid claim for an enrolled member: the hospital stay, the expenses, "
        "the invoices."
    ),
    MEDIATION: gettext_lazy(
        "A labor dispute the court refers to the union's mediation studio: the court case, "
        "the worker, the employer."
    ),
    LEGAL_AID: gettext_lazy(
        "Free legal aid in a labour dispute: the applicant, the employer, the claim and the "
        "household's income; the means test is computed."
    ),
}
# the document kind a file attached at intake is stored as
INTAKE_DOCUMENT_KIND = {
    RELIEF: "application",
    MUTUAL_AID: "invoice",
    MEDIATION: "other",
    LEGAL_AID: "application",
}
# the referral's worker when the case is for a member: the member's id
WORKER_MEMBER = "worker.member"


def may_open(user: Any, program: str) -> bool:
    """Whether ``user`` may open cases of ``program`` (superusers may)."""
    return bool(user.is_superuser or user_roles(user) & OPENERS[program])


def programs_to_open(user: Any) -> list[str]:
    return [program for program in OPENERS if may_open(user, program)]


def may_open_any(user: Any) -> bool:
    return bool(programs_to_open(user))


def chosen_member(user: Any, member_id: str | None) -> Member | None:
    """The member ``member_id`` names, when ``user`` may see them; None when
    none is named; 400 on ``member`` for an id that names no one they see."""
    if not member_id:
        return None
    try:
        return member_for_user(user, int(member_id))
    except (NotFound, ValueError) as exc:
        raise InvalidInput(
            _("Choose the member again."), fields={"member": [_("member not found")]}
        ) from exc


def relief_declaration() -> dict[str, Any]:
    return input_declaration(RELIEF, ApplicationInput, intake.relief_submit, exclude=("member",))


def claim_declaration() -> dict[str, Any]:
    return input_declaration(MUTUAL_AID, ClaimInput, intake.claim_submit, exclude=("member",))


def referral_declaration(*, for_member: bool) -> dict[str, Any]:
    """The referral's fields with the worker and the employer spelled out
    (``worker.name``, ``employer.credit_code``); the worker's own fields are
    left out when the case is for a member (the member is the worker)."""
    declaration = input_declaration(MEDIATION, MediationReferralInput, intake.referral_register)
    nested = MediationReferralInput().fields
    fields = []
    for field in declaration["fields"]:
        inner = nested[field["name"]]
        if not isinstance(inner, serializers.Serializer):
            fields.append(field)
            continue
        if field["name"] == "worker" and for_member:
            continue
        part = input_declaration(field["name"], type(inner), intake.referral_register)
        fields += [
            {**f, "name": f"{field['name']}.{f['name']}"}
            for f in part["fields"]
            if f"{field['name']}.{f['name']}" != WORKER_MEMBER
        ]
    return {**declaration, "fields": fields}


def referral_data(declaration: dict[str, Any], posted: QueryDict) -> dict[str, Any]:
    """The posted form as ``POST /api/mediation/referrals/`` reads it: the
    ``worker.*`` and ``employer.*`` fields nested again."""
    data: dict[str, Any] = {}
    for name, value in form_data(declaration, posted).items():
        head, dot, sub = name.partition(".")
        if dot:
            data.setdefault(head, {})[sub] = value
        else:
            data[name] = value
    data.setdefault("employer", {})
    data.setdefault("worker", {})
    return data


def nested_errors(errors: Any) -> dict[str, list[str]]:
    """A serializer's errors keyed as the form's fields are (``worker.name``)."""
    out: dict[str, list[str]] = {}
    for name, problems in errors.items():
        if isinstance(problems, dict) and name in ("worker", "employer"):
            for sub, inner in flat_errors(problems).items():
                key = name if sub == "non_field_errors" else f"{name}.{sub}"
                out.setdefault(key, []).extend(inner)
        else:
            out.update(flat_errors({name: problems}))
    return out
