"""The access table's rows of the legal-services pages (PROCESSES.md §5), and
the cell of the program-wide reads the duty lawyer is refused. Every staff
member reads the roster and the consultations they may see; caseworkers and
supervisors keep the roster; they and the duty lawyer log consultations."""

from __future__ import annotations

from .vocabulary import ANY, LOGIN, SCOPE, STAFF_ANY, Cell, cells, only

# plans, reports: every staff role but the duty lawyer (consultations and
# the roster only)
CASE_STAFF_ANY = cells(ANY, duty_lawyer=403, member=403)
# a campaign: every staff role of the tree but the duty lawyer, who may not see it
NOT_THE_LAWYERS = cells(ANY, duty_lawyer=404, member=404)
REPORTS_PAGE = cells(ANY, duty_lawyer=404, member=404, anonymous=LOGIN)

LEGAL_PAGE = cells(ANY, member=404, anonymous=LOGIN)
ROSTER_KEEPER_PAGE = cells(403, caseworker=ANY, supervisor=ANY, member=404, anonymous=LOGIN)
CONSULTATION_PAGE = cells(
    403, caseworker=ANY, supervisor=ANY, duty_lawyer=ANY, member=404, anonymous=LOGIN
)

# route → method → subject → role → cell
# the API: the roster is kept by caseworkers and supervisors of the slot's
# subtree and read by all staff; consultations are logged by the same and
# the duty lawyer
LEGAL_API: dict[str, dict[str, dict[str, dict[str, Cell]]]] = {
    "api/legal/slots/": {"GET": {"-": STAFF_ANY}},
    "api/legal/slots/generate/": {"POST": {"-": only("caseworker", "supervisor")}},
    "api/legal/slots/<int:slot_id>/": {
        "PATCH": {"slot": cells(403, caseworker=SCOPE, supervisor=SCOPE, member=404)}
    },
    "api/legal/consultations/": {"POST": {"-": only("caseworker", "supervisor", "duty_lawyer")}},
}
LEGAL_PAGES: dict[str, dict[str, dict[str, dict[str, Cell]]]] = {
    "legal/": {"GET": {"-": LEGAL_PAGE}},
    "legal/roster/print/": {"GET": {"-": LEGAL_PAGE}},
    "legal/roster/generate/": {"GET": {"-": ROSTER_KEEPER_PAGE}, "POST": {"-": ROSTER_KEEPER_PAGE}},
    "legal/roster/slots/<int:slot_id>/": {
        "GET": {"slot": cells(SCOPE, member=404, anonymous=LOGIN)},  # to the slot's month
        "POST": {
            "slot": cells(403, caseworker=SCOPE, supervisor=SCOPE, member=404, anonymous=LOGIN)
        },
    },
    "legal/consult/": {"GET": {"-": CONSULTATION_PAGE}, "POST": {"-": CONSULTATION_PAGE}},
    "legal/consultations/": {"GET": {"-": LEGAL_PAGE}},
}
