"""The who-viewed log: a ``viewed`` event each time a response shows someone
personal data whole, medical details or mediation content
(``casework.core.privacy`` says what a response reveals), and the scoped
read of those events for auditors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from casework.core.access import user_roles, user_unit
from casework.core.errors import Forbidden
from casework.core.models import Case, Member
from casework.core.privacy import CATEGORIES
from casework.core.roles import AUDITOR

from . import registry
from .models import AuditEvent
from .services import audit_record


def personal_data_viewed(
    *,
    case: Case | None,
    actor: Any,
    what: list[str],
    member: Member | None = None,
    via: str = "",
) -> AuditEvent | None:
    """Record that ``actor`` was shown ``what`` (categories of
    ``casework.core.privacy.CATEGORIES``) in one response: one event in the
    case's chain, or — for a member's record, which is no case — in the chain
    outside any case, naming the member. Call it once per response, with
    everything the response revealed; nothing is written when ``what`` is
    empty. Refuses (ValueError) a category it does not know."""
    unknown = set(what) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown personal-data categories: {sorted(unknown)}")
    if not what:
        return None
    data: dict[str, Any] = {"what": [c for c in CATEGORIES if c in what]}
    if member is not None:
        data["member"] = member.pk
    if via:
        data["via"] = via
    return _viewed_record(case, actor, data)


# one event: no savepoint inside the caller's block (the refusals above come
# first, so a caller that catches one keeps a usable transaction)
@transaction.atomic(savepoint=False)
def _viewed_record(case: Case | None, actor: Any, data: dict[str, Any]) -> AuditEvent:
    return audit_record(case=case, actor=actor, type=registry.VIEWED.code, data=data)


def viewed_log_visible(user: Any) -> bool:
    """The who-viewed log is for auditors and superusers."""
    return bool(getattr(user, "is_authenticated", False)) and bool(
        user.is_superuser or AUDITOR in user_roles(user)
    )


def viewed_events(
    user: Any,
    *,
    case_number: str | None = None,
    username: str | None = None,
    since: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The ``viewed`` events an auditor may read, newest first: those of the
    cases of their subtree and of the members of their subtree (a member's
    record is logged outside any case). Refuses (403) anyone else."""
    if not viewed_log_visible(user):
        raise Forbidden("the who-viewed log is for auditors")
    qs = AuditEvent.objects.filter(type=registry.VIEWED.code)
    if not user.is_superuser:
        unit = user_unit(user)
        if unit is None:
            return qs.none()
        member_in_scope = Member.objects.filter(
            pk=Cast(KeyTextTransform("member", OuterRef("data")), IntegerField()),
            org_unit__path__startswith=unit.path,
        )
        qs = qs.filter(
            Q(case__org_unit__path__startswith=unit.path)
            | Q(case__isnull=True) & Exists(member_in_scope)
        )
    if case_number:
        qs = qs.filter(case__case_number=case_number)
    if username:
        qs = qs.filter(actor_name=username)
    if since is not None:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        qs = qs.filter(at__gte=start)
    return qs.select_related("case").order_by("-at", "-pk")


def viewed_rows(events: list[AuditEvent]) -> list[dict[str, Any]]:
    """The events as the log shows them: when, who, which case or member,
    what was seen and where. The members named are read in one query."""
    member_ids = {e.data.get("member") for e in events} - {None}
    names = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "name"))
    return [
        {
            "at": e.at,
            "actor": e.actor_name,
            "case_number": e.case.case_number if e.case is not None else None,
            "member": None
            if e.data.get("member") is None
            else {"id": e.data["member"], "name": names.get(e.data["member"], "")},
            "what": list(e.data.get("what") or []),
            "via": e.data.get("via", ""),
        }
        for e in events
    ]


def viewed_events_of(case: Case, limit: int = 100) -> list[dict[str, Any]]:
    """The latest ``viewed`` events of one case the caller has authorized
    (the case page shows them to auditors; the API pages through all)."""
    events = list(
        AuditEvent.objects.filter(case=case, type=registry.VIEWED.code)
        .select_related("case")
        .order_by("-seq")[:limit]
    )
    return viewed_rows(events)
