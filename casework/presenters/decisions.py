"""The decisions taken on a case — who decided, when, at which step, which
action, the case status it led to, and the reasons, comments and objections
that came with it — for the case page, the task page (the decisions that
led to the step at hand) and the member's own case page (the ones meant
for them).

Read from the case's audit chain as the reader may see it
(``casework.audit.timeline``: every value through
``casework.core.privacy.case_view``). A medical or mediation text is kept in
the chain as a fingerprint only; where the reader may see it, its words come
from the program's record as the case page already shows it to that reader
(the case detail's ``data``, built by the programs under the same policy and
logged by the caller): a claim's ``history`` notes and rejection, a
referral's outcome. Nothing here reads a record the case detail did not.

What the member is told (PROCESSES.md): why the case was returned to them
and what to supply (an action that makes the case wait on the applicant,
``Action.pauses_clock``), their own answer to it (the step the submitter
takes), and the decisions they are notified of (``engine.DECISION_STATUSES``
and every end of the case: approval with its amount, rejection and lapse
with the reason, payment, withdrawal). Staff comments, objections lodged
during the public notice, verification notes and the approvers' returns to
the caseworker are internal and never shown to the member."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.timeline import Timeline, TimelineEvent, case_timeline
from casework.core.classification import SEALED_KEY, WITHHELD_KEY
from casework.core.input_fields import UsernameField
from casework.core.models import Case
from casework.core.roles import STAFF_ROLES
from casework.presenters.people import member_account
from workflows import engine

DECISION_EVENTS = frozenset(
    {events.TASK_COMPLETED.code, events.CASE_WITHDRAWN.code, events.MEDIATION_EXTENDED.code}
)
# events that begin a new request on the case: the status moves between two
# of them belong to the decision among them
BOUNDARIES = frozenset(
    {
        events.CASE_CREATED.code,
        events.TASK_CLAIMED.code,
        events.TASK_RELEASED.code,
        events.TASK_REASSIGNED.code,
        events.TASK_COMPLETED.code,
        events.TIMER_FIRED.code,
        events.CASE_WITHDRAWN.code,
        events.MEDIATION_SESSION_LOGGED.code,
    }
)
# the words of a decision, shown as quoted text; the rest as facts
TEXT_FIELDS = ("reason", "objection", "comment", "note", "notes", "terms", "disputed_points")
# what the member is told of a decision meant for them
MEMBER_FIELDS = frozenset({"reason", "reason_code", "note", "approved_amount", "amount", "paid_on"})
# a referral's outcome on the case detail, by the step input that recorded it
REFERRAL_FIELDS = {"reason": "outcome_reason", "note": "follow_up_note"}


def case_decisions(
    case: Case, user: Any, data: dict[str, Any], timeline: Timeline | None = None
) -> list[dict[str, Any]]:
    """Every decision on the case in order, as ``user`` may see it. ``data``
    is the case detail's ``data`` already built for ``user``; ``timeline``
    the case's timeline when the caller has read it (else read here)."""
    if timeline is None:
        timeline = case_timeline(case, user, with_viewed=False)
    rows = _decisions(case, timeline.events)
    _unseal(case.program, rows, data)
    chosen = {str(r["values"][f]) for r in rows for f in r.pop("people") if r["values"].get(f)}
    names = _full_names({r["username"] for r in rows} | chosen)
    for row in rows:
        # staff by their name; a member's own account (their answer to a
        # return) as the documents and the timeline name it
        row["by"] = names.get(row["username"]) or (row["username"] and member_account())
        for name, value in row["values"].items():
            if isinstance(value, str) and value in chosen:  # a user the step chose
                row["values"][name] = names.get(value, value)
        _split(row)
    return rows


