"""The short CI run of bench/races.py: each race scenario of
tests/races/scenarios.py repeated a dozen times on PostgreSQL, zero
anomalies. (``bench/races.py --trials 200`` is the long run.)"""

from __future__ import annotations

import pytest
from django.db import connection

from tests.races.scenarios import SCENARIOS, World

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (row locks between real connections); "
        "set DATABASE_URL=postgres://... to run them",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 12


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_race_scenario_has_no_anomalies(name, org):
    world = World.from_org(org)
    anomalies = [f"trial {t}: {a}" for t in range(TRIALS) for a in SCENARIOS[name](world, t)]
    assert anomalies == []
