"""The mutual-aid demo seeder."""

from __future__ import annotations

from casework.core.models import Case
from casework.demo.seed import seed_mutual_aid_demo
from casework.mutual_aid.models import Plan


def test_the_demo_makes_plans_enrollments_and_claims_at_every_step(org, members):
    made = seed_mutual_aid_demo(org, members)
    assert made == 10
    statuses = set(Case.objects.filter(program="mutual_aid").values_list("case_status", flat=True))
    assert statuses == {
        "submitted",
        "reviewing",
        "awaiting_supplement",
        "medical_review",
        "awaiting_approval",
        "approved",
        "closed",
        "rejected",
        "withdrawn",
    }
    assert Plan.objects.filter(product="inpatient").count() == 2  # this year and last
    assert seed_mutual_aid_demo(org, members) == 0
