"""Who sees personal data whole, and what a response reveals (the who-viewed
log records it: ``casework.audit.viewed``).

The policy, as data (``UNMASKED``, ``MEDICAL_ROLES``):

- **ID numbers** (``4522**********123X`` masked: first and last four kept).
  Whole for the caseworker who handles applications and the supervisor who
  approves them, on a member's record and on the applicant of a relief or
  mutual-aid case; for the mediation coordinator (of the case's subtree) and
  the mediator the case is assigned to, on the worker of a mediation case —
  and on that worker's member record. Finance pays by the payee's name and
  the payment data and sees the ID masked, like the medical reviewer, the
  auditor and everyone else.
- **Phones** (``138****5678``: first three and last four kept). Whole only
  for those who call the person: the caseworker (visits, supplements), the
  coordinator and the assigned mediator (sessions).
- **Medical details** of a claim (hospital, dates, diagnosis, expenses,
  invoice numbers, the benefit's explanation): the caseworker who reviews
  it, the medical reviewer and the approving supervisor. Finance pays the
  approved amount and the auditor reads decisions: neither sees them.
- **Mediation content** (statements, notes, agreement terms): as
  ``casework.core.access.mediation_content_visible`` says.

Superusers see everything whole (and are logged like anyone else). A member
sees their own data whole and that is not logged: it is their own. Lists
always mask (the API's ``MemberOutput`` without ``whole``, the
``masked_id`` template filter), so they are never logged row by row.

A response that shows any of these whole records one ``viewed`` event naming
the categories shown (``CATEGORIES``); the functions here say which, from
the same predicates the builders use to decide what to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.core.masking import mask_id_number

from .access import mediation_content_visible, unit_in_scope, user_roles, user_unit
from .models import Case, Member
from .roles import CASEWORKER, MEDIATION_COORDINATOR, MEDIATOR, MEDICAL_REVIEWER, SUPERVISOR

ID_NUMBER = "id_number"
PHONE = "phone"
MEDICAL = "medical"
MEDIATION_CONTENT = "mediation_content"
# the protected categories: showing one whole is logged
CATEGORIES = (ID_NUMBER, PHONE, MEDICAL, MEDIATION_CONTENT)
# classified, and shown to whoever may see the case (not logged)
FINANCIAL = "financial"
PUBLIC = "public"
CATEGORY_LABELS = {
    ID_NUMBER: _("ID number"),
    PHONE: _("Phone"),
    MEDICAL: _("medical details"),
    MEDIATION_CONTENT: _("mediation content"),
}

# whose data it is
MEMBER_RECORD = "member_record"  # a member's record; the applicant of relief / mutual aid
MEDIATION_WORKER = "mediation_worker"  # the worker of a mediation case

# field → whose data → the roles that see it whole
UNMASKED: dict[str, dict[str, frozenset[str]]] = {
    ID_NUMBER: {
        MEMBER_RECORD: frozenset({CASEWORKER, SUPERVISOR}),
        MEDIATION_WORKER: frozenset({MEDIATION_COORDINATOR, MEDIATOR}),
    },
    PHONE: {
        MEMBER_RECORD: frozenset({CASEWORKER}),
        MEDIATION_WORKER: frozenset({MEDIATION_COORDINATOR, MEDIATOR}),
    },
}
MEDICAL_ROLES = frozenset({CASEWORKER, MEDICAL_REVIEWER, SUPERVISOR})
PERSON_FIELDS = frozenset({ID_NUMBER, PHONE})
NOTHING: frozenset[str] = frozenset()


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; a short number is masked whole."""
    phone = (phone or "").strip()
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


MASKS = {ID_NUMBER: mask_id_number, PHONE: mask_phone}


def person_shown(id_number: str, phone: str, whole: frozenset[str]) -> dict[str, str]:
    """A person's ID number and phone as a response shows them: whole for the
    fields in ``whole``, masked otherwise."""
    values = {ID_NUMBER: id_number or "", PHONE: phone or ""}
    return {k: v if k in whole else MASKS[k](v) for k, v in values.items()}


def _whole_by_role(user: Any, whose: str) -> frozenset[str]:
    roles = user_roles(user)
    return frozenset(field for field, by in UNMASKED.items() if roles & by[whose])


def _is_self(user: Any, member: Member | None) -> bool:
    return bool(member is not None and member.user_id is not None and member.user_id == user.pk)


def _handles_mediation_of(user: Any, member: Member) -> bool:
    """Whether the member is the worker of a mediation case the user handles:
    as the coordinator of its subtree or as its assigned mediator."""
    roles = user_roles(user)
    handles = Q(pk__in=[])
    unit = user_unit(user)
    if MEDIATION_COORDINATOR in roles and unit is not None:
        handles |= Q(org_unit__path__startswith=unit.path)
    if MEDIATOR in roles:
        handles |= Q(mediation__mediator=user)
    return Case.objects.filter(
        handles, program="mediation", mediation__worker_member=member
    ).exists()


def member_whole_fields(user: Any, member: Member | None) -> frozenset[str]:
    """The fields of a member's record (or of a case's applicant) the user
    sees whole. The caller has already authorized the member."""
    if member is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.is_superuser or _is_self(user, member):
        return PERSON_FIELDS
    whole = _whole_by_role(user, MEMBER_RECORD)
    missing = _whole_by_role(user, MEDIATION_WORKER) - whole
    if missing and _handles_mediation_of(user, member):
        whole |= missing
    return whole


