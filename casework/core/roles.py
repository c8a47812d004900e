"""Roles are Django groups; these are their names, and the words the
pages and exports show for them."""

from django.utils.translation import gettext_lazy as _

CASEWORKER = "caseworker"
SUPERVISOR = "supervisor"
FINANCE = "finance"
MEDICAL_REVIEWER = "medical_reviewer"
MEDIATION_COORDINATOR = "mediation_coordinator"
MEDIATOR = "mediator"
DUTY_LAWYER = "duty_lawyer"
AUDITOR = "auditor"
MEMBER = "member"

ALL_ROLES = (
    CASEWORKER,
    SUPERVISOR,
    FINANCE,
    MEDICAL_REVIEWER,
    MEDIATION_COORDINATOR,
    MEDIATOR,
    DUTY_LAWYER,
    AUDITOR,
    MEMBER,
)
STAFF_ROLES = tuple(r for r in ALL_ROLES if r != MEMBER)
# the staff who work the programs' cases: the duty lawyer (a lawyer of a firm
# on the legal-service roster) logs and reads their unit's consultations and
# reads the roster, nothing else
CASE_STAFF_ROLES = tuple(r for r in STAFF_ROLES if r != DUTY_LAWYER)

ROLE_LABELS = {
    CASEWORKER: _("Caseworker"),
    SUPERVISOR: _("Supervisor"),
    FINANCE: _("Finance"),
    MEDICAL_REVIEWER: _("Medical reviewer"),
    MEDIATION_COORDINATOR: _("Mediation coordinator"),
    MEDIATOR: _("Mediator"),
    DUTY_LAWYER: _("Duty lawyer"),
    AUDITOR: _("Auditor"),
    MEMBER: _("Member"),
}
