"""The hash of one link: sha256(prev_hash || canonical JSON of the event)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(event: dict[str, Any]) -> str:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_hash(
    prev_hash: str, *, case_id: Any, seq: int, at: str, actor: str, type: str, data: Any
) -> str:
    body = canonical(
        {"case": case_id, "seq": seq, "at": at, "actor": actor, "type": type, "data": data}
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()
