"""The demo's reconsiderations: one under review in the supervisors'
queue, one upheld, one overturned with the relief application it reopened
waiting at verification; seeding again adds none."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from casework.core.models import Case
from casework.demo.seed import seed_demo
from casework.reconsideration.models import Reconsideration
from workflows import selectors

pytestmark = pytest.mark.slow  # seeds the whole demo


@pytest.mark.django_db
def test_the_demo_has_a_reconsideration_in_each_state():
    seed_demo()
    statuses = set(
        Case.objects.filter(program="reconsideration").values_list("case_status", flat=True)
    )
    assert statuses == {"reviewing", "upheld", "overturned"}
    overturned = Reconsideration.objects.get(case__case_status="overturned")
    reopened = overturned.reopened_as
    assert reopened is not None
    assert reopened.program == "relief" and reopened.case_status == "submitted"
    assert reopened.data["reopened_from"] == overturned.original.case_number
    for username in ("supervisor", "supervisor2"):
        queue = {
            t.info.case.program for t in selectors.tasks_queue(User.objects.get(username=username))
        }
        assert "reconsideration" in queue, username
    assert seed_demo()["cases_created"] == 0
    assert Reconsideration.objects.count() == 3
