"""The hash of one link: HMAC-SHA256 under the chain key of (prev_hash ||
canonical JSON of the event). The key lives outside the database
(``AUDIT_CHAIN_KEY``), so someone who can write to the database but does not
hold the key cannot append to a chain or rewrite its tail with hashes that
verify."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

GENESIS = "0" * 64


def canonical(event: dict[str, Any]) -> str:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_hash(
    prev_hash: str, *, case_id: Any, seq: int, at: str, actor: str, type: str, data: Any
) -> str:
    body = canonical(
        {"case": case_id, "seq": seq, "at": at, "actor": actor, "type": type, "data": data}
    )
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    return hmac.new(key, (prev_hash + body).encode("utf-8"), hashlib.sha256).hexdigest()


def value_seal(value: Any) -> str:
    """A keyed fingerprint of a value the chain keeps only as proof (a
    medical or mediation field: ``casework.core.classification``): whoever
    holds the value and the key can show it is the one entered; the chain
    alone reveals nothing of it, not even a short amount (the key is not in
    the database)."""
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    return hmac.new(key, ("value|" + canonical(value)).encode("utf-8"), hashlib.sha256).hexdigest()
