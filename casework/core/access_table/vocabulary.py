"""The table's vocabulary: the roles, what a cell may say, the objects a
URL may point at, and the builders the table is written with."""

from __future__ import annotations

from casework.core.roles import MEMBER, STAFF_ROLES

# every role has a column (a new role fails the table's check until it has)
ROLES = (*STAFF_ROLES, MEMBER, "anonymous")

# --- what a cell says -------------------------------------------------------
# A cell is what the role's *insider* gets: a user of that role at the unit of
# the object (the member who owns it; the mediator it is assigned to). The
# walk derives the teammate's and the outsider's answer from it.
ANY = "any"  # allowed to all of the role; a list shows only what they may see
SCOPE = "scope"  # allowed in the org subtree of the object; outside it → 404
OWN = "own"  # allowed to the owner only (own case, own export); others → 404
ASSIGNED = "assigned"  # mediation: the mediator assigned now; other mediators → 404
HOLDER = "holder"  # the task's holder; others of the role who see it → 403
SUBMITTER = "submitter"  # the case's submitter; others who see it → 403
PUBLIC = "public"  # anonymous visitors too
LOGIN = "login"  # anonymous visitors are sent to the login page
# an int: every user of the role gets that status (for an object: those of the
# role who may see it get 403, the others 404 — "may see but not do")
Cell = str | int
ALLOWED_CELLS = frozenset({ANY, SCOPE, OWN, ASSIGNED, HOLDER, SUBMITTER, PUBLIC})
CELL_VALUES = frozenset({*ALLOWED_CELLS, LOGIN, 401, 403, 404})

LEGEND = {
    ANY: "allowed (a list shows only what the user may see)",
    SCOPE: "allowed inside the object's org subtree; outside it 404",
    OWN: "allowed to the owner only (the member's own case, the user's own export or "
    "notification); anyone else 404",
    ASSIGNED: "mediation: allowed to the mediator the case is assigned to now; other mediators 404",
    HOLDER: "allowed to the task's holder; others of the role who see the case 403, outsiders 404",
    SUBMITTER: "allowed to the case's submitter; others of the role who see the case 403, "
    "outsiders 404",
    PUBLIC: "allowed without logging in",
    LOGIN: "web page: redirect to the login page",
    "401": "API: not authenticated",
    "403": "refused: users of the role who may see the object get 403 (outsiders 404)",
    "404": "not found: the role may not see it at all (web: an area not theirs)",
}

# --- the objects a URL can point at -------------------------------------------
SUBJECTS = {
    "-": "no object in the URL",
    "relief": "a relief case of the county federation (its member: the member persona); "
    "task: its `verify` task, claimed by the county caseworker",
    "claim": "a mutual-aid claim of the same member; task: its `review` task, unclaimed",
    "mediation": "a court referral of the county studio assigned to `mediator`; "
    "task: its `mediate` task",
    "member": "the member persona's member record",
    "plan": "this year's inpatient mutual-aid plan",
    "param": "a parameter (`relief.verify_days`)",
    "export": "an export job requested by the insider",
    "notification": "a notification addressed to the insider",
    "consultation": "a consultation of the member persona at the county federation, "
    "answered and closed",
    "slot": "a duty slot of the county federation's roster (dated yesterday)",
    "campaign": "a 送温暖 campaign of the county federation (its subtree nominates)",
    "list": "a nomination list of that campaign for the county federation, under review "
    "(no member: members read their grants at `api/campaign-grants/`); recipient: its first",
}
# which URL parameters point at which subjects
PARAM_SUBJECTS = {
    "case_number": {"relief", "claim", "mediation", "list", "consultation"},
    "task_id": {"relief", "claim", "mediation", "list"},
    "document_id": {"relief", "claim", "mediation"},
    "member_id": {"member"},
    "plan_id": {"plan"},
    "key": {"param"},
    "job_id": {"export"},
    "notification_id": {"notification"},
    "campaign_id": {"campaign"},
    "slot_id": {"slot"},
    "recipient_id": {"list"},
}

ADMIN_INDEX = "admin/"
ADMIN_PAGES = "admin/<every model page>"


def cells(
    staff: Cell | None = None,
    *,
    member: Cell | None = None,
    anonymous: Cell = 401,
    **by_role: Cell,
) -> dict[str, Cell]:
    """One row's cells: ``staff`` for every staff role unless named."""
    row: dict[str, Cell] = {}
    for role in STAFF_ROLES:
        value = by_role.pop(role, staff)
        if value is None:
            raise ValueError(f"no cell for {role}")
        row[role] = value
    if by_role:
        raise ValueError(f"unknown roles {sorted(by_role)}")
    if member is None:
        raise ValueError("no cell for member")
    row["member"] = member
    row["anonymous"] = anonymous
    return row


def case_read(subject: str, *, web: bool = False) -> dict[str, Cell]:
    """Reading a case (or anything under it): its subtree's staff and its own
    member; mediation only the coordinator, auditors and the assigned
    mediator (PROCESSES.md §3). The staff pages are not the member's area."""
    anonymous: Cell = LOGIN if web else 401
    member: Cell = 404 if web else OWN
    if subject == "mediation":
        return cells(
            404,
            mediation_coordinator=SCOPE,
            mediator=ASSIGNED,
            auditor=SCOPE,
            member=404,
            anonymous=anonymous,
        )
    return cells(SCOPE, member=member, anonymous=anonymous)


def staff_page() -> dict[str, Cell]:
    return cells(ANY, member=404, anonymous=LOGIN)


def member_page(member: Cell = ANY) -> dict[str, Cell]:
    return cells(404, member=member, anonymous=LOGIN)


def mediation_handler(refused: Cell = 403) -> dict[str, Cell]:
    """Writing to a mediation case: the coordinator and the assigned mediator;
    the auditor reads only."""
    return cells(
        404,
        mediation_coordinator=SCOPE,
        mediator=ASSIGNED,
        auditor=refused,
        member=404,
    )


def anyone(anonymous: Cell = 401) -> dict[str, Cell]:
    return cells(ANY, member=ANY, anonymous=anonymous)


def only(*roles: str, member: Cell = 403, allowed: Cell = ANY) -> dict[str, Cell]:
    """Allowed to ``roles``, refused (403) to the other staff roles."""
    return cells(403, member=member, **dict.fromkeys(roles, allowed))


STAFF_ANY = cells(ANY, member=403)
STAFF_WRITE = cells(SCOPE, auditor=403, member=403)  # may see, only the auditor may not write