def decisions_leading_to(task: Any, user: Any, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The decisions since the task's step was last taken (all of them when
    it never was): on ``supplement`` the return, on ``verify`` after an
    objection the objection, on a second approval the first approver's.
    ``case`` is the case detail built for ``user``."""
    rows = case_decisions(task.info.case, user, case["data"])
    node = task.info.node
    last = max((i for i, r in enumerate(rows) if r["node"] == node), default=-1)
    return rows[last + 1 :]


def member_decisions(case: Case, user: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The decisions meant for the member, with only what they are told."""
    shown = []
    for row in case_decisions(case, user, data):
        if not (row["to_applicant"] or row["from_applicant"] or row["told"]):
            continue
        if row["username"] == user.get_username():
            row["by"] = _("you")
        texts = [t for t in row["texts"] if t["name"] in MEMBER_FIELDS and not t["sealed"]]
        facts = [f for f in row["facts"] if f["name"] in MEMBER_FIELDS]
        shown.append({**row, "texts": texts, "facts": facts, "withheld": []})
    return shown


def awaiting_answer(decisions: Sequence[dict[str, Any]], status: str) -> dict[str, Any] | None:
    """The return the case is still waiting on the applicant for, if any."""
    last = next((d for d in reversed(decisions) if d["to_applicant"] or d["from_applicant"]), None)
    if last is not None and last["to_applicant"] and last["status"] == status:
        return last
    return None


# --- reading the chain -------------------------------------------------------


def _decisions(case: Case, timeline: Sequence[TimelineEvent]) -> list[dict[str, Any]]:
    flow = case.flow_class
    open_statuses = {s for step in flow.steps.values() for s in step.case_statuses()}
    rows: list[dict[str, Any]] = []
    start = 0  # the first event after the last boundary before this one
    for i, event in enumerate(timeline):
        if event.type in DECISION_EVENTS and not _inside_completion(timeline, i):
            end = next(
                (j for j in range(i + 1, len(timeline)) if timeline[j].type in BOUNDARIES),
                len(timeline),
            )
            status = _status_reached(timeline[start:i], timeline[i + 1 : end])
            rows.append(_row(event, flow, status, open_statuses))
        if event.type in BOUNDARIES:
            start = i + 1
    return rows


def _inside_completion(timeline: Sequence[TimelineEvent], i: int) -> bool:
    """An extension recorded by a step's action (the step's completion comes
    next and says it all)."""
    event = timeline[i]
    following = timeline[i + 1] if i + 1 < len(timeline) else None
    return (
        event.type == events.MEDIATION_EXTENDED.code
        and following is not None
        and following.type == events.TASK_COMPLETED.code
    )


def _status_reached(before: Sequence[TimelineEvent], after: Sequence[TimelineEvent]) -> str:
    """Where the decision left the case: the engine's move right after it
    (the next step's status), else the last move its service made before it
    (a rejection, a payment closing the case). The next request may move
    the status again before its own boundary (a follow-up closing the case
    right after the settlement): that move is not this decision's."""
    for event in after:
        if event.type == events.STATUS_CHANGED.code and event.data.get("to"):
            return str(event.data["to"])
    moves = [e.data.get("to") for e in before if e.type == events.STATUS_CHANGED.code]
    return str(moves[-1]) if moves and moves[-1] else ""


