"""The access table: route → method → object → role → what the role's
insider gets (the vocabulary: ``vocabulary.py``). A cell marked
``TODO(issue 8)`` holds the code's current behaviour where it disagrees with
the design; ``GAPS`` says why, and docs/ACCESS.md marks it ⚠."""

from __future__ import annotations

from .legal_rows import CASE_STAFF_ANY, LEGAL_API, LEGAL_PAGES, NOT_THE_LAWYERS, REPORTS_PAGE
from .vocabulary import (
    ADMIN_INDEX,
    ADMIN_PAGES,
    ANY,
    ASSIGNED,
    HOLDER,
    LOGIN,
    OWN,
    PUBLIC,
    SCOPE,
    STAFF_ANY,
    STAFF_WRITE,
    SUBMITTER,
    Cell,
    anyone,
    case_read,
    cells,
    mediation_handler,
    member_page,
    only,
    staff_page,
)

# a claim's documents and the benefit statement are medical details: the
# roles outside casework.core.privacy's MEDICAL_ROLES get nothing
NO_MEDICAL_DETAILS: dict[str, Cell] = dict.fromkeys(
    ("finance", "mediation_coordinator", "mediator", "auditor"), 404
)

# the new-case pages: the roles the API lets open cases; the area is not
# the other roles' (404), and the program not the other opener's (403)
INTAKE_ANY = cells(404, caseworker=ANY, mediation_coordinator=ANY, member=404, anonymous=LOGIN)
CASEWORKER_INTAKE = cells(
    404, caseworker=ANY, mediation_coordinator=403, member=404, anonymous=LOGIN
)
COORDINATOR_INTAKE = cells(
    404, mediation_coordinator=ANY, caseworker=403, member=404, anonymous=LOGIN
)
# a caseworker files for the member (the others who see the case: 403)
STAFF_FILES = cells(403, caseworker=SCOPE, member=404, anonymous=LOGIN)

# the campaigns area: its roles read (the others' menu has none: 404); a
# county supervisor sets a campaign up, a caseworker nominates (the others: 403)
CAMPAIGN_PAGE = cells(
    404, caseworker=ANY, supervisor=ANY, finance=ANY, auditor=ANY, member=404, anonymous=LOGIN
)
CAMPAIGN_SETUP = {**CAMPAIGN_PAGE, "caseworker": 403, "finance": 403, "auditor": 403}
NOMINATE_PAGE = {**CAMPAIGN_PAGE, "supervisor": 403, "finance": 403, "auditor": 403}

