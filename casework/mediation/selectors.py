"""Mediation reads: the case facts (confidential content only for those
who may read it), sessions, mediators' caseloads and the statistics of
PROCESSES.md §3 — all scoped to the user."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from casework.core.access import mediation_content_visible, user_unit
from casework.core.errors import Forbidden
from casework.core.models import Case, OrgUnit
from casework.core.privacy import person_shown, worker_whole_fields
from casework.core.roles import MEDIATOR

from . import rules
from .models import MediationSession, Referral, ReferralType
from .statuses import MediationStatus

SETTLED_STATUSES = (MediationStatus.SETTLED, MediationStatus.SETTLED_UNFULFILLED)
AMOUNTS = ("claimed", "claimed_settled", "agreed", "average_days")


def mediation_case_data(case: Case, user: Any) -> dict[str, Any]:
    """The referral, its deadline and days left, the mediator and the
    outcome. Agreement terms, reasons, disputed points, notes and the worker
    appear only for the coordinator, the case's mediator and auditors; the
    worker's ID number and phone are whole for the coordinator and the
    mediator only (``casework.core.privacy``)."""
    referral = Referral.objects.select_related("mediator").get(case=case)
    today = timezone.localdate()
    confidential = mediation_content_visible(user, case, mediator_id=referral.mediator_id)
    data: dict[str, Any] = {
        "court": referral.court,
        "court_case_number": referral.court_case_number,
        "referral_type": referral.referral_type,
        "procedure": referral.procedure,
        "referred_on": referral.referred_on,
        "received_on": referral.received_on,
        "deadline": referral.deadline,
        "days_left": rules.days_left(referral.deadline, today) if not case.closed else None,
        "deadline_passed": rules.deadline_passed(referral.deadline, today),
        "extended": referral.extended,
        "extension_days": referral.extension_days,
        "mediator": referral.mediator.get_username() if referral.mediator else None,
        "outcome": referral.outcome or None,
        "outcome_on": referral.outcome_on,
        "judicial_confirmation": referral.judicial_confirmation or None,
        "performance": referral.performance or None,
        "returned_on": referral.returned_on,
        "letter_reference": referral.letter_reference,
        # the consultation (LC-…) that referred a union mediation
        "consultation": referral.consultation_number or None,
    }
    if not confidential:
        return data
    whole = worker_whole_fields(user, case, referral.mediator_id)
    data.update(
        {
            "worker": {
                "member": referral.worker_member_id,
                "name": referral.worker_name,
                **person_shown(referral.worker_id_number, referral.worker_phone, whole),
            },
            "employer": {
                "name": referral.employer_name,
                "credit_code": referral.employer_credit_code,
            },
            "dispute_types": referral.dispute_types,
            "amount_claimed": referral.amount_claimed,
            "summary": referral.summary,
            "parties_consent": referral.parties_consent,
            "court_consent": referral.court_consent,
            "agreed_amount": referral.agreed_amount,
            "terms": referral.terms,
            "performance_due": referral.performance_due,
            "outcome_reason": referral.outcome_reason,
            "disputed_points": referral.disputed_points,
            "follow_up_note": referral.follow_up_note,
            "sessions": referral.sessions.count(),
        }
    )
    return data


def sessions_of(case: Case) -> QuerySet[MediationSession]:
    """The sessions of a case the caller has already authorized."""
    return MediationSession.objects.filter(referral__case=case).select_related("recorded_by")


def mediators_with_caseload(unit: OrgUnit | None) -> list[dict[str, Any]]:
    """Every active mediator of the unit's subtree with the number of open
    mediation cases they hold, in one query."""
    users = get_user_model().objects.filter(is_active=True, groups__name=MEDIATOR)
    if unit is not None:
        users = users.filter(profile__org_unit__path__startswith=unit.path)
    rows = (
        users.annotate(
            open_cases=Count(
                "mediation_referrals",
                filter=Q(mediation_referrals__case__closed__isnull=True),
                distinct=True,
            )
        )
        .order_by("username")
        .values("username", "first_name", "last_name", "open_cases")
    )
    return [
        {
            "username": row["username"],
            "full_name": f"{row['last_name']}{row['first_name']}".strip(),
            "open_cases": row["open_cases"],
        }
        for row in rows
    ]


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def mediation_statistics(
    user: Any, *, year: int, org_unit: OrgUnit | None = None
) -> dict[str, Any]:
    """The figures of PROCESSES.md §3 for referrals received in ``year`` in
    the user's subtree (or ``org_unit``'s, inside it): referrals, settled,
    closed, success rate (settled / closed), amount claimed vs agreed,
    average days from receipt to outcome, returned to court, withdrawn,
    union mediations vs court referrals and the union ones unresolved,
    extensions and judicial confirmations. One aggregate query; counts only,
    nothing of any case's content."""
    if not user.is_superuser:
        unit = user_unit(user)
        if unit is None:
            raise Forbidden("reports are for staff of a unit")
        if org_unit is None or not org_unit.path.startswith(unit.path):
            org_unit = unit
    referrals = Referral.objects.filter(received_on__year=year)
    if org_unit is not None:
        subtree = OrgUnit.objects.filter(path__startswith=org_unit.path).values("pk")
        referrals = referrals.filter(case__org_unit__in=subtree)
    settled = Q(case__case_status__in=SETTLED_STATUSES)
    figures = referrals.aggregate(
        referred=Count("pk"),
        settled=Count("pk", filter=settled),
        settled_unfulfilled=Count(
            "pk", filter=Q(case__case_status=MediationStatus.SETTLED_UNFULFILLED)
        ),
        closed=Count("pk", filter=Q(case__closed__isnull=False)),
        returned_to_court=Count(
            "pk", filter=Q(case__case_status=MediationStatus.RETURNED_TO_COURT)
        ),
        withdrawn=Count("pk", filter=Q(case__case_status=MediationStatus.WITHDRAWN)),
        # union mediation (PROCESSES.md §5) beside the court's referrals
        union=Count("pk", filter=Q(referral_type=ReferralType.UNION)),
        court=Count("pk", filter=~Q(referral_type=ReferralType.UNION)),
        unresolved=Count("pk", filter=Q(case__case_status=MediationStatus.UNRESOLVED)),
        extensions=Count("pk", filter=Q(extended_at__isnull=False)),
        judicial_confirmations=Count("pk", filter=Q(judicial_confirmation="confirmed")),
        judicial_confirmation_applications=Count(
            "pk", filter=Q(judicial_confirmation__in=["applied", "confirmed", "refused"])
        ),
        claimed=Sum("amount_claimed"),
        claimed_settled=Sum("amount_claimed", filter=Q(outcome="settle")),
        agreed=Sum("agreed_amount", filter=Q(outcome="settle")),
        average_days=Avg("days_to_outcome"),
    )
    zero = Decimal("0.00")
    average = figures["average_days"]
    return {
        "year": year,
        **{k: v for k, v in figures.items() if k not in AMOUNTS},
        "amount_claimed": figures["claimed"] or zero,
        "amount_claimed_settled": figures["claimed_settled"] or zero,
        "amount_agreed": figures["agreed"] or zero,
        "success_rate": _rate(figures["settled"], figures["closed"]),
        "average_days": None
        if average is None
        else Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
    }
