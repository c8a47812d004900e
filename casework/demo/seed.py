"""``seed_demo``: the demo org tree, users, members and cases of every
program, made through the services and the engine like any client would.
The tests and benches seed from here too."""

from __future__ import annotations

from .campaigns import seed_campaigns_demo
from .legal import seed_legal_demo
from .legal_aid import seed_legal_aid_demo
from .mediation import seed_mediation_demo
from .mutual_aid import plan_defaults, seed_mutual_aid_demo, seed_plans
from .people import (
    PASSWORD,
    id_number_for,
    seed_member_login,
    seed_members,
    seed_org_and_users,
)
from .reconsideration import seed_reconsideration_demo
from .relief import relief_notice_over, seed_relief_cases

__all__ = [
    "PASSWORD",
    "id_number_for",
    "plan_defaults",
    "relief_notice_over",
    "seed_demo",
    "seed_mediation_demo",
    "seed_member_login",
    "seed_members",
    "seed_mutual_aid_demo",
    "seed_org_and_users",
    "seed_plans",
    "seed_relief_cases",
]


def seed_demo() -> dict[str, int]:
    org = seed_org_and_users()
    members = seed_members([org["county"], *org["grassroots"]])
    seed_member_login(members[1], org["county"])
    cases = seed_relief_cases(members, org["users"])
    cases += seed_mutual_aid_demo(org, members)
    cases += seed_mediation_demo(org, members)
    cases += seed_campaigns_demo(org)
    cases += seed_legal_demo(org, members)
    cases += seed_legal_aid_demo(org, members)
    cases += seed_reconsideration_demo(org, members)
    # last: the mediation seeding's due-work run would move this notice on
    relief_notice_over(members)
    return {"members": len(members), "cases_created": cases}
