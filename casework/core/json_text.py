"""JSON text from outside (API bodies, a mapping typed into a web form) read
with a bound on nesting: Python's parser recurses once per level, so a few
kilobytes of ``[`` exhaust the stack, and nothing the project reads is
nested more than a handful of levels."""

from __future__ import annotations

import json
from typing import Any

# deeper than any input the project declares (a step's input is an object of
# lists of objects at most), far below the interpreter's recursion limit
JSON_MAX_DEPTH = 32


def _strict_constant(name: str) -> Any:
    # NaN and the infinities are not JSON, and no database stores them
    raise ValueError(f"{name} is not a valid JSON value")


def _depth_exceeds(value: Any, limit: int) -> bool:
    # iterative: a walk that recursed would fail where the parser did
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def json_loads(text: str | bytes) -> Any:
    """The value of JSON ``text``. Refuses with ``ValueError`` (as
    ``json.loads`` does for text that is not JSON) NaN and infinities, and
    anything nested more than ``JSON_MAX_DEPTH`` arrays and objects deep,
    however deep: never a ``RecursionError``."""
    try:
        value = json.loads(text, parse_constant=_strict_constant)
    except RecursionError:
        raise ValueError(f"nested more than {JSON_MAX_DEPTH} levels deep") from None
    if isinstance(value, (dict, list)) and _depth_exceeds(value, JSON_MAX_DEPTH):
        raise ValueError(f"nested more than {JSON_MAX_DEPTH} levels deep")
    return value
