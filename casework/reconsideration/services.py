"""Every write of a reconsideration (PROCESSES.md §6): the request (a
``CaseIntake``, opened by ``workflows.intake.reconsideration_request``),
the decision, and the link to the case an overturn reopened. Each is
recorded on the original case too."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.core.access import user_roles
from casework.core.case_records import case_close
from casework.core.errors import Conflict, Forbidden
from casework.core.intake import CaseIntake
from casework.core.models import Case
from casework.core.parameters import param_int
from casework.core.roles import CASEWORKER

from . import events, rules
from .models import Decision, Reconsideration
from .statuses import ReconsiderationStatus

# the events written on the original and the reopened case carry their
# facts as that case's ``changed`` fields: the timeline shows them, each
# through the other program's own classes (a claim's reason is medical)
CHANGED = "changed"


def requester_check(actor: Any, original: Case) -> None:
    """403 ``not_requester`` unless ``actor`` is the member of the case or a
    caseworker (for them); the caller has already checked the actor sees it."""
    member = original.member
    own = member is not None and member.user_id is not None and member.user_id == actor.pk
    if not (own or actor.is_superuser or CASEWORKER in user_roles(actor)):
        raise Forbidden(
            _("only the member of the case, or a caseworker for them, may ask for reconsideration"),
            code="not_requester",
        )


def _refusals(original: Case) -> None:
    """409 when a reconsideration exists for the decision, the case was
    not rejected or refused, or the window has passed."""
    earlier = Reconsideration.objects.select_related("case").filter(original=original).first()
    if earlier is not None:
        raise Conflict(
            _("reconsideration of %(case)s was already asked for in %(other)s")
            % {"case": original.case_number, "other": earlier.case.case_number},
            code="reconsideration_exists",
        )
    if not rules.may_be_reconsidered(original.program, original.case_status):
        raise Conflict(
            _("case %(case)s was not rejected or refused: there is no decision to reconsider")
            % {"case": original.case_number},
            code="not_refused",
        )
    decided = timezone.localdate(original.closed) if original.closed else timezone.localdate()
    ends = rules.window_ends(decided, param_int("reconsideration.window_days"))
    if timezone.localdate() > ends:
        raise Conflict(
            _("the time to ask for reconsideration of %(case)s ended on %(date)s")
            % {"case": original.case_number, "date": ends.isoformat()},
            code="window_passed",
        )


def reconsideration_intake(*, actor: Any, original: Case, reason: str) -> CaseIntake:
    """A reconsideration of ``original`` for its member, in its unit,
    ``reviewing``. Refuses: 403 (``requester_check``), 409 (``_refusals``).
    The original's row is locked, so two requests for one decision queue
    and the second is refused."""
    requester_check(actor, original)
    original = (
        Case.objects.select_for_update(of=("self",))
        .select_related("org_unit", "member")
        .get(pk=original.pk)
    )
    _refusals(original)

    def details(case: Case) -> None:
        Reconsideration.objects.create(
            case=case, original=original, reason=reason, requested_by=actor
        )
        original.data = {**(original.data or {}), "reconsideration": case.case_number}
        original.save(update_fields=["data"])
        audit_record(
            case=original,
            actor=actor,
            type=events.RECONSIDERATION_REQUESTED.code,
            data={CHANGED: {"case_number": case.case_number}},
        )

    return CaseIntake(
        program="reconsideration",
        member=original.member,
        org_unit=original.org_unit,
        status=ReconsiderationStatus.REVIEWING,
        details=details,
        summary={"original": original.case_number, "reason": reason},
    )


def _locked(case: Case) -> Reconsideration:
    rec = Reconsideration.objects.select_for_update().select_related("original").get(case=case)
    rec.case = case  # the caller's object: the one that carries the case's open audit chain
    return rec


def _decide(case: Case, actor: Any, decision: str, reason: str) -> Reconsideration:
    rec = _locked(case)
    rec.decision, rec.decision_reason = decision, reason
    rec.decided_by, rec.decided_at = actor, timezone.now()
    rec.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        case=rec.original,
        actor=actor,
        type=events.RECONSIDERATION_DECIDED.code,
        data={CHANGED: {"case_number": case.case_number, "action": decision, "reason": reason}},
    )
    return rec


def reconsideration_uphold(*, case: Case, actor: Any, reason: str) -> Reconsideration:
    """The original decision stands; the case ends ``upheld`` (the member is
    told why: ``workflows.reconsideration``)."""
    rec = _decide(case, actor, Decision.UPHOLD, reason)
    case_close(case=case, status=ReconsiderationStatus.UPHELD, actor=actor)
    return rec


def reconsideration_overturn(*, case: Case, actor: Any, reason: str) -> Reconsideration:
    """The original decision is set aside; the case ends ``overturned``
    (the workflows layer then reopens the original's program and links it:
    ``reconsideration_reopened``)."""
    rec = _decide(case, actor, Decision.OVERTURN, reason)
    case_close(case=case, status=ReconsiderationStatus.OVERTURNED, actor=actor)
    return rec


def reconsideration_reopened(*, case: Case, reopened: Case, actor: Any) -> Reconsideration:
    """Link the case an overturn opened both ways: the reconsideration's
    ``reopened_as``, the new case's ``reopened_from`` (and the
    reconsideration it came from), each recorded on the three cases."""
    rec = _locked(case)
    rec.reopened_as = reopened
    rec.save(update_fields=["reopened_as"])
    original = rec.original
    reopened.data = {
        **(reopened.data or {}),
        "reopened_from": original.case_number,
        "reconsideration": case.case_number,
    }
    reopened.save(update_fields=["data"])
    for linked in (case, original):
        audit_record(
            case=linked,
            actor=actor,
            type=events.CASE_REOPENED.code,
            data={CHANGED: {"case_number": reopened.case_number}},
        )
    audit_record(
        case=reopened,
        actor=actor,
        type=events.RECONSIDERATION_DECIDED.code,
        data={
            CHANGED: {
                "case_number": case.case_number,
                "action": Decision.OVERTURN.value,
                "reason": rec.decision_reason,
            }
        },
    )
    return rec
