"""Scale-out for real: two gunicorn web processes and two Celery workers
(and beat) on the test's PostgreSQL database and Redis, the acceptance
journeys of the three programs run concurrently through the REST API with
every client alternating between the web processes, each payment sent twice
at the same moment through both (bench/scale_out.py is the same with more
journeys)."""

from __future__ import annotations

import pytest

from bench.journeys import PERSONAS, Errors, journey_members, journey_runs, run_journeys
from bench.processes import Processes, free_port, production_env
from bench.scale_out import (
    WEB,
    conflict_problems,
    mail_problems,
    outcome_problems,
    served_by,
    wait_for_emails,
)
from casework.accounts.tokens import token_for_user

from .conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    # committed for real so the other processes see it; serialized_rollback
    # restores the rows the data migrations seeded after the flush
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOURNEYS_PER_PROGRAM = 2


def test_two_web_processes_and_two_workers_do_every_journey_once(celeries, org, tmp_path):
    units = [org["county"], *org["grassroots"]]
    members = journey_members(units, 3 * JOURNEYS_PER_PROGRAM, first_serial=1)
    tokens = {p: token_for_user(user=org["users"][p]).key for p in PERSONAS}
    workers = ("w1", "w2")
    for name in workers:
        celeries.worker(name)
    celeries.beat()
    shared = {
        k: v for k, v in celeries.env.items() if k.startswith(("CELERY", "CASEWORK", "EMAIL"))
    }
    env = production_env(celeries.env["DATABASE_URL"], **shared)
    runs = journey_runs(iter(members), JOURNEYS_PER_PROGRAM, "t")
    errors = Errors()

    with Processes(tmp_path / "web") as procs:
        bases = [procs.gunicorn(name, free_port(), 2, env, wait=False) for name in WEB]
        for name, base in zip(WEB, bases, strict=True):
            procs.wait_serving(name, base)
        for name in workers:
            wait_for(lambda n=name: " ready." in celeries.log(n), 60, f"{name} to be ready")
        run_journeys(runs, bases, tokens, threads=len(runs), errors=errors)
        wait_for_emails(runs, 30)
        served, problems = served_by(
            {name: procs.log(name, "access") for name in WEB},
            {name: celeries.log(name) for name in workers},
        )

    assert errors.items == []
    assert [r.number for r in runs if not r.number] == []
    assert problems == []  # both web processes and both workers served, no 5xx
    assert all(served[name]["pids"] for name in WEB)
    assert conflict_problems(served, runs) == []  # each raced payment: one 200, one 409
    assert outcome_problems(runs) == []
    assert mail_problems(runs, celeries.mail_dir) == []
