"""Every field a case's events carry, classified once: identity (the ID
number), contact (phone, address), medical, financial, mediation content, or
public. Each program declares its fields in its ``privacy`` module and
registers them from its AppConfig.ready(); the keys every program's events
share are declared here.

Two uses, one table:

- **What the audit chain keeps** (``data_recorded``): a medical or mediation
  value is kept as a keyed fingerprint, not in clear. The program's own
  record holds the value (shown through the case page's policy); the chain
  proves what was entered and when, and a copy of the chain (a backup, an
  export of the events) reveals nothing of it.
- **What a reader sees** (``data_shown``): an event's data as one user may
  see it — withheld classes removed and named, identity and contact masked
  unless the user sees them whole (``casework.core.privacy.CaseView``), and
  the protected categories it revealed, for the who-viewed log. A key no
  one has classified is withheld from everyone but those who see everything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .privacy import (
    CATEGORIES,
    FINANCIAL,
    ID_NUMBER,
    MASKS,
    MEDIATION_CONTENT,
    MEDICAL,
    PHONE,
    PUBLIC,
    CaseView,
)

CLASSES = (ID_NUMBER, PHONE, MEDICAL, FINANCIAL, MEDIATION_CONTENT, PUBLIC)
# kept in the chain as a fingerprint only
SEALED = frozenset({MEDICAL, MEDIATION_CONTENT})
SEALED_KEY = "sealed"
# keys whose value is a set of the program's own fields: a step's input, a
# change set ({field: [before, after]})
NESTED = frozenset({"input", "changes", "changed"})
WITHHELD_KEY = "withheld"
# the class of what a program's documents hold (a claim's invoices and
# discharge summaries are medical)
DOCUMENT_CONTENT = "document_content"

# what the events of every program carry besides the program's own fields
COMMON: dict[str, str] = {
    **dict.fromkeys(
        (
            # the engine: tasks, steps, status moves, timers
            "task",
            "node",
            "action",
            "user",
            "from",
            "to",
            "due",
            "case_number",
            "program",
            "status",
            # documents (the name is the program's to classify)
            "document",
            "kind",
            "size",
            "sha256",
            # the who-viewed log
            "what",
            "via",
            "member",
            # generated documents
            "generated",
            "type",
            "reason_code",
        ),
        PUBLIC,
    ),
    "amount": FINANCIAL,
    "method": FINANCIAL,
    "reference": FINANCIAL,
    "paid_on": FINANCIAL,
}

_PROGRAMS: dict[str, dict[str, str]] = {}


def fields_classify(program: str, classes: Mapping[str, str]) -> None:
    """Declare the classes of a program's fields (called once, at start)."""
    unknown = set(classes.values()) - set(CLASSES)
    if unknown:
        raise ValueError(f"unknown field classes for {program}: {sorted(unknown)}")
    _PROGRAMS[program] = dict(classes)


def classified() -> dict[str, dict[str, str]]:
    """Every program's declared classes (for docs/ACCESS.md)."""
    return {program: dict(classes) for program, classes in _PROGRAMS.items()}


def field_class(program: str, name: str) -> str | None:
    """The class of a field of the program's events; None: unclassified."""
    own = _PROGRAMS.get(program, {})
    return own.get(name) or COMMON.get(name)


def fields_unclassified(program: str, data: Mapping[str, Any]) -> set[str]:
    """The keys of an event's data that nobody classified (a test keeps this
    empty for every event the programs write)."""
    found = set()
    for key, value in data.items():
        if key in NESTED and isinstance(value, Mapping):
            found |= fields_unclassified(program, value)
        elif field_class(program, key) is None:
            found.add(key)
    return found


def data_recorded(program: str, data: Mapping[str, Any], seal: Callable[[Any], str]) -> dict:
    """The data as the audit chain keeps it: each medical or mediation value
    replaced by ``{"sealed": seal(value)}``."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key in NESTED and isinstance(value, Mapping):
            kept[key] = data_recorded(program, value, seal)
        elif field_class(program, key) in SEALED and value not in (None, "", [], {}):
            kept[key] = {SEALED_KEY: seal(value)}
        else:
            kept[key] = value
    return kept


def data_shown(
    program: str, view: CaseView, data: Mapping[str, Any]
) -> tuple[dict[str, Any], set[str]]:
    """The data as ``view`` may see it, and the protected categories it
    shows (nothing for the member's own case: that is not logged)."""
    shown: dict[str, Any] = {}
    withheld: list[str] = []
    revealed: set[str] = set()
    for key, value in data.items():
        if key in NESTED and isinstance(value, Mapping):
            shown[key], found = data_shown(program, view, value)
            revealed |= found
            continue
        cls = field_class(program, key)
        if cls is None:  # fail closed: only those who see everything see it
            cls = PUBLIC if view.everything else None
        if cls is None or cls not in view.shown:
            withheld.append(key)
            continue
        if cls in MASKS and cls not in view.whole:
            shown[key] = _masked(cls, value)
            continue
        shown[key] = value
        if cls in CATEGORIES and _filled(value):
            revealed.add(cls)
    if withheld:
        shown[WITHHELD_KEY] = sorted(withheld)
    return shown, set() if view.own else revealed


def document_revealed(program: str, view: CaseView) -> list[str]:
    """What opening one of the program's documents shows ``view``, to be
    logged: its class when protected, nothing on the member's own case."""
    cls = field_class(program, DOCUMENT_CONTENT)
    return [cls] if cls in CATEGORIES and not view.own else []


def _masked(cls: str, value: Any) -> Any:
    if isinstance(value, str):
        return MASKS[cls](value)
    if isinstance(value, list):
        return [_masked(cls, v) for v in value]
    return value


def _filled(value: Any) -> bool:
    if isinstance(value, Mapping) and set(value) == {SEALED_KEY}:
        return False  # a fingerprint shows nothing
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value not in (None, "", {})