def worker_whole_fields(user: Any, case: Case, mediator_id: int | None) -> frozenset[str]:
    """The fields of a mediation case's worker the user sees whole: the
    coordinator of the case's subtree and the mediator it is assigned to."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.is_superuser:
        return PERSON_FIELDS
    roles = user_roles(user)
    by = {field: UNMASKED[field][MEDIATION_WORKER] for field in PERSON_FIELDS}
    handles = set()
    if MEDIATION_COORDINATOR in roles and unit_in_scope(user, case.org_unit):
        handles.add(MEDIATION_COORDINATOR)
    if MEDIATOR in roles and mediator_id is not None and mediator_id == user.pk:
        handles.add(MEDIATOR)
    return frozenset(field for field, allowed in by.items() if allowed & handles)


def applicant_shown(case: Case, user: Any) -> dict[str, str] | None:
    """The ID number and phone of a relief or mutual-aid case's applicant as
    the case shows them to ``user``."""
    member = case.member
    if member is None:
        return None
    return person_shown(member.id_number, member.phone, member_whole_fields(user, member))


def medical_details_visible(user: Any, case: Case) -> bool:
    """Diagnosis, hospital, expenses and invoices of a claim: the roles that
    need them (``MEDICAL_ROLES``) and the member themself."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user_roles(user) & MEDICAL_ROLES:
        return True
    return _is_self(user, case.member)


def _filled(whole: frozenset[str], id_number: str, phone: str) -> set[str]:
    values = {ID_NUMBER: id_number, PHONE: phone}
    return {field for field in whole if values[field]}


def _ordered(found: set[str]) -> list[str]:
    return [c for c in CATEGORIES if c in found]


def member_revealed(user: Any, member: Member, whole: frozenset[str] | None = None) -> list[str]:
    """What a response showing the member's record reveals to be logged:
    the fields shown whole (``whole``, when the caller has them at hand),
    nothing for the member's own view."""
    if _is_self(user, member):
        return []
    if whole is None:
        whole = member_whole_fields(user, member)
    return _ordered(_filled(whole, member.id_number, member.phone))


def case_revealed(case: Case, user: Any) -> list[str]:
    """What the case detail (``casework.core.case_data``) shows ``user``
    that is logged: the applicant's or the worker's ID number and phone
    shown whole, medical details, mediation content — read off the same
    ``case_view`` the timeline uses. Nothing for the member's own case."""
    view = case_view(case, user)
    if view.own:
        return []
    found: set[str] = set()
    if case.program in ("relief", "mutual_aid") and case.member is not None:
        found |= _filled(view.whole, case.member.id_number, case.member.phone)
    if case.program == "consultation":
        visitor = getattr(case, "consultation", None)
        if visitor is not None:
            found |= _filled(view.whole, visitor.visitor_id_number, visitor.visitor_phone)
    if case.program == "mutual_aid" and MEDICAL in view.shown:
        found.add(MEDICAL)
    if case.program == "mediation":
        referral = getattr(case, "mediation", None)
        if referral is not None and MEDIATION_CONTENT in view.shown:
            found.add(MEDIATION_CONTENT)
            found |= _filled(view.whole, referral.worker_id_number, referral.worker_phone)
    return _ordered(found)


@dataclass(frozen=True)
class CaseView:
    """What one user may see of one case's classified fields: the classes
    ``shown`` at all (the rest is withheld), and of the person fields those
    shown ``whole`` (the rest masked). ``own``: the member's own case, shown
    whole and not logged."""

    shown: frozenset[str]
    whole: frozenset[str]
    own: bool = False

    @property
    def everything(self) -> bool:
        return MEDICAL in self.shown and MEDIATION_CONTENT in self.shown


OPEN_CLASSES = frozenset({PUBLIC, FINANCIAL})


def case_view(case: Case, user: Any) -> CaseView:
    """The policy of the case page (``case_revealed`` and the programs'
    case builders) as one value, for every other reader of the case's data:
    the timeline, exports, notifications."""
    own = _is_self(user, case.member)
    if own or getattr(user, "is_superuser", False):
        every = frozenset({*CATEGORIES, *OPEN_CLASSES})
        return CaseView(shown=every, whole=PERSON_FIELDS, own=own)
    shown = set(OPEN_CLASSES)
    whole: frozenset[str] = NOTHING
    if case.program == "mediation":
        # the worker, the dispute and everything said: the mediation readers only
        referral = getattr(case, "mediation", None)
        mediator_id = referral.mediator_id if referral is not None else None
        if mediation_content_visible(user, case, mediator_id=mediator_id):
            shown |= {MEDIATION_CONTENT, *PERSON_FIELDS}
            whole = worker_whole_fields(user, case, mediator_id)
    else:
        shown |= PERSON_FIELDS
        if case.member is not None:
            whole = member_whole_fields(user, case.member)
        elif case.program in ("consultation", "legal_aid"):
            # a visitor who is no member: whole for those who see a member's whole
            whole = _whole_by_role(user, MEMBER_RECORD)
        if case.program == "mutual_aid" and medical_details_visible(user, case):
            shown.add(MEDICAL)
    return CaseView(shown=frozenset(shown), whole=whole)
