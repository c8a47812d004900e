"""Roles are Django groups; these are their names."""

CASEWORKER = "caseworker"
SUPERVISOR = "supervisor"
FINANCE = "finance"
MEDICAL_REVIEWER = "medical_reviewer"
MEDIATION_COORDINATOR = "mediation_coordinator"
MEDIATOR = "mediator"
AUDITOR = "auditor"
MEMBER = "member"

ALL_ROLES = (
    CASEWORKER,
    SUPERVISOR,
    FINANCE,
    MEDICAL_REVIEWER,
    MEDIATION_COORDINATOR,
    MEDIATOR,
    AUDITOR,
    MEMBER,
)
STAFF_ROLES = tuple(r for r in ALL_ROLES if r != MEMBER)
