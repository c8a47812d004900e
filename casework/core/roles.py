"""Roles are Django groups; these are their names, and the words the
pages and exports show for them."""

from django.utils.translation import gettext_lazy as _

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

ROLE_LABELS = {
    CASEWORKER: _("Caseworker"),
    SUPERVISOR: _("Supervisor"),
    FINANCE: _("Finance"),
    MEDICAL_REVIEWER: _("Medical reviewer"),
    MEDIATION_COORDINATOR: _("Mediation coordinator"),
    MEDIATOR: _("Mediator"),
    AUDITOR: _("Auditor"),
    MEMBER: _("Member"),
}
