"""What the UI shows for the codes the domain and the API use (programs,
statuses, steps, actions, fields, roles), translated. One table, read by the
``label`` template filter; a code missing here shows as itself."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

PROGRAMS = {
    "relief": _("Hardship relief"),
    "mutual_aid": _("Medical mutual aid"),
    "mediation": _("Labor-dispute mediation"),
    "roster_review": _("Roster review"),
}

ROLES = {
    "caseworker": _("Caseworker"),
    "supervisor": _("Supervisor"),
    "finance": _("Finance"),
    "medical_reviewer": _("Medical reviewer"),
    "mediation_coordinator": _("Mediation coordinator"),
    "mediator": _("Mediator"),
    "auditor": _("Auditor"),
    "member": _("Member"),
}

STATUSES: dict[str, Any] = {
    "new": _("New"),
    "assigned": _("Claimed"),
    "done": _("Done"),
    "canceled": _("Canceled"),
}

STEPS: dict[str, Any] = {}
ACTIONS: dict[str, Any] = {}
FIELDS: dict[str, Any] = {}
VALUES: dict[str, Any] = {}

TABLES: dict[str, dict[str, Any]] = {
    "program": PROGRAMS,
    "role": ROLES,
    "status": STATUSES,
    "step": STEPS,
    "action": ACTIONS,
    "field": FIELDS,
    "value": VALUES,
}


def label(code: Any, table: str) -> Any:
    if code is None or code == "":
        return ""
    return TABLES[table].get(str(code), code)
