"""Signed checkpoints of every chain's sealed head, appended to a file
outside the database (``AUDIT_CHECKPOINT_PATH``, one JSON line each).

A sealed head proves a chain was not cut short by someone without the key;
it cannot prove the head is the newest one: a head row restored to an
older, genuinely sealed value (from a dump, a replica, the WAL) together
with the events after it deleted looks intact. The checkpoint remembers
how far each chain had come, outside the reach of whoever holds the
database, and the verifier names every chain that is now behind it.

A line is ``{"v": 1, "at": …, "heads": {case number: [seq, hash prefix]},
"sig": …}``, the signature an HMAC under ``AUDIT_CHAIN_KEY`` over the
canonical JSON of the rest. The hash is kept to its first 16 hex digits
(64 bits of an HMAC nobody can aim at without the key): a line costs about
40 bytes per case. Only the last line is read, from the end of the file,
so the file may grow (or be rotated) without slowing the verifier."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .chain import canonical
from .heads import head_seal_ok
from .models import ChainHead

CHECKPOINT_DOMAIN = "casework.audit.checkpoint.v1\n"
HASH_CHARS = 16
# the checkpoint's name of the chain outside any case (no case number)
NO_CASE_LABEL = "(no case)"


@dataclass(frozen=True)
class Checkpoint:
    at: str
    # case number (NO_CASE_LABEL) → (seq, first HASH_CHARS of that event's hash)
    heads: dict[str, tuple[int, str]]
    path: Path


@dataclass
class CheckpointRead:
    """The last checkpoint whose signature verifies (None: there is none),
    and what was wrong with the lines after it."""

    checkpoint: Checkpoint | None = None
    problems: list[str] = field(default_factory=list)


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def _signature(body: dict) -> str:
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    message = (CHECKPOINT_DOMAIN + canonical(body)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _lines_from_the_end(path: Path, block: int = 1 << 20) -> Iterator[bytes]:
    """The file's non-empty lines, last first, read backwards in blocks."""
    with path.open("rb") as file:
        end = file.seek(0, os.SEEK_END)
        partial = b""
        while end > 0:
            start = max(0, end - block)
            file.seek(start)
            lines = (file.read(end - start) + partial).split(b"\n")
            end = start
            partial = lines.pop(0)  # may go on in the block before
            yield from (line for line in reversed(lines) if line.strip())
        if partial.strip():
            yield partial


def _parse(line: bytes, path: Path) -> Checkpoint | str:
    """The checkpoint on ``line``, or what is wrong with it."""
    try:
        record = json.loads(line)
        signature = record.pop("sig")
        at, heads = str(record["at"]), record["heads"]
        parsed = {str(k): (int(v[0]), str(v[1])) for k, v in heads.items()}
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return f"checkpoint file {path}: a line is not a checkpoint"
    if not hmac.compare_digest(_signature(record), str(signature)):
        return f"checkpoint of {at} in {path}: the signature does not verify"
    return Checkpoint(at=at, heads=parsed, path=path)


def checkpoint_last(path: Path | None = None) -> CheckpointRead:
    """The last valid checkpoint in the file (default
    ``AUDIT_CHECKPOINT_PATH``); a missing file has none and is no problem.
    Lines after it that do not parse or whose signature does not verify
    are problems."""
    path = path or checkpoint_path()
    read = CheckpointRead()
    if not path.exists():
        return read
    for line in _lines_from_the_end(path):
        parsed = _parse(line, path)
        if isinstance(parsed, Checkpoint):
            read.checkpoint = parsed
            break
        read.problems.append(parsed)
    return read


def audit_checkpoint_write(*, path: Path | None = None) -> Checkpoint:
    """Append one signed checkpoint of every chain's sealed head to the file
    (default ``AUDIT_CHECKPOINT_PATH``; its folder is created), flushed to
    disk before returning.

    A checkpoint never moves a chain back: a chain whose head is now behind
    the previous checkpoint, whose head seal does not verify, or whose case
    is gone keeps the previous checkpoint's entry, so the verifier keeps
    naming it until someone looks."""
    path = path or checkpoint_path()
    previous = checkpoint_last(path).checkpoint
    heads = dict(previous.heads) if previous is not None else {}
    rows = ChainHead.objects.values_list("chain", "case__case_number", "seq", "hash", "seal")
    for chain, number, seq, last_hash, seal in rows.iterator(chunk_size=5000):
        if not head_seal_ok(chain=chain, seq=seq, last_hash=last_hash, seal=seal):
            continue
        label = number or NO_CASE_LABEL
        kept = heads.get(label)
        if kept is not None and kept[0] >= seq and not last_hash.startswith(kept[1]):
            continue  # behind (or beside) what was checkpointed: keep the alarm
        heads[label] = (seq, last_hash[:HASH_CHARS])
    at = timezone.now().isoformat()
    body = {
        "v": 1,
        "at": at,
        "heads": {label: [seq, prefix] for label, (seq, prefix) in heads.items()},
    }
    line = canonical({**body, "sig": _signature(body)}) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as file:
        if file.tell() > 0:
            with path.open("rb") as tail:
                tail.seek(-1, os.SEEK_END)
                if tail.read(1) != b"\n":  # a line cut short before: keep ours whole
                    file.write(b"\n")
        file.write(line.encode("utf-8"))
        file.flush()
        os.fsync(file.fileno())
    return Checkpoint(at=at, heads=heads, path=path)
