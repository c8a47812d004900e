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