# route → method → subject → role → cell
ACCESS: dict[str, dict[str, dict[str, dict[str, Cell]]]] = {
    # --- pages outside the Site ------------------------------------------------
    "": {"GET": {"-": anyone(anonymous=LOGIN)}},
    "accounts/login/": {
        "GET": {"-": anyone(anonymous=PUBLIC)},
        "POST": {"-": anyone(anonymous=PUBLIC)},
    },
    "accounts/logout/": {"POST": {"-": anyone(anonymous=PUBLIC)}},
    "i18n/setlang/": {
        "GET": {"-": anyone(anonymous=PUBLIC)},
        "POST": {"-": anyone(anonymous=PUBLIC)},
    },
    "jsi18n/": {"GET": {"-": anyone(anonymous=PUBLIC)}},
    ADMIN_INDEX: {"GET": {"-": cells(ANY, member=LOGIN, anonymous=LOGIN)}},
    ADMIN_PAGES: {"GET": {"-": cells(403, member=LOGIN, anonymous=LOGIN)}},
    # --- the API ------------------------------------------------------------------
    "api/auth/token/": {
        "POST": {"-": anyone(anonymous=PUBLIC)},
        "DELETE": {"-": anyone()},  # revokes the caller's own token
    },
    "api/auth/token/revoke/": {"POST": {"-": cells(403, member=403)}},  # superusers only
    "api/auth/password/": {"POST": {"-": anyone()}},  # one's own password
    "api/me/": {"GET": {"-": anyone()}},
    "api/org-units/": {"GET": {"-": anyone()}},
    "api/members/": {
        "GET": {"-": anyone()},
        "POST": {"-": cells(ANY, auditor=403, member=403)},
    },
    "api/members/<int:member_id>/": {"GET": {"member": cells(SCOPE, member=OWN)}},
    "api/members/<int:member_id>/file/": {"GET": {"member": cells(SCOPE, member=OWN)}},
    "api/relief/applications/": {"POST": {"-": only("caseworker", member=ANY)}},
    "api/cases/": {"GET": {"-": anyone()}},
    "api/cases/<str:case_number>/": {
        "GET": {s: case_read(s) for s in ("relief", "claim", "mediation", "consultation")}
    },
    "api/cases/<str:case_number>/timeline/": {
        "GET": {s: case_read(s) for s in ("relief", "claim", "mediation", "consultation")}
    },
    "api/cases/<str:case_number>/documents/": {
        "GET": {
            "relief": case_read("relief"),
            # a claim's documents are medical details (casework.core.privacy)
            "claim": {**case_read("claim"), **NO_MEDICAL_DETAILS},
            "mediation": case_read("mediation"),
        },
        "POST": {
            "relief": cells(SCOPE, auditor=403, member=OWN),
            "claim": cells(SCOPE, auditor=403, member=OWN),
            "mediation": mediation_handler(),
        },
    },
    "api/cases/<str:case_number>/withdraw/": {
        "POST": {
            "relief": cells(403, caseworker=SCOPE, member=403),
            "claim": cells(403, caseworker=SCOPE, member=403),
            # the submitter passes, then hears 409: a referral is never withdrawn this way
            # (the applicant's withdrawal is an outcome of `mediate`)
            "mediation": cells(
                404, mediation_coordinator=SUBMITTER, mediator=403, auditor=403, member=404
            ),
        }
    },
    "api/cases/<str:case_number>/generate/": {
        "POST": {
            "relief": STAFF_WRITE,
            # the benefit statement shows medical details
            "claim": cells(
                SCOPE,
                auditor=403,
                member=403,
                finance=403,
                mediation_coordinator=403,
                mediator=403,
            ),
            "mediation": mediation_handler(),
        }
    },
    # the member of a rejected or refused case, or a caseworker for them (an
    # open case is a 409 ``not_refused`` to them: allowed, refused by state)
    "api/cases/<str:case_number>/reconsideration/": {
        "POST": {
            "relief": cells(403, caseworker=SCOPE, member=OWN),
            "claim": cells(403, caseworker=SCOPE, member=OWN),
        }
    },
    "api/tasks/": {"GET": {"-": anyone()}},
    "api/tasks/<int:task_id>/": {
        "GET": {s: case_read(s) for s in ("relief", "claim", "mediation")}
    },
    "api/tasks/<int:task_id>/claim/": {"POST": {"claim": cells(403, caseworker=SCOPE, member=403)}},
    "api/tasks/<int:task_id>/release/": {
        "POST": {
            "relief": cells(
                403,
                caseworker=HOLDER,
                supervisor=SCOPE,
                member=403,
            ),
            "mediation": cells(
                404, mediation_coordinator=SCOPE, mediator=ASSIGNED, auditor=403, member=404
            ),
        }
    },
    "api/tasks/<int:task_id>/reassign/": {
        "POST": {
            "claim": cells(403, supervisor=SCOPE, member=403),
            "mediation": cells(
                404, mediation_coordinator=SCOPE, mediator=403, auditor=403, member=404
            ),
        }
    },
    "api/tasks/<int:task_id>/complete/": {
        "POST": {
            "relief": cells(403, caseworker=HOLDER, member=403),
            "claim": cells(403, caseworker=SCOPE, member=403),
            "mediation": cells(
                404, mediation_coordinator=403, mediator=ASSIGNED, auditor=403, member=404
            ),
        }
    },
    "api/parameters/": {"GET": {"-": STAFF_ANY}},
    "api/parameters/<str:key>/": {
        "GET": {"param": STAFF_ANY},
        "PATCH": {"param": cells(403, member=403)},  # superusers only
    },
    "api/audit/verify/": {"GET": {"-": only("auditor")}},
    "api/audit/viewed/": {"GET": {"-": only("auditor")}},
    "api/schema/": {"GET": {"-": anyone(anonymous=PUBLIC)}},
    "api/docs/": {"GET": {"-": anyone(anonymous=PUBLIC)}},
    "api/mutual-aid/plans/": {"GET": {"-": CASE_STAFF_ANY}, "POST": {"-": only("supervisor")}},
    "api/mutual-aid/plans/<int:plan_id>/": {
        "GET": {"plan": CASE_STAFF_ANY},
        "PATCH": {"plan": only("supervisor")},
    },
    "api/mutual-aid/enrollments/": {"GET": {"-": anyone()}, "POST": {"-": only("caseworker")}},
    "api/mutual-aid/enrollments/import/": {"POST": {"-": only("caseworker")}},
    "api/mutual-aid/claims/": {"POST": {"-": only("caseworker", member=ANY)}},
    "api/mediation/referrals/": {"POST": {"-": only("mediation_coordinator")}},
    "api/mediation/cases/<str:case_number>/sessions/": {
        "GET": {"mediation": case_read("mediation")},
        "POST": {"mediation": mediation_handler()},
    },
    "api/mediation/cases/<str:case_number>/extend/": {"POST": {"mediation": mediation_handler()}},
    # campaigns: every staff member of the tree sees the campaigns of its units
    # and those above (which it nominates to); the lists are cases of their unit
    "api/campaigns/": {
        "GET": {"-": anyone()},  # members get an empty page
        "POST": {"-": only("supervisor")},
    },
    "api/campaigns/<int:campaign_id>/": {"GET": {"campaign": NOT_THE_LAWYERS}},
    "api/campaigns/<int:campaign_id>/lists/": {
        "POST": {"campaign": cells(403, caseworker=ANY, member=404)}
    },
    "api/campaigns/<int:campaign_id>/lists/import/": {
        "POST": {"campaign": cells(403, caseworker=ANY, member=404)}
    },
    **LEGAL_API,
    "api/legal/aid/": {"POST": {"-": only("caseworker", member=ANY)}},
    "api/campaign-grants/": {"GET": {"-": anyone()}},  # a member's own; staff get none
    "api/campaign-lists/<str:case_number>/list.xlsx": {"GET": {"list": cells(SCOPE, member=404)}},
    **{
        f"api/campaign-lists/<str:case_number>/recipients/<int:recipient_id>/{op}/": {
            "POST": {"list": cells(403, member=404, **{role: SCOPE})}
        }
        for op, role in (
            ("verify", "caseworker"),
            ("exclude", "caseworker"),
            ("issue", "finance"),
            ("sign", "finance"),
            ("unreachable", "finance"),
        )
    },
    "api/campaign-lists/<str:case_number>/issue-remaining/": {
        "POST": {"list": cells(403, member=404, finance=SCOPE)}
    },
    "api/reports/summary/": {"GET": {"-": CASE_STAFF_ANY}},
    "api/reports/summary.xlsx": {"GET": {"-": CASE_STAFF_ANY}},
    "api/reports/monthly/": {"GET": {"-": CASE_STAFF_ANY}},
    "api/reports/public-notice.pdf": {"GET": {"-": CASE_STAFF_ANY}},
    "api/reports/exports/": {"POST": {"-": CASE_STAFF_ANY}},
    "api/reports/exports/<int:job_id>/": {"GET": {"export": cells(OWN, member=OWN)}},
    "api/reports/exports/<int:job_id>/download/": {"GET": {"export": cells(OWN, member=OWN)}},
    "api/notifications/": {"GET": {"-": anyone()}},
    "api/notifications/<int:notification_id>/read/": {
        "POST": {"notification": cells(OWN, member=OWN)}
    },
    "^api/": {"GET": {"-": cells(404, member=404, anonymous=404)}},
    # --- the web UI (casework/web/site.py) ---------------------------------------
    "work/": {"GET": {"-": staff_page()}, "POST": {"-": staff_page()}},
    "work/tasks/<int:task_id>/": {
        "GET": {s: case_read(s, web=True) for s in ("relief", "claim", "mediation", "list")},
        "POST": {
            "relief": cells(  # op=release
                403,
                caseworker=HOLDER,
                supervisor=SCOPE,
                member=404,
                anonymous=LOGIN,
            ),
            "claim": cells(403, caseworker=SCOPE, member=404, anonymous=LOGIN),
            # a campaign list under review: op=recipient_verify
            "list": cells(403, caseworker=SCOPE, member=404, anonymous=LOGIN),
            "mediation": cells(
                404,
                mediation_coordinator=403,
                mediator=ASSIGNED,
                auditor=403,
                member=404,
                anonymous=LOGIN,
            ),
        },
    },
    # new cases: relief and mutual aid by a caseworker, referrals by the coordinator
    "intake/": {"GET": {"-": INTAKE_ANY}},
    "intake/relief/": {"GET": {"-": CASEWORKER_INTAKE}, "POST": {"-": CASEWORKER_INTAKE}},
    "intake/mutual-aid/": {"GET": {"-": CASEWORKER_INTAKE}, "POST": {"-": CASEWORKER_INTAKE}},
    "intake/mediation/": {"GET": {"-": COORDINATOR_INTAKE}, "POST": {"-": COORDINATOR_INTAKE}},
    "intake/legal-aid/": {"GET": {"-": CASEWORKER_INTAKE}, "POST": {"-": CASEWORKER_INTAKE}},
    "cases/": {"GET": {"-": staff_page()}, "POST": {"-": staff_page()}},
    "cases/<str:case_number>/": {
        "GET": {
            s: case_read(s, web=True) for s in ("relief", "claim", "mediation", "consultation")
        },
        "POST": {
            "relief": cells(403, caseworker=SCOPE, member=404, anonymous=LOGIN),
            "claim": cells(403, caseworker=SCOPE, member=404, anonymous=LOGIN),
        },
    },
    # a caseworker files a reconsideration for the member of the case
    "cases/<str:case_number>/reconsideration/": {
        m: {s: STAFF_FILES for s in ("relief", "claim")} for m in ("GET", "POST")
    },
    "cases/<str:case_number>/chart.svg": {
        "GET": {s: case_read(s, web=True) for s in ("relief", "claim", "mediation")}
    },
    "cases/<str:case_number>/documents/<int:document_id>/": {
        "GET": {
            "relief": case_read("relief", web=True),
            "claim": {**case_read("claim", web=True), **NO_MEDICAL_DETAILS},
            "mediation": case_read("mediation", web=True),
        }
    },
    # the inline preview: the download's access and logging, served inline
    "cases/<str:case_number>/documents/<int:document_id>/preview/": {
        "GET": {
            "relief": case_read("relief", web=True),
            "claim": {**case_read("claim", web=True), **NO_MEDICAL_DETAILS},
            "mediation": case_read("mediation", web=True),
        }
    },
    # each user's own notifications (marking one of someone else's: 404)
    "notifications/": {
        "GET": {"-": cells(ANY, member=ANY, anonymous=LOGIN)},
        "POST": {"-": cells(ANY, member=ANY, anonymous=LOGIN)},
    },
    "members/": {"GET": {"-": staff_page()}},
    "members/<int:member_id>/": {"GET": {"member": cells(SCOPE, member=404, anonymous=LOGIN)}},
    "reports/": {"GET": {"-": REPORTS_PAGE}},
    **LEGAL_PAGES,
    # the public-notice list: the caseworkers who object and the supervisors
    # who read it; every other role's menu has no such area (404)
    "notice/": {
        "GET": {"-": cells(404, caseworker=ANY, supervisor=ANY, member=404, anonymous=LOGIN)},
        "POST": {"-": cells(404, caseworker=ANY, supervisor=403, member=404, anonymous=LOGIN)},
    },
    "notice/list.pdf": {
        "GET": {"-": cells(404, caseworker=ANY, supervisor=ANY, member=404, anonymous=LOGIN)}
    },
    "campaigns/": {"GET": {"-": CAMPAIGN_PAGE}},
    "campaigns/new/": dict.fromkeys(("GET", "POST"), {"-": CAMPAIGN_SETUP}),
    "campaigns/<int:campaign_id>/": {"GET": {"campaign": CAMPAIGN_PAGE}},
    "campaigns/<int:campaign_id>/lists/template.csv": {"GET": {"campaign": CAMPAIGN_PAGE}},
    **{
        f"campaigns/<int:campaign_id>/lists/{page}/": dict.fromkeys(
            ("GET", "POST"), {"campaign": NOMINATE_PAGE}
        )
        for page in ("new", "upload")
    },
    "my/": {"GET": {"-": member_page()}},
    "my/apply/relief/": {"GET": {"-": member_page()}, "POST": {"-": member_page()}},
    "my/apply/mutual-aid/": {"GET": {"-": member_page()}, "POST": {"-": member_page()}},
    "my/apply/legal-aid/": {"GET": {"-": member_page()}, "POST": {"-": member_page()}},
    "my/cases/<str:case_number>/": {
        "GET": {s: member_page(OWN) for s in ("relief", "claim")},
        "POST": {s: member_page(OWN) for s in ("relief", "claim")},
    },
    "my/cases/<str:case_number>/answer/": {
        "GET": {s: member_page(OWN) for s in ("relief", "claim")},
        "POST": {s: member_page(OWN) for s in ("relief", "claim")},
    },
    "my/cases/<str:case_number>/documents/<int:document_id>/": {
        "GET": {s: member_page(OWN) for s in ("relief", "claim")}
    },
    # the member asks for reconsideration (an open case: the page says there is nothing to ask)
    "my/cases/<str:case_number>/reconsideration/": {
        "GET": {s: member_page(OWN) for s in ("relief", "claim")},
        "POST": {s: member_page(OWN) for s in ("relief", "claim")},
    },
}

