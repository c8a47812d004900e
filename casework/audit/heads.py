"""Sealed chain heads: every chain's last ``seq`` and ``hash`` kept in
``ChainHead`` with an HMAC seal under ``AUDIT_CHAIN_KEY`` (the key lives
outside the database). The verifier expects each chain to run exactly up to
its sealed head, so deleting its tail or the whole chain shows; forging a
shorter head needs the key. The head is written with its event
(``AuditEvent.save``, ``head_write`` in ``models``)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from .chain import canonical

# ``ChainHead.chain`` of the chain outside any case
NO_CASE_CHAIN = 0

# keeps a head's seal from ever equalling a link hash or a checkpoint signature
HEAD_SEAL_DOMAIN = "casework.audit.head.v1\n"


def chain_of(case_id: int | None) -> int:
    """The ``ChainHead.chain`` of a case's chain (or of the one outside any)."""
    return NO_CASE_CHAIN if case_id is None else case_id


def head_seal(*, chain: int, seq: int, last_hash: str) -> str:
    body = canonical({"chain": chain, "seq": seq, "hash": last_hash})
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    return hmac.new(key, (HEAD_SEAL_DOMAIN + body).encode("utf-8"), hashlib.sha256).hexdigest()


def head_seal_ok(*, chain: int, seq: int, last_hash: str, seal: str) -> bool:
    expected = head_seal(chain=chain, seq=seq, last_hash=last_hash)
    return hmac.compare_digest(expected, seal)
