"""The mediation demo seeder drives cases to every step, once."""

from __future__ import annotations

from casework.core.models import Case
from casework.demo.seed import seed_mediation_demo


def test_the_demo_seeds_mediation_cases_at_every_step_and_only_once(org, members):
    members = members * 5  # the seeder picks members by position
    assert seed_mediation_demo(org, members) == 10
    statuses = set(Case.objects.filter(program="mediation").values_list("case_status", flat=True))
    assert statuses == {
        "registered",
        "assigned",
        "mediating",
        "settled",
        "returned_to_court",
        "withdrawn",
        "awaiting_decision",
        "follow_up",
        "returning",
    }
    assert seed_mediation_demo(org, members) == 0
