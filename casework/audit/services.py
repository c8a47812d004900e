"""Writing audit events."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from casework.core.models import Case

from . import registry
from .chain import GENESIS, link_hash
from .models import AuditEvent


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # Decimals and dates become strings exactly as they will be read back.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def audit_record(
    *, case: Case | None, actor: Any, type: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event to the case's chain. The case row is locked for the
    rest of the transaction so two writers never take the same ``seq``."""
    registry.get(type)
    if case is not None:
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
    last = AuditEvent.objects.filter(case=case).order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = timezone.now()
    actor_name = actor.get_username() if actor is not None else "system"
    payload = _plain(data or {})
    event = AuditEvent(
        case=case,
        seq=seq,
        at=at,
        actor=actor,
        actor_name=actor_name,
        type=type,
        data=payload,
        prev_hash=prev_hash,
        hash=link_hash(
            prev_hash,
            case_id=case.pk if case else None,
            seq=seq,
            at=at.isoformat(),
            actor=actor_name,
            type=type,
            data=payload,
        ),
    )
    event.save()
    return event