def _row(event: TimelineEvent, flow: Any, status: str, open_statuses: set[str]) -> dict[str, Any]:
    data = event.data
    node = data.get("node") if event.type == events.TASK_COMPLETED.code else ""
    node = node if isinstance(node, str) else ""
    step = flow.steps.get(node) if node else None
    if event.type == events.TASK_COMPLETED.code:
        action_name = str(data.get("action") or "")
        given = data.get("input")
        values: dict[str, Any] = given if isinstance(given, dict) else {}
    else:  # a withdrawal or an extension, outside any step
        action_name = "withdraw" if event.type == events.CASE_WITHDRAWN.code else "extend"
        # an extension's from/to are deadlines, not statuses: the new one shown
        values = {("deadline" if k == "to" else k): v for k, v in data.items() if k != "from"}
    action = step.action(action_name) if step is not None else None
    withheld = sorted({*(values.get(WITHHELD_KEY) or []), *(data.get(WITHHELD_KEY) or [])})
    return {
        "seq": event.seq,
        "at": event.at,
        "username": "" if event.actor == "system" else event.actor,  # the audit's own
        "node": node,
        "step": event.step,
        "action": action_name,
        "status": status,
        "values": {k: v for k, v in values.items() if k != WITHHELD_KEY},
        # the inputs that name a user (the mediator assigned): shown by name
        "people": _user_fields(action),
        "withheld": withheld,
        # the case waits on the applicant for what this asks
        "to_applicant": bool(action and action.pauses_clock),
        # the applicant's own step (their answer to a return)
        "from_applicant": bool(
            step is not None and step.submitter_may_act and action and action.roles is None
        ),
        # a decision the applicant is notified of
        "told": bool(status)
        and (status in engine.DECISION_STATUSES or status not in open_statuses),
    }


def _user_fields(action: Any) -> list[str]:
    if action is None:
        return []
    return [n for n, f in action.input().fields.items() if isinstance(f, UsernameField)]


# --- the words kept out of the chain ----------------------------------------


def _sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEALED_KEY}


def _unseal(program: str, rows: list[dict[str, Any]], data: dict[str, Any]) -> None:
    """Fill the fingerprinted values the reader may see with their words
    from the case detail (which holds them only for such a reader)."""
    if program == "mutual_aid":
        _unseal_claim(rows, data)
    elif program == "mediation":
        for row in rows:
            values = row["values"]
            for key, value in values.items():
                found = data.get(REFERRAL_FIELDS.get(key, key))
                if _sealed(value) and found not in (None, "", []):
                    values[key] = found


def _unseal_claim(rows: list[dict[str, Any]], data: dict[str, Any]) -> None:
    """A claim's notes (``history``) are written one per decision that has
    words, in order: each decision takes the next note of its author that
    holds one of its sealed fields. A rejection keeps its words on the
    claim itself."""
    notes = [n for n in data.get("history") or [] if isinstance(n, dict)]
    at = 0
    for row in rows:
        values = row["values"]
        sealed = {k for k, v in values.items() if _sealed(v)}
        if not sealed:
            continue
        for j in range(at, len(notes)):
            note = notes[j]
            if note.get("by") == row["username"] and sealed & set(note):
                values.update({k: note[k] for k in sealed & set(note)})
                if "amount" in note:  # what an approval granted
                    values["approved_amount"] = note["amount"]
                at = j + 1
                break
        else:
            if "reason" in sealed and data.get("reject_reason"):
                values["reason"] = data["reject_reason"]


# --- as the pages show it ----------------------------------------------------


def _split(row: dict[str, Any]) -> None:
    """The row's values as ``texts`` (words) and ``facts`` (figures, dates,
    codes), in a fixed order; empty ones left out."""
    values = row.pop("values")
    texts, facts = [], []
    for name in TEXT_FIELDS:
        if name in values and values[name] not in (None, "", [], {}):
            texts.append(_shown(name, values[name]))
    for name, value in values.items():
        if name in TEXT_FIELDS or value in (None, "", [], {}):
            continue
        facts.append(_shown(name, value))
    row["texts"], row["facts"] = texts, facts


def _shown(name: str, value: Any) -> dict[str, Any]:
    sealed = _sealed(value)
    if sealed:
        value = _("(recorded)")
    elif isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return {"name": name, "value": value, "sealed": sealed}


def _full_names(usernames: set[str]) -> dict[str, str]:
    """username → the full name of the staff among them (one query). A
    member's name is personal data the case view shows, not this: their
    account is "the member" (``people.member_account``; the member's own
    page says "you")."""
    usernames.discard("")
    if not usernames:
        return {}
    users = (
        get_user_model()
        .objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))
        .filter(username__in=usernames)
        .distinct()
    )
    return {u.get_username(): u.get_full_name() or u.get_username() for u in users}