# what the table cannot say in a cell
NOTES: dict[str, str] = {
    "": "redirects: staff to `work/`, members to `my/`",
    "api/auth/token/": "wrong credentials → 400",
    "api/members/": "POST: registering members is for staff who handle cases (not the auditor)",
    "api/relief/applications/": "a member applies only for themself (another member → 403)",
    "api/mutual-aid/claims/": "a member claims only for themself (another member → 403)",
    "api/legal/aid/": "a member applies only for themself (another member or a person → 403)",
    "api/cases/<str:case_number>/withdraw/": "the submitter or a caseworker, before approval",
    "api/cases/<str:case_number>/timeline/": "each event's data through the case page's "
    "privacy policy (see Field classes): withheld fields named under `withheld`, ID numbers "
    "and phones masked unless whole on the case; a read that shows a protected field is logged",
    "api/tasks/<int:task_id>/release/": "the holder, or a supervisor / coordinator",
    "api/parameters/<str:key>/": "PATCH: superusers only",
    "api/reports/exports/<int:job_id>/download/": "409 until the export is done",
    "^api/": "any other path under /api/: 404 in the error shape",
    ADMIN_INDEX: "staff roles see an empty index: no role has model permissions; "
    "the admin is for superusers",
    ADMIN_PAGES: "every model's pages: superusers only",
    "work/": "POST: claim or reassign ticked tasks, each through the engine (each refusal "
    "reported); save or delete one's own saved filters",
    "cases/": "POST: save or delete one's own saved filters",
    "work/tasks/<int:task_id>/": "POST: the engine's claim / release / reassign / complete; "
    "on a campaign list also a recipient verified or excluded (review), a grant issued, signed "
    "for or unreachable, the remaining grants issued, the sign-for sheet generated (disburse) — "
    "the API's writes through workflows.campaign_work: the step's roles only (403), its takers",
    "cases/<str:case_number>/": "POST: upload, generate, withdraw",
    "intake/relief/": "the same refusals as the API's POST (another open relief case, a limit)",
    "intake/mediation/": "a court case number already registered → 409 naming the case",
    "my/cases/<str:case_number>/answer/": "the member answers a return (409 when the case "
    "does not wait on them); completes the step through the engine",
    "notice/": "POST: an objection to a case on the list (its public-notice task), "
    "through the engine; the list shows the user's subtree, masked as posted",
}

# (route, method, subject, role) → a gap between the code and the design:
# the cell holds the code's current behaviour; the walk keeps it green
# (none left open: the four found by the walk are fixed)
GAPS: dict[tuple[str, str, str, str], str] = {}
