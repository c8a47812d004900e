"""bench/campaigns.py at a tiny size (2 lists of 5), so that it cannot rot:
every phase goes through the services and the engine, the figures add up,
and no phase costs a query per recipient."""

from __future__ import annotations

from bench.campaigns import Result, checks_hold, report, run


def test_the_campaign_bench_runs_every_phase_and_its_figures_add_up(org):
    lines: list[str] = []
    result: Result = run(
        users=org["users"],
        unit=org["grassroots"][0],
        county=org["county"],
        lists=2,
        per_list=5,
        log=lines.append,
    )
    assert checks_hold(result), result.checks
    assert result.checks["issued"] == 2 * 4  # one recipient of each list excluded
    for name, phase in result.phases.items():
        assert phase.queries > 0 and phase.seconds > 0, name
    report(result, log=lines.append)
    assert any(line.startswith("total") for line in lines)
    assert "→ ok" in lines[-1]


def test_the_bench_costs_no_query_per_recipient(org):
    users, unit, county = org["users"], org["grassroots"][0], org["county"]
    sizes = (5, 5, 25)  # the first run warms what is cached per process
    _warm, small, big = (
        run(users=users, unit=unit, county=county, lists=1, per_list=n, log=lambda _: None)
        for n in sizes
    )
    for name in small.phases:
        assert big.phases[name].queries == small.phases[name].queries, name
